import { ALGORITHMS } from '#lib/ml/trainer.ts';
import * as z from 'zod/mini';
import { auditEntrySchema } from './audit.schema.ts';
import { MODEL_STATUSES, TASK_TYPES } from '#domain/kernel/model.ts';
import { SCOPE_KINDS, SEVERITIES } from '#domain/kernel/notice.ts';
import { RETRAIN_REASONS } from '#domain/retraining/types.ts';
import { FEATURE_TYPES } from '#lib/ml/features.ts';
import { alertRuleSchema, muteWindowSchema } from './alerting.schema.ts';
import { noticeSchema } from './notice.schema.ts';
import { HISTORY_METRICS, type HistoryMetric } from '#domain/monitoring/history-metrics.ts';
import { ANALYSIS_METHODS } from '#lib/anomaly/analyze.ts';
import { ANOMALY_TYPES } from '#domain/services/types.ts';
import { SUGGESTION_CATEGORIES } from '#domain/services/suggestions.ts';
import './zod.ts';

/**
 * What every route answers: the contracts e2e tests validate responses against and the OpenAPI
 * document publishes. Objects are open (z.object): a field added later does not break clients.
 */

const n = z.number();
const nn = z.nullable(z.number());
const s = z.string();
const sn = z.nullable(z.string());
const success = { success: z.literal(true) };
const envelope = <T extends z.core.$ZodShape>(shape: T) => z.object({ ...success, ...shape });

/** The error body of every 4xx and 5xx. */
export const errorResponseSchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: s,
    message: s,
    details: z.optional(z.unknown()),
  }),
});

export const healthResponseSchema = envelope({
  status: z.literal('ok'),
  started_at: s,
  /** Each dependency that answered (a failing one makes the answer a 503 naming it). */
  checks: z.record(s, z.literal('ok')),
});

/** The OpenAPI document itself (checked in full by tests against the 3.1 meta-rules). */
export const openApiResponseSchema = z.looseObject({ openapi: s, info: z.looseObject({ title: s, version: s }) });

const logResult = z.object({ index: n, prediction_id: s, status: z.enum(['created', 'duplicate']) });
export const logPredictionResponseSchema = envelope({ prediction_id: s, status: z.enum(['created', 'duplicate']) });
export const logPredictionsResponseSchema = envelope({ created: n, duplicates: n, results: z.array(logResult) });
export const updateResultResponseSchema = envelope({ prediction_id: s, score: n, updated: z.boolean() });

const status = z.enum(MODEL_STATUSES);
const check = z.object({
  metric: z.enum(['accuracy', 'estimated_accuracy', 'response_time', 'error_rate', 'drift_score']),
  value: nn,
  threshold: n,
  state: z.enum(['ok', 'warning', 'critical', 'insufficient_data']),
});
const performance = z.object({
  model_name: s,
  task_type: z.enum(TASK_TYPES),
  accuracy: nn,
  estimated_accuracy: nn,
  estimated_accuracy_ci: z.nullable(z.tuple([n, n])),
  mae: nn,
  rmse: nn,
  prediction_count: n,
  error_count: n,
  labelled_count: n,
  error_rate: nn,
  avg_response_time: nn,
  p95_response_time: nn,
  avg_confidence: nn,
  last_prediction: sn,
  last_training: sn,
  drift_score: nn,
  reference_accuracy: nn,
  status,
  checks: z.array(check),
  window: z.object({ minutes: n, predictions: n, labelled: n }),
});
export const performanceResponseSchema = envelope({
  performance,
  history: z.array(
    z.object({
      timestamp: s,
      accuracy: nn,
      response_time: nn,
      confidence: nn,
      error_rate: nn,
      p95_response_time: nn,
      prediction_count: n,
    }),
  ),
});

const series = z.array(z.tuple([n, n]));
export const metricHistoryResponseSchema = envelope({
  model_name: s,
  hours: n,
  /** `[epoch ms, value]` pairs per metric, oldest first: one per status evaluation that had the value. */
  series: z.object(Object.fromEntries(HISTORY_METRICS.map((m) => [m, series])) as Record<HistoryMetric, typeof series>),
});

