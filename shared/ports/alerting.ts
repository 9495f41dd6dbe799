import type { ModelStatus } from '../monitoring/types.ts';
import type { MetricCheck } from '../monitoring/status.ts';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A status alert on a model, as stored and as published. */
export interface ModelAlert {
  readonly alert_id: string;
  readonly model_name: string;
  readonly severity: Severity;
  /** `firing` for a crossing into warning/critical, `resolved` for the return to healthy. */
  readonly state: 'firing' | 'resolved';
  readonly previous_status: ModelStatus | null;
  readonly status: ModelStatus;
  readonly title: string;
  readonly checks: readonly MetricCheck[];
  readonly created_at: string;
}

/** Fans an alert out to people and systems (SNS in AWS and in the local stack). */
export interface AlertPublisher {
  publish(alert: ModelAlert): Promise<void>;
}

export interface AlertQuery {
  readonly model_name?: string;
  readonly severity?: Severity;
  readonly state?: ModelAlert['state'];
  readonly limit: number;
}

/** Alert history (30 days). */
export interface AlertStore {
  put(alert: ModelAlert): Promise<void>;
  /** Newest first. */
  list(query: AlertQuery): Promise<ModelAlert[]>;
}
