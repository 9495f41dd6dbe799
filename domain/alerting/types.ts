/** Alert-manager types: rules, live instances, history records and notices. */

import type { Severity } from '#domain/kernel/notice.ts';

export { SEVERITIES, SEVERITY_RANK, type Audience, type Notice, type Severity } from '#domain/kernel/notice.ts';

export const RULE_METRICS = [
  'accuracy',
  'estimated_accuracy',
  'response_time',
  'p95_response_time',
  'error_rate',
  'drift_score',
  /** A service's strongest high or medium anomaly of the last 10 minutes (0 when none). */
  'anomaly_score',
  /** A service's largest share, over its metrics, of its last 15 points outside the band expected from the 30 before each. */
  'anomaly_fraction',
  /** A probe's scope (`probe:<name>`): 1 while it is down (its retries all failed), 0 once it recovered. */
  'probe_failing',
  /** A probe's scope: days until the certificate of its HTTPS endpoint expires. */
  'tls_days_left',
  /** A service's scope: hours until its 24 h forecast's upper 80 % band first crosses a metric's limit (1000: none). */
  'hours_to_breach',
  /** A service's scope: 1 when its forecasters could not train for too little history. */
  'insufficient_data',
  /** A budget's scope (`budget:<name>`): spend this period over its limit. */
  'budget_used',
  /** A provider model's scope (`llm:<provider>/<model>`): mean latency of its calls in the last 5 minutes, seconds. */
  'llm_response_time',
  /** A provider model's scope: share of its calls in the last 5 minutes that failed. */
  'llm_error_rate',
  /** A provider model's scope: the smaller of the 1 h and 5 min error-budget burn rates. */
  'slo_burn_fast',
  /** A provider model's scope: the smaller of the 6 h and 30 min burn rates. */
  'slo_burn_slow',
  /** A registered AI model's scope (`ai:<name>`): days since its API key was set. */
  'api_key_age_days',
  /** A registered AI model's scope: its newest health test score, 0-100. */
  'ai_health_score',
] as const;
export type RuleMetric = (typeof RULE_METRICS)[number];

export const COMPARISONS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const ACTION_TYPES = ['email', 'sms', 'webhook', 'slack', 'call'] as const;

/** A rule: "metric comparison threshold, held for `for_seconds`" at a severity. */
export interface AlertRule {
  readonly name: string;
  readonly metric: RuleMetric;
  readonly comparison: Comparison;
  readonly threshold: number;
  /**
   * Separate recovery: a firing alert resolves only once the value no longer breaches this
   * threshold either (e.g. fire at >= 0.3, resolve below 0.1). Absent: it resolves when the
   * condition stops holding.
   */
  readonly recover_threshold?: number;
  /** How long the condition must hold before the alert fires (pending until then). */
  readonly for_seconds: number;
  readonly severity: Severity;
  /**
   * Matchers on the scope: `model_name` scopes a rule to one model (or any scope by its full
   * name), `service` to one service; other labels are carried along.
   */
  readonly labels: Readonly<Record<string, string>>;
  /** Where its notices go (email, sms; webhook, slack and call through the signed webhooks); none: every channel. */
  readonly actions: readonly { readonly type: (typeof ACTION_TYPES)[number]; readonly target: string }[];
  readonly enabled: boolean;
}

export type AlertState = 'pending' | 'firing' | 'resolved';

/** The live state of one rule on one model (one item per model and rule). */
export interface AlertInstance {
  readonly model_name: string;
  readonly rule: string;
  readonly alert_id: string;
  readonly state: AlertState;
  readonly severity: Severity;
  readonly value: number;
  readonly started_at: string;
  readonly fired_at?: string;
  readonly resolved_at?: string;
  /** When a notice about this episode last went out (firing or repeat). */
  readonly last_notified_at?: string;
  readonly notifications: number;
  readonly acked_at?: string;
  readonly acked_by?: string;
  readonly escalated_at?: string;
  /** Why no notice went out: silenced, deduplicated, inhibited. */
  readonly suppressed?: 'silenced' | 'deduplicated' | 'inhibited' | 'muted';
  /** Optimistic-concurrency version of the item. */
  readonly version: number;
}

/** An alert episode as listed by `GET /alerts` and kept 30 days. */
export interface AlertRecord {
  readonly alert_id: string;
  readonly model_name: string;
  readonly rule: string;
  readonly metric: RuleMetric;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly severity: Severity;
  readonly state: AlertState;
  readonly value: number;
  readonly title: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly started_at: string;
  readonly fired_at?: string;
  readonly resolved_at?: string;
  readonly acked_at?: string;
  readonly acked_by?: string;
  readonly notifications: number;
  readonly suppressed?: AlertInstance['suppressed'];
  readonly updated_at: string;
}

export interface Silence {
  readonly silence_id: string;
  /** Exact-match matchers: model_name (any scope), service (a service's scope), rule, severity (absent = any). */
  readonly matchers: Readonly<{ model_name?: string; service?: string; rule?: string; severity?: Severity }>;
  readonly starts_at: string;
  readonly ends_at: string;
  readonly comment: string;
  readonly created_by: string;
  readonly created_at: string;
}

/** A recurring window (UTC) during which notices are held, e.g. a nightly batch. */
export interface MuteWindow {
  readonly name: string;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly days: readonly number[];
  /** "HH:MM" UTC; an end before the start wraps past midnight. */
  readonly start: string;
  readonly end: string;
}

export interface AlertingSettings {
  /** The same alert is not notified again within this window after it resolved. */
  readonly dedup_window_seconds: number;
  /** Unacknowledged firing alerts are re-notified this often. */
  readonly repeat_interval_seconds: number;
  /** Unacknowledged firing alerts go to the escalation audience after this long; 0 turns it off. */
  readonly escalate_after_seconds: number;
  readonly mute_windows: readonly MuteWindow[];
}

export const DEFAULT_ALERTING_SETTINGS: AlertingSettings = {
  dedup_window_seconds: 300,
  repeat_interval_seconds: 4 * 3600,
  escalate_after_seconds: 3600,
  mute_windows: [],
};