export const summaryResponseSchema = envelope({
  summary: z.object({
    total_models: n,
    total_predictions: n,
    avg_accuracy: nn,
    avg_response_time: nn,
    status_distribution: z.record(status, n),
    monitoring_active: z.boolean(),
    auto_retrain_enabled: z.boolean(),
    models: z.array(performance),
  }),
});

export const thresholdsResponseSchema = envelope({
  thresholds: z.object({
    accuracy_threshold: n,
    response_time_threshold: n,
    error_rate_threshold: n,
    drift_threshold: n,
    warning_margin: n,
    evaluation_window_minutes: n,
    min_samples: n,
    reference_size: n,
  }),
});

const featureDrift = z.object({
  feature: s,
  kind: z.enum(['numeric', 'categorical']),
  test: z.enum(['ks', 'chi_square']),
  statistic: n,
  p_value: n,
  p_value_adjusted: n,
  distance: n,
  limit: n,
  drifted: z.boolean(),
  psi: z.optional(n),
  wasserstein: z.optional(n),
  reference_size: n,
  current_size: n,
  histogram: z.object({ labels: z.array(s), reference: z.array(n), current: z.array(n) }),
});
export const driftResponseSchema = envelope({
  model_name: s,
  drift: z.object({
    drift_score: n,
    data_drift_score: n,
    performance_drift: nn,
    scanned_at: s,
    report: z.object({
      drift_score: n,
      drifted_features: n,
      tested_features: n,
      features: z.array(featureDrift),
      skipped: z.array(z.object({ feature: s, reason: s })),
      reference_size: n,
      current_size: n,
    }),
  }),
  estimate: z.nullable(
    z.object({
      estimated_accuracy: n,
      standard_error: n,
      ci95: z.tuple([n, n]),
      current_size: n,
      calibration_size: n,
      estimated_at: s,
    }),
  ),
});

const alertRecord = z.object({
  alert_id: s,
  /** The scope: a model's name, `service:<id>` or `probe:<name>`. */
  model_name: s,
  scope: z.enum(SCOPE_KINDS),
  service: z.optional(s),
  probe: z.optional(s),
  rule: s,
  metric: s,
  comparison: s,
  threshold: n,
  severity: z.enum(SEVERITIES),
  state: z.enum(['pending', 'firing', 'resolved']),
  value: n,
  title: s,
  labels: z.record(s, s),
  started_at: s,
  fired_at: z.optional(s),
  resolved_at: z.optional(s),
  acked_at: z.optional(s),
  acked_by: z.optional(s),
  notifications: n,
  suppressed: z.optional(z.enum(['silenced', 'deduplicated', 'inhibited', 'muted'])),
  updated_at: s,
});
export const alertsResponseSchema = envelope({ alerts: z.array(alertRecord) });
export const alertResponseSchema = envelope({ alert: alertRecord });

export const rulesResponseSchema = envelope({ customized: z.boolean(), rules: z.array(alertRuleSchema) });
export const deleteRuleResponseSchema = envelope({ deleted: s, rules: z.array(alertRuleSchema) });

const silence = z.object({
  silence_id: s,
  matchers: z.object({
    model_name: z.optional(s),
    rule: z.optional(s),
    severity: z.optional(z.enum(SEVERITIES)),
  }),
  starts_at: s,
  ends_at: s,
  comment: s,
  created_by: s,
  created_at: s,
});
export const silencesResponseSchema = envelope({ silences: z.array(silence) });
export const silenceResponseSchema = envelope({ silence });
export const deletedResponseSchema = envelope({ deleted: s });

export const alertingSettingsResponseSchema = envelope({
  settings: z.object({
    dedup_window_seconds: n,
    repeat_interval_seconds: n,
    escalate_after_seconds: n,
    mute_windows: z.array(muteWindowSchema),
  }),
});

const delivery = z.object({
  notice_id: s,
  target: s,
  status: z.enum(['delivered', 'failed']),
  attempts: n,
  http_status: z.optional(n),
  error: z.optional(s),
  updated_at: s,
});
export const notificationsResponseSchema = envelope({
  notifications: z.array(z.extend(noticeSchema, { deliveries: z.array(delivery) })),
});

