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

/** One series: a name and the dimensions that tell it apart. */
export interface SeriesId {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The points of one step: their mean, extremes and number. */
export interface StepAggregate {
  /** Epoch ms of the step's start (steps are aligned to the epoch). */
  readonly time: number;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export interface SeriesFilter {
  /** Only series whose name starts with this. */
  readonly namePrefix?: string;
  /** Only series with each of these dimensions (they may have more). */
  readonly dimensions?: Readonly<Record<string, string>>;
}

export interface MetricStore {
  write(points: readonly MetricPoint[]): Promise<void>;
  /** Points of one series (exactly these dimensions) in [from, to], oldest first. */
  query(query: MetricQuery): Promise<MetricPoint[]>;
  /** One series in [from, to] per step of `stepMs`, oldest first; steps without points are left out. */
  aggregate(query: MetricQuery, stepMs: number): Promise<StepAggregate[]>;
  /** The series written within the retention that match `filter`, by name then dimensions. */
  listSeries(filter: SeriesFilter): Promise<SeriesId[]>;
}
