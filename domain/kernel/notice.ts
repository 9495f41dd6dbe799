/**
 * Notices: the one message shape that reaches people and systems (SNS email/SMS, signed
 * webhooks), whoever sends it: the alert manager, the bake guard or the retrain workflow.
 */

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export type Audience = 'primary' | 'escalation';

export const SCOPE_KINDS = ['model', 'service', 'probe', 'budget', 'llm', 'ai_model'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** The scope of a service's alerts in the alert manager (models are scoped by their bare name). */
export const serviceScope = (service: string): string => `service:${service}`;
/** The scope of a probe's alerts. */
export const probeScope = (name: string): string => `probe:${name}`;

/**
 * What an alert scope names, as notices and alert records carry it next to `model_name`:
 * a model (its bare name), a service (`service:<id>`), a probe (`probe:<name>`), or for AI
 * operations a budget, a provider model or a registered AI model.
 */
export function scopeFields(scope: string): { scope: ScopeKind; service?: string; probe?: string } {
  if (scope.startsWith('service:')) return { scope: 'service', service: scope.slice('service:'.length) };
  if (scope.startsWith('probe:')) return { scope: 'probe', probe: scope.slice('probe:'.length) };
  // AI operations: a budget (`budget:<name>`), a provider model (`llm:<provider>/<model>`), a registered AI model (`ai:<name>`).
  if (scope.startsWith('budget:')) return { scope: 'budget' };
  if (scope.startsWith('llm:')) return { scope: 'llm' };
  if (scope.startsWith('ai:')) return { scope: 'ai_model' };
  return { scope: 'model' };
}

/** One alert inside a notice. */
export interface NoticeAlert {
  readonly alert_id: string;
  readonly rule: string;
  readonly metric: string;
  readonly comparison: string;
  readonly threshold: number;
  readonly severity: Severity;
  readonly value: number;
  readonly started_at: string;
  readonly fired_at?: string;
  readonly resolved_at?: string;
  readonly state: 'firing' | 'resolved';
  readonly kind: 'new' | 'repeat' | 'escalation' | 'resolved';
  /** What the value means, in a sentence, when the evaluator said (e.g. "cpu expected to cross 90 % at 14:20 UTC (in 3 h 10 min)"). */
  readonly detail?: string;
}

/** What a retrain run reports in its notice. */
export interface RetrainOutcome {
  readonly task_id: string;
  readonly reason: string;
  readonly outcome: 'deployed' | 'kept' | 'failed' | 'rolled_back';
  readonly version: string | null;
  readonly candidate_score: number | null;
  readonly champion_score: number | null;
}

/** A periodic report carried by a notice: its figures as JSON, its table as CSV, and where to read more. */
export interface ReportSummary {
  readonly kind: 'llm_weekly';
  readonly from: string;
  readonly to: string;
  readonly totals: {
    readonly calls: number;
    readonly errors: number;
    readonly cost_usd: number;
    readonly unpriced_calls: number;
  };
  readonly top_models: readonly { readonly model: string; readonly calls: number; readonly cost_usd: number }[];
  /** Usage and cost by model, as CSV. */
  readonly csv: string;
  /** The API path of the full report (JSON; `&format=csv` for CSV). */
  readonly path: string;
}

/** One message to people or systems: all of a model's alert changes of one evaluation. */
export interface Notice {
  readonly notice_id: string;
  /** The alert scope: a model's name, `service:<id>` or `probe:<name>`. */
  readonly model_name: string;
  /** What `model_name` names; `service` or `probe` carries its id. */
  readonly scope?: ScopeKind;
  readonly service?: string;
  readonly probe?: string;
  readonly audience: Audience;
  /** The highest severity among its alerts; SNS filter policies route on it. */
  readonly severity: Severity;
  /** `firing` if any alert is firing, else `resolved`. */
  readonly state: 'firing' | 'resolved';
  readonly title: string;
  readonly alerts: readonly NoticeAlert[];
  readonly created_at: string;
  /** The channels it may go out on (the notification switches); absent: every channel. */
  readonly channels?: readonly ('email' | 'sms' | 'webhook')[];
  /** Present on the notices of retrain runs. */
  readonly retrain?: RetrainOutcome;
  /** Present on report notices (the weekly AI usage and cost report). */
  readonly report?: ReportSummary;
}

/** Version of the notice envelope; webhook receivers can rely on its shape. */
export const NOTICE_SCHEMA_VERSION = 1;

/** The envelope every channel carries: `{ type: "alert_notice", version: 1, notice }`. */
export interface NoticeEnvelope {
  readonly type: 'alert_notice';
  readonly version: typeof NOTICE_SCHEMA_VERSION;
  readonly notice: Notice;
}

/**
 * The envelope as sent: the SNS message, the webhook body and the retrain workflow's Notify
 * state all carry exactly this text.
 *
 * @example
 * const body = noticeEnvelope(notice); // '{"type":"alert_notice","version":1,"notice":{...}}'
 */
export function noticeEnvelope(notice: Notice): string {
  const envelope: NoticeEnvelope = { type: 'alert_notice', version: NOTICE_SCHEMA_VERSION, notice };
  return JSON.stringify(envelope);
}

/** An SNS-safe subject: at most 100 printable ASCII characters. */
export function noticeSubject(notice: Pick<Notice, 'title'>): string {
  return notice.title.replace(/[^\x20-\x7E]/g, '?').slice(0, 100);
}

/** Fans a notice out to people and systems (SNS in AWS and in the local stack). */
export interface NoticePublisher {
  publish(notice: Notice): Promise<void>;
}