const retrainConfig = z.object({
  auto_retrain_enabled: z.boolean(),
  drift_threshold: n,
  performance_threshold: n,
  max_concurrent_tasks: n,
  retrain_interval_hours: n,
  backup_models: z.boolean(),
  improvement_margin: n,
  bake_minutes: n,
  drift_retrain_cooldown_minutes: n,
});
const reason = z.enum(RETRAIN_REASONS);
export const retrainStatusResponseSchema = envelope({
  active_tasks: n,
  queued_tasks: n,
  completed_tasks: n,
  failed_tasks: n,
  config: retrainConfig,
  active_tasks_detail: z.array(
    z.object({ task_id: s, model_name: s, progress: n, estimated_time: nn, reason, step: sn }),
  ),
  queued_tasks_detail: z.array(z.object({ task_id: s, model_name: s, reason, created_at: s })),
  recent_completed: z.array(
    z.object({
      task_id: s,
      model_name: s,
      status: z.enum(['queued', 'running', 'completed', 'failed']),
      completed_at: sn,
      result: z.object({
        success: z.boolean(),
        deployed: z.boolean(),
        accuracy: nn,
        training_samples: nn,
        training_time: nn,
        error: z.optional(s),
      }),
    }),
  ),
});

export const retrainTaskResponseSchema = envelope({
  task: z.object({
    task_id: s,
    model_name: s,
    reason,
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    created_at: s,
    started_at: z.optional(s),
    completed_at: z.optional(s),
    step: z.optional(s),
    progress: n,
    estimated_time: z.optional(n),
    execution_id: z.optional(s),
  }),
});

const hyperparameters = z.object({
  n_estimators: n,
  max_depth: n,
  min_samples_leaf: n,
  max_features: z.optional(n),
  learning_rate: z.optional(n),
});
const modelConfig = z.object({
  task: z.enum(TASK_TYPES),
  features: z.array(z.object({ name: s, type: z.enum(FEATURE_TYPES) })),
  target: s,
  algorithm: z.enum(ALGORITHMS),
  hyperparameters,
  hyperparameter_search: z.boolean(),
  retrain_interval_hours: n,
  min_samples: n,
  training_rows: n,
  dataset_key: z.optional(s),
});
export const modelResponseSchema = envelope({
  model: z.object({
    model_name: s,
    task_type: z.enum(TASK_TYPES),
    config: modelConfig,
    champion_version: sn,
    previous_champion_version: sn,
    last_training: sn,
    training_active: z.boolean(),
    bake: z.nullable(z.object({ until: s, baseline_score: n, previous_version: sn, version: s })),
  }),
});
export const modelConfigResponseSchema = envelope({ config: modelConfig });
export const retrainConfigResponseSchema = envelope({
  config: retrainConfig,
  /** With `model_configs` in the request: each named model's whole config after the update. */
  model_configs: z.optional(z.record(s, modelConfig)),
});

export const versionsResponseSchema = envelope({
  versions: z.array(
    z.object({
      model_name: s,
      version: s,
      created_at: s,
      status: z.enum(['candidate', 'champion', 'archived', 'rejected']),
      training_samples: n,
      training_time_seconds: n,
      metrics: z.object({ score: n, mae: z.optional(n), rmse: z.optional(n), holdout_size: n }),
      hyperparameters,
      artifact_key: s,
      reference_key: s,
      task_id: z.optional(s),
    }),
  ),
});
export const rollbackResponseSchema = envelope({ champion_version: s, previous_champion_version: sn });
export const predictResponseSchema = envelope({
  prediction_id: s,
  prediction: z.union([s, n]),
  confidence: nn,
  version: s,
});

export const monitoringSettingsResponseSchema = envelope({
  settings: z.object({
    monitoring_active: z.boolean(),
    update_interval_seconds: n,
    alert_thresholds: z.object({
      accuracy_threshold: n,
      response_time_threshold: n,
      error_rate_threshold: n,
      drift_threshold: n,
    }),
    notification_settings: z.object({
      email_enabled: z.boolean(),
      sms_enabled: z.boolean(),
      webhook_enabled: z.boolean(),
    }),
  }),
});

