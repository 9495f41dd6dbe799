import { parse, stringify } from 'yaml';
import { ValidationError } from '../errors.ts';
import type { Thresholds } from '../monitoring/types.ts';
import { ACTION_TYPES, COMPARISONS, RULE_METRICS, SEVERITIES, type AlertRule, type Comparison, type RuleMetric } from './types.ts';

/** Metric names accepted in conditions, with the aliases the operations manual uses. */
const METRIC_ALIASES: Record<string, RuleMetric> = {
  accuracy: 'accuracy',
  estimated_accuracy: 'estimated_accuracy',
  response_time: 'response_time',
  avg_response_time: 'response_time',
  p95_response_time: 'p95_response_time',
  error_rate: 'error_rate',
  drift_score: 'drift_score',
};

const UNIT_FACTORS: Record<string, number> = { '': 1, s: 1, ms: 0.001, '%': 0.01 };

/** True when `value comparison threshold` holds. */
export function breaches(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

/**
 * Parses a condition like `avg_response_time > 3000ms` or `accuracy < 0.7`.
 * Units: `ms`, `s` (times are stored in seconds) and `%`.
 */
export function parseCondition(condition: string): { metric: RuleMetric; comparison: Comparison; threshold: number } {
  const match = /^\s*([a-z_0-9]+)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(ms|s|%)?\s*$/i.exec(condition);
  if (match === null) throw new Error(`condition must look like "<metric> <|<=|>|>= <number>[ms|s|%]", got "${condition}"`);
  const [, rawMetric = '', comparison = '<', number = '0', unit = ''] = match;
  const metric = METRIC_ALIASES[rawMetric.toLowerCase()];
  if (metric === undefined) throw new Error(`unknown metric "${rawMetric}"; known: ${Object.keys(METRIC_ALIASES).join(', ')}`);
  return { metric, comparison: comparison as Comparison, threshold: Number(number) * (UNIT_FACTORS[unit.toLowerCase()] ?? 1) };
}

export function formatCondition(rule: Pick<AlertRule, 'metric' | 'comparison' | 'threshold'>): string {
  return `${rule.metric} ${rule.comparison} ${rule.threshold}`;
}

/** Parses `90s`, `5m`, `1h`, `2d` or a number of seconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/i.exec(text);
  if (match === null) throw new Error(`duration must look like 30s, 5m, 1h or 2d, got "${text}"`);
  const factor = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? 's').toLowerCase() as 's'] ;
  return Number(match[1]) * factor;
}

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0 && seconds > 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0 && seconds > 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * The seed's thresholds as rules: a critical rule at each threshold and a warning rule at the
 * warning margin, for accuracy, estimated accuracy, response time, error rate and drift.
 */
export function defaultRules(t: Thresholds): AlertRule[] {
  const base = { for_seconds: 0, labels: {}, actions: [], enabled: true } as const;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const pair = (metric: RuleMetric, comparison: '<' | '>', threshold: number, label: string): AlertRule[] => [
    { ...base, name: `${label}_critical`, metric, comparison, threshold, severity: 'critical' },
    {
      ...base,
      name: `${label}_warning`,
      metric,
      comparison,
      threshold: round(comparison === '<' ? threshold * (1 + t.warning_margin) : threshold * (1 - t.warning_margin)),
      severity: 'warning',
    },
  ];
  return [
    ...pair('accuracy', '<', t.accuracy_threshold, 'accuracy_low'),
    ...pair('estimated_accuracy', '<', t.accuracy_threshold, 'estimated_accuracy_low'),
    ...pair('response_time', '>', t.response_time_threshold, 'response_time_high'),
    ...pair('error_rate', '>', t.error_rate_threshold, 'error_rate_high'),
    ...pair('drift_score', '>', t.drift_threshold, 'drift_high'),
  ];
}

/** Rules as the operations manual's `alert_rules` YAML (name, condition, duration, severity, actions). */
export function rulesToYaml(rules: readonly AlertRule[]): string {
  return stringify({
    alert_rules: rules.map((r) => ({
      name: r.name,
      condition: formatCondition(r),
      duration: formatDuration(r.for_seconds),
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
    doc = parse(text);
  } catch (error) {
    throw new ValidationError(`invalid YAML: ${(error as Error).message}`, { details: [{ path: '(body)', message: 'invalid YAML' }], cause: error });
  }
  const list = (doc as { alert_rules?: unknown } | null)?.alert_rules;
  if (!Array.isArray(list)) throw new ValidationError('the document needs an alert_rules list', { details: [{ path: 'alert_rules', message: 'expected a list' }] });
  const issues: { path: string; message: string }[] = [];
  const rules: AlertRule[] = [];
  const names = new Set<string>();
  list.forEach((raw: unknown, i) => {
    const at = (field: string) => `alert_rules.${i}.${field}`;
    const item = (raw ?? {}) as Record<string, unknown>;
    const problems = issues.length;
    const name = item.name;
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/.test(name)) issues.push({ path: at('name'), message: 'a name of letters, digits, space _ . - is required' });
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
    if (!(SEVERITIES as readonly unknown[]).includes(severity)) issues.push({ path: at('severity'), message: `one of ${SEVERITIES.join(', ')}` });
    const actions: AlertRule['actions'][number][] = [];
    if (item.actions !== undefined) {
      if (!Array.isArray(item.actions)) issues.push({ path: at('actions'), message: 'expected a list' });
      else
        item.actions.forEach((a: unknown, j) => {
          const entries = Object.entries((a ?? {}) as Record<string, unknown>);
          const [entry] = entries;
          if (entries.length !== 1 || entry === undefined || !(ACTION_TYPES as readonly string[]).includes(entry[0]) || typeof entry[1] !== 'string') {
            issues.push({ path: `${at('actions')}.${j}`, message: `one of ${ACTION_TYPES.join(', ')} with a target, e.g. {email: ops@example.com}` });
          } else actions.push({ type: entry[0] as (typeof ACTION_TYPES)[number], target: entry[1] });
        });
    }
    const labels = (item.labels ?? {}) as Record<string, unknown>;
    if (typeof labels !== 'object' || Object.values(labels).some((v) => typeof v !== 'string')) issues.push({ path: at('labels'), message: 'a map of strings' });
    if (issues.length === problems && condition !== undefined && typeof name === 'string') {
      names.add(name);
      rules.push({
        name,
        ...condition,
        for_seconds: forSeconds,
        severity: severity as AlertRule['severity'],
        labels: labels as Record<string, string>,
        actions,
        enabled: item.enabled !== false,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError(`invalid alert rules: ${issues[0]?.path}: ${issues[0]?.message}`, { details: issues });
  return rules;
}

export { COMPARISONS, RULE_METRICS };
