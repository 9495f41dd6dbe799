import type { NoticePublisher, Audience, Notice } from '#domain/kernel/notice.ts';
import type { Thresholds } from '#domain/kernel/settings.ts';
import { createAlertAdmin, type AlertAdminDeps } from './admin.ts';
import { breaches, formatCondition } from './rules.ts';
import {
  SEVERITY_RANK,
  type AlertInstance,
  type AlertRecord,
  type AlertRule,
  type MuteWindow,
  type RuleMetric,
  type Silence,
} from './types.ts';

export { ALERTING_DOC, RULES_KEY } from './admin.ts';

export interface AlertManagerDeps extends AlertAdminDeps {
  readonly publisher: NoticePublisher;
}

export type MetricValues = Partial<Record<RuleMetric, number | null>>;

export interface EvaluationResult {
  readonly notices: readonly Notice[];
  readonly instances: readonly AlertInstance[];
  /** Seconds until something time-based is due (a `for`, a repeat, an escalation, the end of a mute window). */
  readonly nextEvaluationInSeconds?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (text: string | undefined) => (text === undefined ? undefined : Date.parse(text));

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** True when `now` is inside the recurring window; returns seconds until it ends too. */
export function muteState(windows: readonly MuteWindow[], now: number): { muted: boolean; endsInSeconds?: number } {
  const d = new Date(now);
  const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
  for (const w of windows) {
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    const today = d.getUTCDay();
    const yesterday = (today + 6) % 7;
    const inside =
      start <= end
        ? w.days.includes(today) && minute >= start && minute < end
        : (w.days.includes(today) && minute >= start) || (w.days.includes(yesterday) && minute < end);
    if (inside) {
      const remaining = ((end - minute + 1440) % 1440 || 1440) * 60 - d.getUTCSeconds();
      return { muted: true, endsInSeconds: remaining };
    }
  }
  return { muted: false };
}

export function silenceMatches(s: Silence, modelName: string, rule: AlertRule, now: number): boolean {
  if (Date.parse(s.starts_at) > now || Date.parse(s.ends_at) <= now) return false;
  const m = s.matchers;
  return (
    (m.model_name === undefined || m.model_name === modelName) &&
    (m.rule === undefined || m.rule === rule.name) &&
    (m.severity === undefined || m.severity === rule.severity)
  );
}

/**
 * The alert manager: evaluates rules against a model's metrics and decides what people hear.
 *
 * Per rule and model, an alert goes pending -> firing (after `for_seconds`) -> resolved.
 * Notices are grouped: one per model and audience per evaluation, listing every alert that
 * started firing, repeats, escalates or resolved. Suppression, in order: silences (matching
 * model/rule/severity) drop a notice; inhibition drops a warning while a critical alert on the
 * same metric fires; de-duplication drops a firing notice for a rule that was notified within
 * `dedup_window_seconds` before it resolved (flapping); mute windows hold notices until they end.
 * Unacknowledged firing alerts repeat every `repeat_interval_seconds` and go to the escalation
 * audience after `escalate_after_seconds`; acknowledging stops both.
 */
export function createAlertManager(deps: AlertManagerDeps) {
  const { store, history, publisher, clock, ids } = deps;

  const admin = createAlertAdmin(deps);
  const { rules, settings } = admin;

  function recordOf(rule: AlertRule, inst: AlertInstance, now: number): AlertRecord {
    return {
      alert_id: inst.alert_id,
      model_name: inst.model_name,
      rule: rule.name,
      metric: rule.metric,
      comparison: rule.comparison,
      threshold: rule.threshold,
      severity: rule.severity,
      state: inst.state,
      value: inst.value,
      title: `${inst.model_name}: ${rule.name} (${formatCondition(rule)}, value ${Number(inst.value.toPrecision(4))})`,
      labels: { ...rule.labels, model_name: inst.model_name },
      started_at: inst.started_at,
      ...(inst.fired_at !== undefined ? { fired_at: inst.fired_at } : {}),
      ...(inst.resolved_at !== undefined ? { resolved_at: inst.resolved_at } : {}),
      ...(inst.acked_at !== undefined ? { acked_at: inst.acked_at, acked_by: inst.acked_by ?? '' } : {}),
      notifications: inst.notifications,
      ...(inst.suppressed !== undefined ? { suppressed: inst.suppressed } : {}),
      updated_at: iso(now),
    };
  }

  return {
    ...admin,

    /**
     * Evaluates every enabled rule that applies to the model.
     *
     * 1. Advance each rule's instance (pending, firing, resolved) from the metric value; a
     *    metric without enough data holds the current state.
     * 2. Decide each instance's notice (new, repeat, escalation, resolved) and its suppression.
     * 3. Store instances with a version check; an instance another evaluator already moved
     *    sends nothing from here.
     * 4. Publish one notice per audience and record episodes and notices in the history.
     */
    async evaluate(modelName: string, metrics: MetricValues, thresholds?: Thresholds): Promise<EvaluationResult> {
      const now = clock.now();
      const [{ rules: all }, s, instances, silences] = await Promise.all([
        rules(thresholds),
        settings(),
        store.getInstances(modelName),
        store.getSilences(),
      ]);
      const applicable = all.filter(
        (r) => r.enabled && (r.labels.model_name === undefined || r.labels.model_name === modelName),
      );
      const byRule = new Map(instances.map((i) => [i.rule, i]));
      const mute = muteState(s.mute_windows, now);
      let next: number | undefined;
      const due = (seconds: number) => {
        next = next === undefined ? seconds : Math.min(next, seconds);
      };

      type Change = {
        rule: AlertRule;
        before: AlertInstance | undefined;
        after: AlertInstance;
        kind?: Notice['alerts'][number]['kind'];
        audience?: Audience;
      };
      const changes: Change[] = [];

      // 1. Advance states.
      for (const rule of applicable) {
        const value = metrics[rule.metric];
        const before = byRule.get(rule.name);
        if (value === null || value === undefined) continue;
        const breach = breaches(value, rule.comparison, rule.threshold);
        let after: AlertInstance | undefined;
        if (breach) {
          if (before === undefined || before.state === 'resolved') {
            const firing = rule.for_seconds <= 0;
            const {
              resolved_at: _r,
              fired_at: _f,
              acked_at: _a,
              acked_by: _b,
              escalated_at: _e,
              suppressed: _s,
              ...keep
            } = before ?? ({} as Partial<AlertInstance>);
            after = {
              ...keep,
              model_name: modelName,
              rule: rule.name,
              alert_id: ids.next('alert'),
              state: firing ? 'firing' : 'pending',
              severity: rule.severity,
              value,
              started_at: iso(now),
              ...(firing ? { fired_at: iso(now) } : {}),
              notifications: 0,
              version: before?.version ?? 0,
              // The previous episode's last notice stays for de-duplication.
              ...(before?.last_notified_at !== undefined ? { last_notified_at: before.last_notified_at } : {}),
            };
            if (!firing) due(rule.for_seconds);
          } else if (before.state === 'pending') {
            const heldFor = (now - Date.parse(before.started_at)) / 1000;
            after =
              heldFor >= rule.for_seconds
                ? { ...before, state: 'firing', fired_at: iso(now), value }
                : { ...before, value };
            if (after.state === 'pending') due(rule.for_seconds - heldFor);
          } else {
            after = { ...before, value };
          }
        } else if (before !== undefined && before.state !== 'resolved') {
          after = { ...before, state: 'resolved', resolved_at: iso(now), value };
        }
        if (after !== undefined) changes.push({ rule, before, after });
      }

      // 2. Decide notices.
      const criticalMetrics = new Set(
        changes.filter((c) => c.after.state === 'firing' && c.rule.severity === 'critical').map((c) => c.rule.metric),
      );
      for (const c of changes) {
        const a = c.after;
        const silenced = silences.some((sl) => silenceMatches(sl, modelName, c.rule, now));
        if (a.state === 'firing') {
          const fresh = c.before?.state !== 'firing';
          const notified = a.notifications > 0;
          if (silenced) {
            c.after = { ...a, suppressed: 'silenced' };
            continue;
          }
          if (c.rule.severity !== 'critical' && criticalMetrics.has(c.rule.metric)) {
            c.after = { ...a, suppressed: 'inhibited' };
            continue;
          }
          if (!notified) {
            const lastNotice = ms(a.last_notified_at);
            if (
              fresh &&
              c.before?.state === 'resolved' &&
              lastNotice !== undefined &&
              now - lastNotice < s.dedup_window_seconds * 1000
            ) {
              c.after = { ...a, suppressed: 'deduplicated', notifications: 1 };
              continue;
            }
            if (mute.muted) {
              c.after = { ...a, suppressed: 'muted' };
              if (mute.endsInSeconds !== undefined) due(mute.endsInSeconds);
              continue;
            }
            const { suppressed: _x, ...rest } = a;
            c.after = { ...rest, notifications: 1, last_notified_at: iso(now) };
            c.kind = 'new';
            c.audience = 'primary';
          } else if (a.acked_at === undefined) {
            const sinceNotice = (now - (ms(a.last_notified_at) ?? now)) / 1000;
            const sinceFired = (now - (ms(a.fired_at) ?? now)) / 1000;
            if (
              s.escalate_after_seconds > 0 &&
              a.escalated_at === undefined &&
              sinceFired >= s.escalate_after_seconds &&
              !mute.muted
            ) {
              c.after = {
                ...a,
                escalated_at: iso(now),
                notifications: a.notifications + 1,
                last_notified_at: iso(now),
              };
              c.kind = 'escalation';
              c.audience = 'escalation';
            } else if (sinceNotice >= s.repeat_interval_seconds && !mute.muted) {
              c.after = { ...a, notifications: a.notifications + 1, last_notified_at: iso(now) };
              c.kind = 'repeat';
              c.audience = 'primary';
            } else {
              due(s.repeat_interval_seconds - sinceNotice);
              if (s.escalate_after_seconds > 0 && a.escalated_at === undefined)
                due(s.escalate_after_seconds - sinceFired);
            }
          }
        } else if (
          a.state === 'resolved' &&
          c.before?.state === 'firing' &&
          c.before.notifications > 0 &&
          c.before.suppressed !== 'deduplicated' &&
          !silenced
        ) {
          c.kind = 'resolved';
          c.audience = 'primary';
        }
      }

      // 3. Store instances; drop the notices of instances another evaluator already moved.
      const stored: Change[] = [];
      for (const c of changes) {
        const unchanged =
          c.before !== undefined &&
          JSON.stringify({ ...c.before, value: 0 }) === JSON.stringify({ ...c.after, value: 0 }) &&
          c.kind === undefined;
        if (unchanged) continue;
        const version = c.before?.version;
        const ok = await store.putInstance({ ...c.after, version: (version ?? 0) + 1 }, version);
        if (ok) stored.push({ ...c, after: { ...c.after, version: (version ?? 0) + 1 } });
      }

      // 4. Publish grouped notices and record history.
      const notices: Notice[] = [];
      for (const audience of ['primary', 'escalation'] as const) {
        const group = stored.filter((c) => c.audience === audience && c.kind !== undefined);
        if (group.length === 0) continue;
        const severity = group.reduce<AlertRule['severity']>(
          (top, c) => (SEVERITY_RANK[c.rule.severity] > SEVERITY_RANK[top] ? c.rule.severity : top),
          'info',
        );
        const firing = group.filter((c) => c.after.state === 'firing');
        const notice: Notice = {
          notice_id: ids.next('notice'),
          model_name: modelName,
          audience,
          severity,
          state: firing.length > 0 ? 'firing' : 'resolved',
          title:
            firing.length > 0
              ? `[${severity.toUpperCase()}] ${modelName}: ${firing.map((c) => c.rule.name).join(', ')}${audience === 'escalation' ? ' (escalated: unacknowledged)' : ''}`
              : `[RESOLVED] ${modelName}: ${group.map((c) => c.rule.name).join(', ')}`,
          alerts: group.map((c) => ({
            alert_id: c.after.alert_id,
            rule: c.rule.name,
            metric: c.rule.metric,
            comparison: c.rule.comparison,
            threshold: c.rule.threshold,
            severity: c.rule.severity,
            value: c.after.value,
            started_at: c.after.started_at,
            ...(c.after.fired_at !== undefined ? { fired_at: c.after.fired_at } : {}),
            ...(c.after.resolved_at !== undefined ? { resolved_at: c.after.resolved_at } : {}),
            state: c.after.state === 'firing' ? 'firing' : 'resolved',
            kind: c.kind ?? 'new',
          })),
          created_at: iso(now),
        };
        await publisher.publish(notice);
        await history.putNotice(notice);
        notices.push(notice);
      }
      for (const c of stored) await history.put(recordOf(c.rule, c.after, now));

      return {
        notices,
        instances: stored.map((c) => c.after),
        ...(next !== undefined ? { nextEvaluationInSeconds: Math.max(1, Math.ceil(next)) } : {}),
      };
    },
  };
}

export type AlertManager = ReturnType<typeof createAlertManager>;