export const auditResponseSchema = envelope({
  entries: z.array(auditEntrySchema),
  /** Present with `verify=true`: the chain walked from its oldest stored entry. */
  verification: z.optional(
    z.object({
      ok: z.boolean(),
      checked: n,
      first_seq: z.nullable(n),
      last_seq: z.nullable(n),
      problem: z.optional(z.object({ seq: n, reason: s })),
    }),
  ),
});

const change = z.object({ path: s, from: z.unknown(), to: z.unknown() });
const versionSummary = z.object({
  version: n,
  at: s,
  by: s,
  source: s,
  status: z.enum(['applying', 'applied']),
  changes: n,
});
export const configResponseSchema = envelope({ config: z.record(s, z.unknown()) });
export const configCheckResponseSchema = envelope({
  valid: z.boolean(),
  errors: z.array(z.object({ path: s, message: s })),
});
export const configImportResponseSchema = envelope({
  applied: z.boolean(),
  version: z.nullable(n),
  diff: z.array(change),
});
export const configVersionsResponseSchema = envelope({ versions: z.array(versionSummary) });
export const configVersionResponseSchema = envelope({
  version: z.object({
    ...versionSummary.shape,
    id: s,
    document: z.record(s, z.unknown()),
    diff: z.array(change),
  }),
});

const flagged = z.array(z.object({ index: n, value: n, score: n }));
export const analyzeResponseSchema = envelope({
  metricName: s,
  analysis: z.object({
    statistics: z.object({ count: n, mean: n, std: n, min: n, max: n, p50: n, p95: n, p99: n }),
    anomalies: z.partialRecord(z.enum(ANALYSIS_METHODS), flagged),
    trend: z.object({ direction: z.enum(['up', 'down', 'flat']), slope: n, p_value: n }),
    seasonality: z.nullable(z.object({ period: n, strength: n })),
  }),
});

