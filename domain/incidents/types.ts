/** Incident levels of the operations manual with their recovery targets (minutes). */
export const INCIDENT_LEVELS = ['L1', 'L2', 'L3', 'L4'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];
export const RECOVERY_TARGET_MINUTES: Record<IncidentLevel, number> = { L1: 15, L2: 60, L3: 240, L4: 1440 };
/** The manual's words for each level. */
export const LEVEL_MEANING: Record<IncidentLevel, string> = {
  L1: 'Critical: the whole service is down, a security breach or data loss',
  L2: 'Major: a core function fails or performance is badly degraded for some users',
  L3: 'Minor: a partial failure or slight degradation with a workaround',
  L4: 'Cosmetic: UI or non-core issues',
};

export interface IncidentNote {
  readonly at: string;
  readonly by: string;
  readonly text: string;
}

export interface Incident {
  readonly incident_id: string;
  readonly title: string;
  readonly level: IncidentLevel;
  /** The alert scope it is about: a model's name, `service:<id>`, `probe:<name>`, `llm:<provider>/<model>`, `budget:<name>`. */
  readonly scope: string;
  readonly status: 'open' | 'resolved';
  readonly opened_at: string;
  /** `alert:<id>` when a critical alert opened it, else the person. */
  readonly opened_by: string;
  readonly resolved_at?: string;
  readonly resolved_by?: string;
  readonly alert_ids: readonly string[];
  readonly notes: readonly IncidentNote[];
  /** Post-mortem fields the responders fill in (the manual's sections). */
  readonly root_cause?: string;
  readonly prevention?: string;
  readonly action_items?: readonly { readonly item: string; readonly owner: string }[];
  readonly version: number;
}

/** An alert as incidents read it (the alert manager's record, structurally). */
export interface AlertSignal {
  readonly alert_id: string;
  /** The alert scope. */
  readonly model_name: string;
  readonly rule: string;
  readonly metric: string;
  readonly comparison: string;
  readonly threshold: number;
  readonly severity: 'critical' | 'warning' | 'info';
  readonly state: string;
  readonly value: number;
  readonly title: string;
  readonly started_at: string;
  readonly fired_at?: string;
  readonly resolved_at?: string;
  readonly acked_at?: string;
  readonly acked_by?: string;
}

/** A service anomaly as incidents read it. */
export interface AnomalySignal {
  readonly anomaly_id: string;
  readonly service: string;
  readonly metric: string;
  readonly type: string;
  readonly detected_at: string;
  readonly value: number;
  readonly expected: number | null;
  readonly severity: string;
  readonly explanation: string;
}

/** A change made through the API (the audit log): config imports, thresholds, champion moves. */
export interface ChangeSignal {
  readonly seq: number;
  readonly at: string;
  readonly subject: string;
  readonly route: string;
  readonly target: string;
  readonly outcome: string;
}

/** A retrain run's outcome (a champion deployed, kept or rolled back). */
export interface DeploySignal {
  readonly notice_id: string;
  readonly model_name: string;
  readonly at: string;
  readonly outcome: string;
  readonly version: string | null;
}

/** One line of an incident's timeline, with the evidence it comes from. */
export interface TimelineEntry {
  readonly at: string;
  readonly kind: 'incident' | 'alert' | 'resolved' | 'acknowledged' | 'anomaly' | 'change' | 'deploy' | 'note';
  readonly text: string;
  /** `alert:<id>`, `anomaly:<id>`, `audit:<seq>`, `notice:<id>` or `incident:<id>`. */
  readonly evidence: string;
}
