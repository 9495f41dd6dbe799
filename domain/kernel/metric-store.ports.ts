/**
 * Time-series storage for metrics, behind one port with two adapters: Timestream for
 * LiveAnalytics (closed to new AWS customers since 2025-06-20) and DynamoDB. The CDK context
 * value `metricsStore` chooses one; both pass the same contract tests.
 */
export interface MetricPoint {
  /** Metric name, e.g. `model.accuracy`. */
  readonly name: string;
  /** Dimensions that identify the series, e.g. `{ model_name: 'churn' }`. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly value: number;
}

export interface MetricQuery {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** Inclusive epoch ms. */
  readonly from: number;
  /** Inclusive epoch ms. */
  readonly to: number;
}

export interface MetricStore {
  write(points: readonly MetricPoint[]): Promise<void>;
  /** Points of one series in [from, to], oldest first. */
  query(query: MetricQuery): Promise<MetricPoint[]>;
}