export const collectMetricsResponseSchema = envelope({ service: s, points: n, stored: n });
const holdout = z.object({ mae: n, mase: n, mape: nn, interval_coverage: nn });
export const trainModelsResponseSchema = envelope({
  service: s,
  models: z.array(z.object({ metric: s, samples: n, model: s, holdout, trained_at: s })),
});
export const forecastResponseSchema = envelope({
  service: s,
  predictions: z.array(
    z.object({
      metric: s,
      model: s,
      trained_at: s,
      /** 100 minus the held-out MAPE (the seed's "accuracy"); null when every held-out actual was 0. */
      confidence: nn,
      points: z.array(z.object({ timestamp: s, value: n, lower_80: n, upper_80: n, lower_95: n, upper_95: n })),
    }),
  ),
  breaches: z.array(z.object({ metric: s, threshold: n, expected_at: s, probability: n })),
});
const batchHeader = {
  batch_id: s,
  analyses: z.array(s),
  services: n,
  created_at: s,
  created_by: s,
};
export const batchStartedResponseSchema = envelope(batchHeader);
export const batchResponseSchema = envelope({
  ...batchHeader,
  state: z.enum(['running', 'finished']),
  progress: z.object({ total: n, done: n, failed: n, queued: n }),
  items: z.array(
    z.object({
      batch_id: s,
      service: s,
      status: z.enum(['queued', 'done', 'failed']),
      result: z.optional(z.record(s, z.unknown())),
      error: z.optional(s),
      finished_at: z.optional(s),
    }),
  ),
});
export const exportResponseSchema = envelope({
  service: s,
  kind: s,
  /** The rows, when the export fits one response (5 MB). */
  rows: z.optional(z.array(z.record(s, z.union([s, n, z.null()])))),
  /** Past 5 MB: how many rows, and a presigned link to the file (CSV or JSON as asked) that works until `expires_at`. */
  row_count: z.optional(n),
  download_url: z.optional(s),
  expires_at: z.optional(s),
  bytes: z.optional(n),
});
const run = z.nullable(z.object({ started_at: s, duration_ms: n, services: n, failures: n, errors: z.array(s) }));
export const systemStatusResponseSchema = envelope({
  generated_at: s,
  services_monitored: n,
  forecasters_trained: n,
  stale_services: z.array(s),
  services: z.array(
    z.object({
      service: s,
      last_seen: s,
      data_age_seconds: n,
      forecasters: n,
      oldest_forecaster_hours: nn,
    }),
  ),
  last_runs: z.object({ service_detection: run, forecast_schedule: run }),
  /** Every queue: messages waiting, in flight, and in its dead-letter queue. */
  queues: z.array(z.object({ queue: s, visible: n, in_flight: n, dead_letters: n })),
  /** The queues whose dead-letter queue holds messages. */
  dead_letters: z.array(s),
});
const namedModel = z.object({
  name: s,
  type: z.enum(['anomaly', 'forecast']),
  service: s,
  metric: s,
  params: z.optional(z.record(s, z.union([s, n, z.boolean()]))),
  created_at: s,
  trained_at: s,
  figures: z.record(s, z.union([s, n, z.null()])),
});
export const namedModelResponseSchema = envelope({ model: namedModel });
export const namedModelsResponseSchema = envelope({ models: z.array(namedModel) });
export const serviceSettingsResponseSchema = envelope({ settings: z.object({ anomaly_detection_sensitivity: n }) });
export const ingestMetricsResponseSchema = envelope({ stored: n, services: z.array(s) });
export const serviceSeriesResponseSchema = envelope({
  service: s,
  series: z.array(z.object({ metric: s, custom: z.boolean(), tags: z.record(s, s) })),
});
export const servicesResponseSchema = envelope({
  services: z.array(z.object({ service: s, first_seen: s, last_seen: s })),
});
export const serviceMetricsHistoryResponseSchema = envelope({
  service: s,
  metric: s,
  points: z.array(z.object({ timestamp: s, value: n, min: n, max: n, count: n })),
});
const serviceAnomaly = z.object({
  anomaly_id: s,
  service: s,
  metric: s,
  type: z.enum(ANOMALY_TYPES),
  detected_at: s,
  value: n,
  expected: nn,
  score: n,
  severity: z.enum(['high', 'medium', 'low']),
  explanation: s,
  recommended_action: s,
});
const probe = z.object({
  probe_id: s,
  name: s,
  url: s,
  method: s,
  interval_seconds: n,
  timeout_seconds: n,
  expect: z.object({ status: n, max_response_time: n, body_contains: z.optional(s) }),
  service: z.optional(s),
  retries: n,
  state: z.enum(['unknown', 'up', 'down']),
  consecutive_failures: n,
  consecutive_successes: n,
  next_run_at: s,
  last_checked_at: z.optional(s),
  tls_days_left: z.optional(n),
  created_at: s,
  updated_at: s,
});
export const probeResponseSchema = envelope({ probe });
export const probesResponseSchema = envelope({ probes: z.array(probe) });
export const probeDeletedResponseSchema = envelope({ probe_id: s, deleted: z.literal(true) });
export const probeResultsResponseSchema = envelope({
  probe_id: s,
  results: z.array(
    z.object({
      checked_at: s,
      ok: z.boolean(),
      status: nn,
      latency_ms: n,
      tls_days_left: nn,
      error: sn,
      failures: z.array(s),
    }),
  ),
});
export const serviceAnomaliesResponseSchema = envelope({ service: s, anomalies: z.array(serviceAnomaly) });
export const httpEventsResponseSchema = envelope({
  service: s,
  accepted: n,
  minutes: n,
  /** True when this exact batch had been recorded before (a retry): nothing was counted again. */
  duplicate: z.boolean(),
  /** High and medium anomalies found in the newest minute the batch touched. */
  anomalies: z.array(serviceAnomaly),
});
export const httpTrafficResponseSchema = envelope({
  service: s,
  minutes: z.array(
    z.object({
      timestamp: s,
      requests: n,
      rps: n,
      error_rate: n,
      s4xx: n,
      s5xx: n,
      mean_response_time: n,
      p50: n,
      p95: n,
      p99: n,
      distinct_ips: n,
    }),
  ),
  top_ips: z.array(z.object({ client_ip: s, requests: n })),
  top_endpoints: z.array(z.object({ endpoint: s, requests: n })),
  /** True when a minute had more distinct callers than are kept (MAX_KEYS); the counts stay exact. */
  truncated: z.boolean(),
});

