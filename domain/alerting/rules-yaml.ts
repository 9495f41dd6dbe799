import { dump, load } from 'js-yaml';
import { ValidationError } from '#domain/kernel/errors.ts';
import { formatCondition, formatDuration, parseCondition, parseDuration } from './rules.ts';
import { ACTION_TYPES, SEVERITIES, type AlertRule } from './types.ts';

// YAML import/export lives apart from the rule logic, so only the alerting API bundles the YAML parser
// (js-yaml: 57 KiB minified against 116 KiB for the yaml package, which kept that function over 300 KiB).

/** Rules as the operations manual's `alert_rules` YAML (name, condition, duration, severity, actions). */
export function rulesToYaml(rules: readonly AlertRule[]): string {
  return dump({
    alert_rules: rules.map((r) => ({
      name: r.name,
      condition: formatCondition(r),
      duration: formatDuration(r.for_seconds),
      ...(r.recover_threshold !== undefined ? { recover_threshold: r.recover_threshold } : {}),
      severity: r.severity,
      ...(Object.keys(r.labels).length > 0 ? { labels: r.labels } : {}),
      ...(r.actions.length > 0 ? { actions: r.actions.map((a) => ({ [a.type]: a.target })) } : {}),
      ...(r.enabled ? {} : { enabled: false }),
    })),
  });
}

/**
 * Parses `alert_rules` YAML into rules. Every problem is collected with its path, so one 400
 * names them all and nothing is stored from a document with any error.
 */
export function rulesFromYaml(text: string): AlertRule[] {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (error) {
    throw new ValidationError(`invalid YAML: ${(error as Error).message}`, {
      details: [{ path: '(body)', message: 'invalid YAML' }],
      cause: error,
    });
  }
  const list = (doc as { alert_rules?: unknown } | null)?.alert_rules;
  if (!Array.isArray(list))
    throw new ValidationError('the document needs an alert_rules list', {
      details: [{ path: 'alert_rules', message: 'expected a list' }],
    });
  const issues: { path: string; message: string }[] = [];
  const rules: AlertRule[] = [];
  const names = new Set<string>();
  list.forEach((raw: unknown, i) => {
    const at = (field: string) => `alert_rules.${i}.${field}`;
    const item = (raw ?? {}) as Record<string, unknown>;
    const problems = issues.length;
    const name = item.name;
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/.test(name))
      issues.push({ path: at('name'), message: 'a name of letters, digits, space _ . - is required' });
    else if (names.has(name)) issues.push({ path: at('name'), message: `duplicate rule name "${name}"` });
    let condition: ReturnType<typeof parseCondition> | undefined;
    try {
      condition = parseCondition(typeof item.condition === 'string' ? item.condition : '');
    } catch (error) {
      issues.push({ path: at('condition'), message: (error as Error).message });
    }
    let forSeconds = 0;
    try {
      forSeconds = item.duration === undefined ? 0 : parseDuration(item.duration as string | number);
    } catch (error) {
      issues.push({ path: at('duration'), message: (error as Error).message });
    }
    const severity = item.severity;
    if (!(SEVERITIES as readonly unknown[]).includes(severity))
      issues.push({ path: at('severity'), message: `one of ${SEVERITIES.join(', ')}` });
    const actions: AlertRule['actions'][number][] = [];
    if (item.actions !== undefined) {
      if (!Array.isArray(item.actions)) issues.push({ path: at('actions'), message: 'expected a list' });
      else
        item.actions.forEach((a: unknown, j) => {
          const entries = Object.entries((a ?? {}) as Record<string, unknown>);
          const [entry] = entries;
          if (
            entries.length !== 1 ||
            entry === undefined ||
            !(ACTION_TYPES as readonly string[]).includes(entry[0]) ||
            typeof entry[1] !== 'string'
          ) {
            issues.push({
              path: `${at('actions')}.${j}`,
              message: `one of ${ACTION_TYPES.join(', ')} with a target, e.g. {email: ops@example.com}`,
            });
          } else actions.push({ type: entry[0] as (typeof ACTION_TYPES)[number], target: entry[1] });
        });
    }
    const recover = item.recover_threshold;
    if (recover !== undefined && (typeof recover !== 'number' || !Number.isFinite(recover)))
      issues.push({ path: at('recover_threshold'), message: 'a number' });
    const labels = (item.labels ?? {}) as Record<string, unknown>;
    if (typeof labels !== 'object' || Object.values(labels).some((v) => typeof v !== 'string'))
      issues.push({ path: at('labels'), message: 'a map of strings' });
    if (issues.length === problems && condition !== undefined && typeof name === 'string') {
      names.add(name);
      rules.push({
        name,
        ...condition,
        ...(typeof recover === 'number' ? { recover_threshold: recover } : {}),
        for_seconds: forSeconds,
        severity: severity as AlertRule['severity'],
        labels: labels as Record<string, string>,
        actions,
        enabled: item.enabled !== false,
      });
    }
  });
  if (issues.length > 0)
    throw new ValidationError(`invalid alert rules: ${issues[0]?.path}: ${issues[0]?.message}`, { details: issues });
  return rules;
}
