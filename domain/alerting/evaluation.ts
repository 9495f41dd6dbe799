import { scopeFields, serviceScope, SEVERITY_RANK, type Audience, type Notice } from '#domain/kernel/notice.ts';
import { breaches } from './rules.ts';
import type { AlertInstance, AlertingSettings, AlertRule, MuteWindow, Silence } from './types.ts';

/**
 * The alert manager's decisions as pure steps, each testable on its own:
 * advance an instance from a metric value, decide its notice, group the notices of one
 * evaluation. `AlertManager.evaluate` reads state, runs these, and writes the results.
 */

const iso = (ms: number) => new Date(ms).toISOString();
const msOf = (text: string | undefined) => (text === undefined ? undefined : Date.parse(text));

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** True when `now` is inside a recurring window; then also the seconds until it ends. */
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
    (m.service === undefined || serviceScope(m.service) === modelName) &&
    (m.rule === undefined || m.rule === rule.name) &&
    (m.severity === undefined || m.severity === rule.severity)
  );
}

/** One rule's instance before and after an evaluation, and what to tell people about it. */
export interface Change {
  readonly rule: AlertRule;
  readonly before: AlertInstance | undefined;
  readonly after: AlertInstance;
  readonly kind?: Notice['alerts'][number]['kind'];
  readonly audience?: Audience;
}

/** A step's result: the change (if any) and, when something is time-based, seconds until it is due. */
export interface Stepped<T> {
  readonly value: T;
  readonly dueInSeconds?: number;
}

/**
 * Step 1: advances one rule's instance from the metric value: pending -> firing after
 * `for_seconds`, firing -> resolved when the condition stops holding. A breach after a resolved
 * episode opens a new one with a new id (keeping the last notice time for de-duplication).
 *
 * @example
 * advanceInstance(rule, undefined, 0.5, 'm', now, 'alert_1') // { value: { state: 'firing', ... } } with for_seconds 0
 */
export function advanceInstance(
  rule: AlertRule,
  before: AlertInstance | undefined,
  value: number,
  modelName: string,
  now: number,
  newAlertId: () => string,
): Stepped<AlertInstance | undefined> {
  if (!breaches(value, rule.comparison, rule.threshold)) {
    if (before === undefined || before.state === 'resolved') return { value: undefined };
    // Separate recovery: a firing alert holds while the value still breaches the recovery threshold.
    if (
      before.state === 'firing' &&
      rule.recover_threshold !== undefined &&
      breaches(value, rule.comparison, rule.recover_threshold)
    )
      return { value: { ...before, value } };
    return { value: { ...before, state: 'resolved', resolved_at: iso(now), value } };
  }
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
    return {
      value: {
        ...keep,
        model_name: modelName,
        rule: rule.name,
        alert_id: newAlertId(),
        state: firing ? 'firing' : 'pending',
        severity: rule.severity,
        value,
        started_at: iso(now),
        ...(firing ? { fired_at: iso(now) } : {}),
        notifications: 0,
        version: before?.version ?? 0,
        // The previous episode's last notice stays for de-duplication.
        ...(before?.last_notified_at !== undefined ? { last_notified_at: before.last_notified_at } : {}),
      },
      ...(firing ? {} : { dueInSeconds: rule.for_seconds }),
    };
  }
  if (before.state === 'pending') {
    const heldFor = (now - Date.parse(before.started_at)) / 1000;
    if (heldFor >= rule.for_seconds) return { value: { ...before, state: 'firing', fired_at: iso(now), value } };
    return { value: { ...before, value }, dueInSeconds: rule.for_seconds - heldFor };
  }
  return { value: { ...before, value } };
}

/** What deciding a notice needs to know besides the change itself. */
export interface NoticeContext {
  readonly modelName: string;
  readonly now: number;
  readonly settings: AlertingSettings;
  readonly silences: readonly Silence[];
  readonly mute: { readonly muted: boolean; readonly endsInSeconds?: number };
  /** Metrics with a critical alert firing in this evaluation (they inhibit warnings on the same metric). */
  readonly criticalMetrics: ReadonlySet<string>;
}

/**
 * Step 2: decides whether a change is told, to whom and as what, in this order: silences drop
 * it; a critical alert on the same metric inhibits a warning; a re-fire within the
 * de-duplication window after a notified episode is dropped; a mute window holds it. An
 * unacknowledged firing alert escalates after `escalate_after_seconds` and repeats every
 * `repeat_interval_seconds`; a resolution is told if its firing was.
 */