const suggestion = z.object({
  suggestion_id: s,
  service: s,
  category: z.enum(SUGGESTION_CATEGORIES),
  title: s,
  description: s,
  priority: z.enum(['high', 'medium', 'low']),
  expected_impact: z.object({ metric: s, change_percent: n, basis: s }),
  steps: z.array(s),
  evidence: z.array(s),
  created_at: s,
});
export const suggestionsResponseSchema = envelope({ service: s, suggestions: z.array(suggestion) });
export const analyticsSummaryResponseSchema = envelope({
  service: s,
  generated_at: s,
  current_metrics: z.record(s, z.object({ value: n, at: s })),
  health: z.object({ score: n, parts: z.array(z.object({ part: s, cost: n })) }),
  anomalies_24h: z.object({ high: n, medium: n, low: n, total: n, latest: z.array(serviceAnomaly) }),
  forecast: z.object({
    highlights: z.array(z.object({ metric: s, peak: n, peak_at: s, confidence: nn })),
    breaches: z.array(z.object({ metric: s, threshold: n, expected_at: s, probability: n, peak: n })),
  }),
  suggestions: z.array(suggestion),
  models: z.array(z.object({ metric: s, model: s, trained_at: s, age_hours: n, holdout })),
});

// AI operations.
const aiModelView = z.object({
  name: s,
  provider: s,
  endpoint: z.optional(s),
  model_id: s,
  params: z.object({ temperature: n, max_tokens: n, top_p: n, frequency_penalty: n }),
  fallback_model: z.optional(s),
  max_concurrency: z.optional(n),
  department: z.optional(s),
  created_at: s,
  updated_at: s,
  /** Never the key: its last 4 characters, when it was set, its age and whether rotation is due (over 30 days). */
  key: z.nullable(z.object({ last4: s, set_at: s, age_days: n, rotate: z.boolean() })),
  health: z.nullable(z.object({ score: n, tested_at: s })),
});
export const aiModelResponseSchema = envelope({ model: aiModelView });
export const aiModelsResponseSchema = envelope({ models: z.array(aiModelView) });
export const aiModelDeletedResponseSchema = envelope({ name: s, deleted: z.literal(true) });
const healthResult = z.object({
  model: s,
  tested_at: s,
  score: n,
  parts: z.array(z.object({ test: s, passed: z.boolean(), latency_ms: n, points: n, error: sn })),
});
export const aiModelTestResponseSchema = envelope({ result: healthResult });
export const aiModelHealthResponseSchema = envelope({ model: s, results: z.array(healthResult) });
export const llmUsageResponseSchema = envelope({
  created: n,
  duplicates: n,
  results: z.array(
    z.object({ request_id: s, status: z.enum(['created', 'duplicate']), cost_usd: nn, price_source: s }),
  ),
});
const usageGroup = z.object({
  key: s,
  calls: n,
  successes: n,
  errors: n,
  input_tokens: n,
  output_tokens: n,
  cached_input_tokens: n,
  cost_usd: n,
  unpriced_calls: n,
  mean_latency: n,
  cost_per_success: nn,
  share: n,
});
export const llmReportResponseSchema = envelope({
  from: s,
  to: s,
  totals: z.nullable(usageGroup),
  by_model: z.array(usageGroup),
  by_department: z.array(usageGroup),
  by_hour: z.array(usageGroup),
  underused: z.array(z.object({ model: s, share: n })),
  cost_per_success_ranking: z.array(z.object({ model: s, cost_per_success: nn, successes: n })),
});
const price = z.object({
  provider: s,
  model: s,
  input: n,
  output: n,
  cache_read: z.optional(n),
  effective_from: s,
  source: s,
});
export const llmPricesResponseSchema = envelope({ table: z.array(price), overrides: z.array(price) });
export const llmPriceResponseSchema = envelope({ overrides: z.array(price) });
const budgetStatus = z.object({
  budget_id: s,
  name: s,
  scope: s,
  value: z.optional(s),
  period: z.enum(['daily', 'monthly']),
  limit_usd: n,
  created_at: s,
  period_key: s,
  spent_usd: n,
  reserved_usd: n,
  used: n,
  state: z.enum(['ok', 'warning', 'exceeded']),
  forecast_usd: n,
  period_end: s,
});
export const budgetResponseSchema = envelope({ budget: budgetStatus });
export const budgetsResponseSchema = envelope({ budgets: z.array(budgetStatus) });
export const budgetDeletedResponseSchema = envelope({ budget_id: s, deleted: z.literal(true) });
const bn = z.nullable(z.boolean());
export const llmSlosResponseSchema = envelope({
  days: n,
  targets: z.object({ availability: n, latency_p50: n, latency_p95: n, latency_p99: n, error_rate: n }),
  models: z.array(
    z.object({
      model: s,
      provider: s,
      calls: n,
      failures: n,
      availability: nn,
      error_rate: nn,
      latency: z.object({ p50: nn, p95: nn, p99: nn }),
      error_budget_remaining: nn,
      burn_rates: z.object({ fast_long: n, fast_short: n, slow_long: n, slow_short: n }),
      objectives: z.object({ availability: bn, latency_p50: bn, latency_p95: bn, latency_p99: bn, error_rate: bn }),
    }),
  ),
});
export const generateTextResponseSchema = envelope({
  request_id: s,
  text: s,
  model: s,
  provider: s,
  model_id: s,
  fallback_used: z.boolean(),
  usage: z.object({ input_tokens: n, output_tokens: n, cached_input_tokens: n, cost_usd: nn }),
  latency_ms: n,
  finish_reason: s,
  attempts: z.array(
    z.object({
      model: s,
      outcome: z.enum(['ok', 'failed', 'circuit_open', 'concurrency_limit', 'budget_exceeded']),
      status: z.optional(n),
      error: z.optional(s),
      latency_ms: z.optional(n),
    }),
  ),
});

