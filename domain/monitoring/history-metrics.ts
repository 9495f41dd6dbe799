/** The metrics the status evaluator snapshots per evaluation (`model.<name>` in the metric store). */
export const HISTORY_METRICS = [
  'accuracy',
  'estimated_accuracy',
  'estimated_accuracy_low',
  'estimated_accuracy_high',
  'error_rate',
  'response_time',
  'p95_response_time',
  'drift_score',
] as const;
export type HistoryMetric = (typeof HISTORY_METRICS)[number];

/** The metric-store name of a history metric. */
export const historySeries = (metric: HistoryMetric): string => `model.${metric}`;