export function decideNotice(change: Change, ctx: NoticeContext): Stepped<Change> {
  const { now, settings: s, mute } = ctx;
  const a = change.after;
  const silenced = ctx.silences.some((sl) => silenceMatches(sl, ctx.modelName, change.rule, now));
  if (a.state === 'firing') {
    if (silenced) return { value: { ...change, after: { ...a, suppressed: 'silenced' } } };
    if (change.rule.severity !== 'critical' && ctx.criticalMetrics.has(change.rule.metric)) {
      return { value: { ...change, after: { ...a, suppressed: 'inhibited' } } };
    }
    if (a.notifications === 0) {
      const fresh = change.before?.state !== 'firing';
      const lastNotice = msOf(a.last_notified_at);
      if (
        fresh &&
        change.before?.state === 'resolved' &&
        lastNotice !== undefined &&
        now - lastNotice < s.dedup_window_seconds * 1000
      ) {
        return { value: { ...change, after: { ...a, suppressed: 'deduplicated', notifications: 1 } } };
      }
      if (mute.muted) {
        return {
          value: { ...change, after: { ...a, suppressed: 'muted' } },
          ...(mute.endsInSeconds !== undefined ? { dueInSeconds: mute.endsInSeconds } : {}),
        };
      }
      const { suppressed: _x, ...rest } = a;
      return {
        value: {
          ...change,
          after: { ...rest, notifications: 1, last_notified_at: iso(now) },
          kind: 'new',
          audience: 'primary',
        },
      };
    }
    if (a.acked_at !== undefined) return { value: change };
    const sinceNotice = (now - (msOf(a.last_notified_at) ?? now)) / 1000;
    const sinceFired = (now - (msOf(a.fired_at) ?? now)) / 1000;
    const canEscalate = s.escalate_after_seconds > 0 && a.escalated_at === undefined;
    if (canEscalate && sinceFired >= s.escalate_after_seconds && !mute.muted) {
      const after = { ...a, escalated_at: iso(now), notifications: a.notifications + 1, last_notified_at: iso(now) };
      return { value: { ...change, after, kind: 'escalation', audience: 'escalation' } };
    }
    if (sinceNotice >= s.repeat_interval_seconds && !mute.muted) {
      const after = { ...a, notifications: a.notifications + 1, last_notified_at: iso(now) };
      return { value: { ...change, after, kind: 'repeat', audience: 'primary' } };
    }
    const due = s.repeat_interval_seconds - sinceNotice;
    return {
      value: change,
      dueInSeconds: canEscalate ? Math.min(due, s.escalate_after_seconds - sinceFired) : due,
    };
  }
  const wasTold =
    change.before?.state === 'firing' && change.before.notifications > 0 && change.before.suppressed !== 'deduplicated';
  if (a.state === 'resolved' && wasTold && !silenced) {
    return { value: { ...change, kind: 'resolved', audience: 'primary' } };
  }
  return { value: change };
}

/** Where a rule's action types are delivered: Slack and call hooks are webhooks here. */
const ACTION_CHANNEL = { email: 'email', sms: 'sms', webhook: 'webhook', slack: 'webhook', call: 'webhook' } as const;

/**
 * The channels of one notice: those its rules' actions name (every channel when none of them
 * names any), within the channels the notification switches leave on.
 */
function channelsOf(group: readonly Change[], enabled: Notice['channels']): Pick<Notice, 'channels'> {
  const named = new Set(group.flatMap((c) => c.rule.actions.map((a) => ACTION_CHANNEL[a.type])));
  if (named.size === 0) return enabled === undefined ? {} : { channels: enabled };
  const allowed = enabled ?? (['email', 'sms', 'webhook'] as const);
  return { channels: allowed.filter((c) => named.has(c)) };
}

/**
 * Step 3: groups the told changes of one evaluation into one notice per audience, at the
 * highest severity among them; `firing` if any of its alerts fires; on the channels its rules'
 * actions name, within `channels` (the switches that are on).
 */
export function groupNotices(
  changes: readonly Change[],
  modelName: string,
  now: number,
  newNoticeId: () => string,
  channels?: Notice['channels'],
  details?: Readonly<Partial<Record<string, string>>>,
): Notice[] {
  const notices: Notice[] = [];
  for (const audience of ['primary', 'escalation'] as const) {
    const group = changes.filter((c) => c.audience === audience && c.kind !== undefined);
    if (group.length === 0) continue;
    const severity = group.reduce<AlertRule['severity']>(
      (top, c) => (SEVERITY_RANK[c.rule.severity] > SEVERITY_RANK[top] ? c.rule.severity : top),
      'info',
    );
    const firing = group.filter((c) => c.after.state === 'firing');
    const detailOf = (c: Change) => (c.after.state === 'firing' ? details?.[c.rule.metric] : undefined);
    const sentences = firing.map(detailOf).filter((d): d is string => d !== undefined);
    notices.push({
      notice_id: newNoticeId(),
      model_name: modelName,
      ...scopeFields(modelName),
      audience,
      severity,
      state: firing.length > 0 ? 'firing' : 'resolved',
      title:
        firing.length > 0
          ? `[${severity.toUpperCase()}] ${modelName}: ${firing.map((c) => c.rule.name).join(', ')}${sentences.length > 0 ? `: ${sentences.join('; ')}` : ''}${audience === 'escalation' ? ' (escalated: unacknowledged)' : ''}`
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
        ...(detailOf(c) !== undefined ? { detail: detailOf(c) } : {}),
      })),
      created_at: iso(now),
      ...channelsOf(group, channels),
    });
  }
  return notices;
}

/** True when nothing worth storing changed (only the observed value moved, and nothing is told). */
export function isUnchanged(change: Change): boolean {
  return (
    change.before !== undefined &&
    change.kind === undefined &&
    JSON.stringify({ ...change.before, value: 0 }) === JSON.stringify({ ...change.after, value: 0 })
  );
}