// Incidents.
const incident = z.object({
  incident_id: s,
  title: s,
  level: z.enum(['L1', 'L2', 'L3', 'L4']),
  level_meaning: s,
  scope: s,
  status: z.enum(['open', 'resolved']),
  opened_at: s,
  opened_by: s,
  resolved_at: z.optional(s),
  resolved_by: z.optional(s),
  alert_ids: z.array(s),
  notes: z.array(z.object({ at: s, by: s, text: s })),
  root_cause: z.optional(s),
  prevention: z.optional(s),
  action_items: z.optional(z.array(z.object({ item: s, owner: s }))),
  recovery_target_minutes: n,
  target_at: s,
  duration_minutes: n,
  overdue: z.boolean(),
});
const timelineEntry = z.object({
  at: s,
  kind: z.enum(['incident', 'alert', 'resolved', 'acknowledged', 'anomaly', 'change', 'deploy', 'note']),
  text: s,
  evidence: s,
});
export const incidentResponseSchema = envelope({ incident });
export const incidentDetailResponseSchema = envelope({ incident, timeline: z.array(timelineEntry) });
export const incidentsResponseSchema = envelope({ incidents: z.array(incident) });
export const incidentMetricsResponseSchema = envelope({
  scopes: z.array(z.object({ scope: s, incidents: n, open: n, mttr_minutes: nn, mtbf_hours: nn, within_target: n })),
});
export const incidentSettingsResponseSchema = envelope({ insight_model: sn });
export const insightResponseSchema = envelope({
  insight: z.object({
    scope: s,
    summary: z.array(s),
    evidence: z.array(
      z.object({
        id: s,
        ref: s,
        kind: z.enum(['alert', 'related_alert', 'anomaly', 'change', 'deploy']),
        at: s,
        text: s,
        link: s,
      }),
    ),
    hypotheses: z.array(
      z.object({
        statement: s,
        grade: z.enum(['CONFIRMED', 'LIKELY', 'INCONCLUSIVE']),
        evidence: z.array(s),
        reasoning: s,
      }),
    ),
    attribution: z.object({ signals: n, attributed: n, unattributed_share: n }),
    narrative: z.nullable(z.object({ model: s, sentences: z.array(s), dropped: n })),
    generated_at: s,
  }),
});
export const postmortemResponseSchema = envelope({ incident_id: s, markdown: s });
