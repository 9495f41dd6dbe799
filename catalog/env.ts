/**
 * Environment variable names: the contract between infra/ (which sets them) and the
 * function code (which reads them through platform/config.ts). Both import from here so the
 * two sides cannot drift.
 */
export const ENV = {
  modelsTable: 'MODELS_TABLE_NAME',
  predictionsTable: 'PREDICTIONS_TABLE_NAME',
  aggregatesTable: 'AGGREGATES_TABLE_NAME',
  configTable: 'CONFIG_TABLE_NAME',
  alertsTable: 'ALERTS_TABLE_NAME',
  alertingTable: 'ALERTING_TABLE_NAME',
  auditTable: 'AUDIT_TABLE_NAME',
  versionsTable: 'VERSIONS_TABLE_NAME',
  retrainTasksTable: 'RETRAIN_TASKS_TABLE_NAME',
  artifactsBucket: 'ARTIFACTS_BUCKET_NAME',
  stateMachineArn: 'RETRAIN_STATE_MACHINE_ARN',
  retrainQueueUrl: 'RETRAIN_QUEUE_URL',
  webhookQueueUrl: 'WEBHOOK_QUEUE_URL',
  webhookUrls: 'WEBHOOK_URLS',
  metricsTable: 'METRICS_TABLE_NAME',
  servicesTable: 'SERVICES_TABLE_NAME',
  anomaliesTable: 'ANOMALIES_TABLE_NAME',
  httpTrafficTable: 'HTTP_TRAFFIC_TABLE_NAME',
  probesTable: 'PROBES_TABLE_NAME',
  forecastsTable: 'FORECASTS_TABLE_NAME',
  suggestionsTable: 'SUGGESTIONS_TABLE_NAME',
  batchesTable: 'BATCHES_TABLE_NAME',
  namedModelsTable: 'NAMED_MODELS_TABLE_NAME',
  analysisQueueUrl: 'ANALYSIS_QUEUE_URL',
  probeResultsTable: 'PROBE_RESULTS_TABLE_NAME',
  aiModelsTable: 'AI_MODELS_TABLE_NAME',
  llmUsageTable: 'LLM_USAGE_TABLE_NAME',
  llmBudgetsTable: 'LLM_BUDGETS_TABLE_NAME',
  aiHealthTable: 'AI_HEALTH_TABLE_NAME',
  incidentsTable: 'INCIDENTS_TABLE_NAME',
  /** JSON `{<queue key>: {url, dlq}}` of every queue and its dead-letter queue (the system status reads their depths). */
  queueDepths: 'QUEUE_DEPTHS',
  /** The Bedrock model that writes incident narratives when none is chosen in the settings (AWS; unset locally). */
  insightDefaultModel: 'INSIGHT_DEFAULT_BEDROCK_MODEL',
  /** Secrets Manager name prefix of the AI models' keys (AWS). */
  keySecretPrefix: 'AI_KEY_SECRET_PREFIX',
  /** The local stack's key file and the file whose bytes its AES key derives from (no AWS account). */
  localKeyVaultFile: 'LOCAL_KEY_VAULT_FILE',
  localKeyVaultSecretFile: 'LOCAL_KEY_VAULT_SECRET_FILE',
  metricsStore: 'METRICS_STORE',
  timestreamDatabase: 'TIMESTREAM_DATABASE_NAME',
  timestreamTable: 'TIMESTREAM_TABLE_NAME',
  alertsTopicArn: 'ALERTS_TOPIC_ARN',
  modelEventsQueueUrl: 'MODEL_EVENTS_QUEUE_URL',
  predictionRetentionDays: 'PREDICTION_RETENTION_DAYS',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
} as const;

/** The Bedrock model incident narratives use by default in AWS (CDK context `insightBedrockModel`; `none` turns it off). */
export const DEFAULT_INSIGHT_BEDROCK_MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';

/** The Secrets Manager name prefix of the AI models' keys. */
export const AI_KEY_PREFIX = 'aiops/ai-keys';

export type EnvName = (typeof ENV)[keyof typeof ENV];

/** Values of the `metricsStore` CDK context and the METRICS_STORE variable. */
export const METRIC_STORE_KINDS = ['dynamodb', 'timestream'] as const;
export type MetricStoreKind = (typeof METRIC_STORE_KINDS)[number];
