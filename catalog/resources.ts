import { ENV, type EnvName } from './env.ts';

/**
 * The stateful resources of the platform, described once. The CDK stateful stack builds
 * them in AWS and the local stack creates the same tables and queues in the emulators, so
 * keys and index names cannot differ between the two.
 */
export interface TableSpec {
  /** Construct id in CDK and the table name prefix locally. */
  readonly id: string;
  /** Environment variable that carries the table name to functions. */
  readonly env: EnvName;
  readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' };
  readonly sortKey?: { readonly name: string; readonly type: 'S' | 'N' };
  /** Attribute holding an epoch-seconds expiry; DynamoDB TTL deletes lazily, so readers also filter on it. */
  readonly ttlAttribute?: string;
  readonly indexes?: readonly {
    readonly name: string;
    readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' };
    readonly sortKey?: { readonly name: string; readonly type: 'S' | 'N' };
  }[];
}

export const TTL_ATTRIBUTE = 'expires_at';

export const TABLES = {
  models: {
    id: 'Models',
    env: ENV.modelsTable,
    partitionKey: { name: 'model_name', type: 'S' },
  },
  predictions: {
    id: 'Predictions',
    env: ENV.predictionsTable,
    partitionKey: { name: 'prediction_id', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
    indexes: [
      { name: 'by_model_time', partitionKey: { name: 'model_name', type: 'S' }, sortKey: { name: 'ts', type: 'N' } },
    ],
  },
  aggregates: {
    id: 'Aggregates',
    env: ENV.aggregatesTable,
    partitionKey: { name: 'model_name', type: 'S' },
    sortKey: { name: 'bucket', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  services: {
    id: 'Services',
    env: ENV.servicesTable,
    partitionKey: { name: 'service', type: 'S' },
  },
  anomalies: {
    id: 'Anomalies',
    env: ENV.anomaliesTable,
    partitionKey: { name: 'service', type: 'S' },
    sortKey: { name: 'anomaly_key', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  /** Per service: HTTP request counters per minute (`c#…`) and their callers per batch and folded (`d#…`). */
  httpTraffic: {
    id: 'HttpTraffic',
    env: ENV.httpTrafficTable,
    partitionKey: { name: 'service', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  /** Trained forecasters: one item per service and metric. */
  forecasts: {
    id: 'Forecasters',
    env: ENV.forecastsTable,
    partitionKey: { name: 'service', type: 'S' },
    sortKey: { name: 'metric', type: 'S' },
  },
  /** Optimisation suggestions: partition per service, sort key `<day>#<id>`, 90 days' TTL. */
  suggestions: {
    id: 'Suggestions',
    env: ENV.suggestionsTable,
    partitionKey: { name: 'service', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  /** Batch analyses: the header (`#`) and one item per service (`svc#<id>`), 30 days' TTL. */
  batches: {
    id: 'AnalysisBatches',
    env: ENV.batchesTable,
    partitionKey: { name: 'batch_id', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  /** Seed 002's named anomaly and forecast models. */
  namedModels: {
    id: 'NamedModels',
    env: ENV.namedModelsTable,
    partitionKey: { name: 'name', type: 'S' },
  },
  probes: {
    id: 'Probes',
    env: ENV.probesTable,
    partitionKey: { name: 'probe_id', type: 'S' },
  },
  probeResults: {
    id: 'ProbeResults',
    env: ENV.probeResultsTable,
    partitionKey: { name: 'probe_id', type: 'S' },
    sortKey: { name: 'checked_at', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  /** AI models the organisation calls (providers, parameters, fallbacks; keys only by reference). */
  aiModels: {
    id: 'AiModels',
    env: ENV.aiModelsTable,
    partitionKey: { name: 'name', type: 'S' },
  },
  /** Calls to AI providers: partition per UTC day, one item per request id, 400 days' TTL. */
  llmUsage: {
    id: 'LlmUsage',
    env: ENV.llmUsageTable,
    partitionKey: { name: 'day', type: 'S' },
    sortKey: { name: 'request_id', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  /** Budgets (`budget#<id>`/`#`), their ledgers per period (`p#<period>`), per-model concurrency gates (`gate#<model>`). */
  llmBudgets: {
    id: 'LlmBudgets',
    env: ENV.llmBudgetsTable,
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
  },
  /** AI models' health test results, 90 days' TTL. */
  aiHealth: {
    id: 'AiHealth',
    env: ENV.aiHealthTable,
    partitionKey: { name: 'model', type: 'S' },
    sortKey: { name: 'tested_at', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  /** Incidents (L1-L4): opened by critical alerts or by hand, with notes and post-mortem fields. */
  incidents: {
    id: 'Incidents',
    env: ENV.incidentsTable,
    partitionKey: { name: 'incident_id', type: 'S' },
  },
  config: {
    id: 'Config',
    env: ENV.configTable,
    partitionKey: { name: 'config_key', type: 'S' },
  },
  alerts: {
    id: 'Alerts',
    env: ENV.alertsTable,
    partitionKey: { name: 'model_name', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
    indexes: [
      { name: 'by_time', partitionKey: { name: 'kind', type: 'S' }, sortKey: { name: 'sk', type: 'S' } },
      { name: 'by_id', partitionKey: { name: 'alert_id', type: 'S' } },
    ],
  },
  alerting: {
    id: 'Alerting',
    env: ENV.alertingTable,
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
  },
  versions: {
    id: 'ModelVersions',
    env: ENV.versionsTable,
    partitionKey: { name: 'model_name', type: 'S' },
    sortKey: { name: 'version', type: 'S' },
  },
  retrainTasks: {
    id: 'RetrainTasks',
    env: ENV.retrainTasksTable,
    partitionKey: { name: 'task_id', type: 'S' },
    indexes: [
      { name: 'by_status', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'created_at', type: 'S' } },
    ],
  },
  audit: {
    id: 'Audit',
    env: ENV.auditTable,
    partitionKey: { name: 'chain', type: 'S' },
    sortKey: { name: 'seq', type: 'N' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
  metrics: {
    id: 'Metrics',
    env: ENV.metricsTable,
    partitionKey: { name: 'series', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    ttlAttribute: TTL_ATTRIBUTE,
  },
} as const satisfies Record<string, TableSpec>;

export type TableKey = keyof typeof TABLES;

export interface QueueSpec {
  readonly id: string;
  readonly env?: EnvName;
  /** Seconds a received message stays hidden; must exceed the consumer's timeout. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

export const QUEUES = {
  /** "Something changed for model X": the status evaluator consumes it, off the logging hot path. */
  modelEvents: { id: 'ModelEvents', env: ENV.modelEventsQueueUrl, visibilityTimeoutSeconds: 60, maxReceiveCount: 5 },
  /** Retrain requests (drift, schedule, manual); the retraining workflow's trigger consumes them. */
  retrainRequests: {
    id: 'RetrainRequests',
    env: ENV.retrainQueueUrl,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 5,
  },
  /** Alert notices for webhooks, subscribed to the alerts topic; the notifier POSTs them, retrying with backoff. */
  /** One message per service of a batch analysis; the worker runs its analyses. */
  analysisRequests: {
    id: 'AnalysisRequests',
    env: ENV.analysisQueueUrl,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 3,
  },
  webhookDeliveries: {
    id: 'WebhookDeliveries',
    env: ENV.webhookQueueUrl,
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 6,
  },
} as const satisfies Record<string, QueueSpec>;

export type QueueKey = keyof typeof QUEUES;

/** The artifacts bucket: model versions, datasets, backups, reference snapshots. */
export const ARTIFACTS_BUCKET = { id: 'Artifacts', env: ENV.artifactsBucket } as const;

/** The alerts topic; its message attributes `severity` and `model_name` drive subscription filters. */
export const ALERTS_TOPIC = { id: 'Alerts', env: ENV.alertsTopicArn } as const;

/**
 * The numbers a DynamoDB attribute holds: 0, or a magnitude from 1e-130 up to (not including)
 * 1e126, with up to 38 significant digits (a double never has more than 17). Validation rejects
 * the rest (contracts/zod.ts); the adapter clamps computed values into it (numbers.ts).
 */
export const DYNAMODB_NUMBERS = {
  smallest: 1e-130,
  /** The largest double below 1e126. */
  largest: 9.999999999999999e125,
  /** How a 400 states the range. */
  rule: 'must be finite, and 0 or of magnitude between 1e-130 and 1e126',
} as const;

/** True for a number DynamoDB can store (see DYNAMODB_NUMBERS). */
export function isStorableNumber(x: number): boolean {
  const a = Math.abs(x);
  return Number.isFinite(x) && (a === 0 || (a >= DYNAMODB_NUMBERS.smallest && a <= DYNAMODB_NUMBERS.largest));
}
