/** The standard metrics a service (a plugin, in the seed's words) reports, with their units. */
export const SERVICE_METRICS = [
  'cpu',
  'memory',
  'memory_mb',
  'response_time',
  'error_rate',
  'request_count',
  'rps',
  'active_users',
] as const;
export type ServiceMetric = (typeof SERVICE_METRICS)[number];

/** One reported point: any of the standard metrics and named custom ones, at one instant. */
export interface ServicePoint {
  /** Epoch ms; the server's now when the client gave none. */
  readonly time: number;
  readonly values: Partial<Record<ServiceMetric, number>>;
  readonly custom?: Readonly<Record<string, number>>;
}

export type AnomalySeverity = 'high' | 'medium' | 'low';

export const ANOMALY_TYPES = [
  'spike',
  'drop',
  'cpu_saturation',
  'memory_leak',
  'error_rate_jump',
  'latency_spike',
  'http_5xx_burst',
  'http_4xx_burst',
  'rps_spike',
  'rps_drop',
  'ip_burst',
  'repeated_requests',
  'endpoint_hammered',
  'probe_failure',
] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];

export interface ServiceAnomaly {
  readonly anomaly_id: string;
  readonly service: string;
  readonly metric: string;
  readonly type: AnomalyType;
  readonly detected_at: string;
  readonly value: number;
  readonly expected: number | null;
  readonly score: number;
  readonly severity: AnomalySeverity;
  readonly explanation: string;
  readonly recommended_action: string;
}

/** A series per step: the mean, min, max and count of the points in each step (or every raw point). */
export interface HistoryBucket {
  readonly time: number;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}
