import type { QueueKey, TableKey } from './resources.ts';

/** Cognito groups that act as roles. */
export const ROLES = ['admin', 'operator', 'ingest', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A Lambda function and what it may touch; the CDK stack grants exactly this, the local stack wires the same. */
export interface FunctionSpec {
  /** Entry file relative to the repo root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly tables: Partial<Record<TableKey, 'read' | 'readwrite'>>;
  /** Sends to the model-events queue. */
  readonly sendsModelEvents?: boolean;
  /** Sends to the retrain-requests queue. */
  readonly sendsRetrainRequests?: boolean;
  /** Sends to the analysis-requests queue (batch analyses). */
  readonly sendsAnalysisRequests?: boolean;
  /** Gets the webhook URLs (CDK context `alertWebhookUrls`). */
  readonly webhookTargets?: boolean;
  /** Reads or writes the artifacts bucket. */
  readonly artifacts?: 'read' | 'readwrite';
  /** Starts executions of the retrain state machine. */
  readonly startsRetrainWorkflow?: boolean;
  /** Is the task function the retrain state machine invokes. */
  readonly retrainStep?: boolean;
  /** Reads, or writes and reads, the AI models' API keys (Secrets Manager; locally an encrypted file). */
  readonly keyVault?: 'read' | 'readwrite';
  /** Calls AI providers: Bedrock through its IAM role (the others over HTTPS with their keys). */
  readonly callsProviders?: boolean;
  /** Publishes to the alerts topic. */
  readonly publishesAlerts?: boolean;
  /** Reads the depth of every queue and dead-letter queue (GetQueueAttributes only). */
  readonly readsQueueDepths?: boolean;
  /** Reads, or writes and reads, the metric store (Timestream or DynamoDB, by context). */
  readonly metricStore?: 'read' | 'readwrite';
  /** @default 256 */
  readonly memoryMb?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
}

/** What the alert manager reads and writes: a function that publishes alerts spreads these into its tables. */
const ALERT_MANAGER_TABLES = { alerts: 'readwrite', alerting: 'readwrite', config: 'read' } as const;

/** What AI operations read and write. */
const AI_OPS_TABLES = {
  aiModels: 'readwrite',
  aiHealth: 'readwrite',
  llmUsage: 'readwrite',
  llmBudgets: 'readwrite',
  config: 'readwrite',
} as const;

export const FUNCTIONS = {
  health: {
    entry: 'functions/health/get-health.ts',
    description: 'Liveness of the API and of DynamoDB (a read of the config table)',
    tables: { config: 'read' },
  },
  apiDocs: {
    entry: 'functions/health/get-openapi.ts',
    description: 'The OpenAPI 3.1 document of this API',
    tables: {},
  },
  serviceMonitoring: {
    entry: 'functions/services/api.ts',
    description: 'Service metric history and HTTP traffic out, and anomaly detection over their recent points',
    tables: { services: 'read', anomalies: 'readwrite', httpTraffic: 'read', config: 'readwrite' },
    metricStore: 'read',
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  serviceIngest: {
    entry: 'functions/services/ingest.ts',
    description:
      'Service metrics and HTTP request events in; judges the newest minute of traffic as it arrives and alerts on a burst',
    tables: {
      services: 'readwrite',
      anomalies: 'readwrite',
      httpTraffic: 'readwrite',
      ...ALERT_MANAGER_TABLES,
    },
    metricStore: 'readwrite',
    publishesAlerts: true,
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  probesApi: {
    entry: 'functions/services/probes-api.ts',
    description: 'HTTP probes: define, change and delete them (resolving their alerts), and list their results',
    tables: { probes: 'readwrite', probeResults: 'read', anomalies: 'readwrite', ...ALERT_MANAGER_TABLES },
    publishesAlerts: true,
    memoryMb: 512,
    timeoutSeconds: 10,
  },
  probeRunner: {
    entry: 'functions/services/run-probes.ts',
    description:
      'Every minute: checks the probes that are due (sub-minute ones repeatedly within the minute), stores results, alerts on failures',
    tables: {
      probes: 'readwrite',
      probeResults: 'readwrite',
      anomalies: 'readwrite',
      ...ALERT_MANAGER_TABLES,
    },
    publishesAlerts: true,
    memoryMb: 512,
    timeoutSeconds: 75,
  },
  forecasting: {
    entry: 'functions/services/forecast-api.ts',
    description:
      'Plugin analytics: forecasters per service metric, forecasts with bands and breaches, optimisation suggestions, the analytics summary',
    tables: {
      services: 'read',
      forecasts: 'readwrite',
      anomalies: 'read',
      httpTraffic: 'read',
      suggestions: 'readwrite',
      namedModels: 'readwrite',
      ...ALERT_MANAGER_TABLES,
    },
    metricStore: 'read',
    readsQueueDepths: true,
    /** Large exports go to `exports/` in the artifacts bucket, downloaded through presigned links. */
    artifacts: 'readwrite',
    publishesAlerts: true,
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  forecastSchedule: {
    entry: 'functions/services/forecast-scheduled.ts',
    description:
      'Hourly: retrains forecasters older than the retraining interval and alerts on forecast breaches within 24 h',
    tables: {
      services: 'read',
      forecasts: 'readwrite',
      ...ALERT_MANAGER_TABLES,
      config: 'readwrite',
    },
    metricStore: 'read',
    publishesAlerts: true,
    memoryMb: 1024,
    timeoutSeconds: 600,
  },
  aiOpsApi: {
    entry: 'functions/providers/api.ts',
    description: 'AI operations: AI models and their keys, health tests, budgets, prices, usage and cost reports, SLOs',
    tables: AI_OPS_TABLES,
    keyVault: 'readwrite',
    callsProviders: true,
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  llmUsageIngest: {
    entry: 'functions/providers/ingest.ts',
    description: 'Calls to AI providers in (costed at ingestion, once per request id); budgets re-summed and alerted',
    tables: { llmUsage: 'readwrite', llmBudgets: 'readwrite', ...ALERT_MANAGER_TABLES },
    publishesAlerts: true,
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  generationGateway: {
    entry: 'functions/providers/generate.ts',
    description:
      'Text generation over the AI providers: budget reservation, per-model concurrency, retries, circuit breakers, fallbacks',
    tables: { aiModels: 'read', llmUsage: 'readwrite', llmBudgets: 'readwrite', config: 'read' },
    keyVault: 'read',
    callsProviders: true,
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  aiOpsSchedule: {
    entry: 'functions/providers/scheduled.ts',
    description:
      'Every 5 minutes: budgets re-summed, SLO burn rates and real-time rules per provider model, key ages; hourly health tests',
    tables: { ...AI_OPS_TABLES, ...ALERT_MANAGER_TABLES, config: 'readwrite' },
    keyVault: 'read',
    callsProviders: true,
    publishesAlerts: true,
    memoryMb: 512,
    timeoutSeconds: 300,
  },
  incidentsApi: {
    entry: 'functions/incidents/api.ts',
    description:
      'Incidents: open, change and resolve them; timelines, MTTR/MTBF, post-mortems, and evidence-first insight (with an optional cited narrative)',
    tables: {
      incidents: 'readwrite',
      alerts: 'read',
      anomalies: 'read',
      audit: 'read',
      config: 'readwrite',
      aiModels: 'read',
      llmUsage: 'readwrite',
      llmBudgets: 'readwrite',
    },
    keyVault: 'read',
    callsProviders: true,
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  incidentSync: {
    entry: 'functions/incidents/sync-scheduled.ts',
    description:
      'Every minute: opens an incident for each new critical alert, resolves those whose alerts all resolved',
    tables: { incidents: 'readwrite', alerts: 'read', anomalies: 'read', audit: 'read', config: 'read' },
    memoryMb: 256,
    timeoutSeconds: 50,
  },
  batchAnalysisApi: {
    entry: 'functions/services/batch-api.ts',
    description: 'Starts batch analyses (one queue message per service) and reports their progress',
    tables: { batches: 'readwrite' },
    sendsAnalysisRequests: true,
    memoryMb: 256,
  },
  batchAnalysisWorker: {
    entry: 'functions/services/batch-worker.ts',
    description:
      "Runs one service's analyses of a batch (anomalies, forecast, suggestions) and records the result once",
    tables: {
      batches: 'readwrite',
      services: 'read',
      anomalies: 'readwrite',
      httpTraffic: 'read',
      forecasts: 'readwrite',
      suggestions: 'readwrite',
      ...ALERT_MANAGER_TABLES,
    },
    metricStore: 'read',
    publishesAlerts: true,
    memoryMb: 1024,
    timeoutSeconds: 120,
  },
  serviceDetection: {
    entry: 'functions/services/detect-scheduled.ts',
    description:
      'Scheduled anomaly detection over every service that reports: stores what it finds and runs the alert rules',
    tables: {
      services: 'read',
      anomalies: 'readwrite',
      httpTraffic: 'readwrite',
      ...ALERT_MANAGER_TABLES,
      config: 'readwrite',
    },
    metricStore: 'read',
    publishesAlerts: true,
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
  analytics: {
    entry: 'functions/analytics/analyze.ts',
    description: 'Stateless analysis of one series: statistics, anomalies by method, trend and seasonality',
    tables: {},
    memoryMb: 1024,
  },
  platformAdmin: {
    entry: 'functions/platform/admin.ts',
    description: 'The audit log of writes, and the configuration as one document (export, validate, import, versions)',
    tables: { audit: 'readwrite', config: 'readwrite', alerting: 'readwrite' },
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  monitoringIngest: {
    entry: 'functions/monitoring/ingest.ts',
    description: 'Logs predictions and their outcomes',
    tables: { predictions: 'readwrite', aggregates: 'readwrite', models: 'readwrite', config: 'read' },
    sendsModelEvents: true,
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  monitoringQuery: {
    entry: 'functions/monitoring/query.ts',
    description: 'Model performance, summary, thresholds and drift reports',
    tables: {
      audit: 'readwrite',
      aggregates: 'read',
      models: 'readwrite',
      config: 'readwrite',
      predictions: 'read',
      versions: 'read',
    },
    sendsRetrainRequests: true,
    metricStore: 'read',
    artifacts: 'read',
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  alertingApi: {
    entry: 'functions/alerting/api.ts',
    description: 'Alerts, acknowledgements, rules, silences, alerting settings and notices',
    tables: { audit: 'readwrite', alerts: 'readwrite', alerting: 'readwrite', config: 'readwrite' },
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  statusEvaluator: {
    entry: 'functions/monitoring/evaluate-status.ts',
    description: 'Re-evaluates models from the model-events queue, seals closed buckets and runs the alert manager',
    tables: {
      aggregates: 'readwrite',
      predictions: 'read',
      models: 'readwrite',
      config: 'read',
      alerts: 'readwrite',
      alerting: 'readwrite',
    },
    sendsModelEvents: true,
    publishesAlerts: true,
    metricStore: 'readwrite',
    timeoutSeconds: 30,
  },
  driftScan: {
    entry: 'functions/drift/scan-drift.ts',
    description: 'Scheduled drift scan and label-free accuracy estimate over every model',
    tables: { models: 'readwrite', predictions: 'read', aggregates: 'read', config: 'read', versions: 'read' },
    sendsRetrainRequests: true,
    sendsModelEvents: true,
    artifacts: 'read',
    memoryMb: 1769,
    timeoutSeconds: 900,
  },
  retrainApi: {
    entry: 'functions/retraining/api.ts',
    description: 'Model registry (config, versions, rollback, predict) and retraining (status, config, manual trigger)',
    tables: {
      audit: 'readwrite',
      models: 'readwrite',
      versions: 'readwrite',
      retrainTasks: 'readwrite',
      config: 'readwrite',
      predictions: 'readwrite',
      aggregates: 'readwrite',
    },
    sendsModelEvents: true,
    artifacts: 'read',
    startsRetrainWorkflow: true,
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  retrainConsumer: {
    entry: 'functions/retraining/consume-requests.ts',
    description: 'Queues retrain requests (drift, manual) and starts runs within the concurrency limit',
    tables: { models: 'readwrite', retrainTasks: 'readwrite', config: 'read' },
    startsRetrainWorkflow: true,
    timeoutSeconds: 60,
  },
  retrainSchedule: {
    entry: 'functions/retraining/schedule-retrains.ts',
    description: 'Requests retrains of models past their retrain interval',
    tables: { models: 'readwrite', retrainTasks: 'readwrite', config: 'read' },
    startsRetrainWorkflow: true,
    timeoutSeconds: 60,
  },
  retrainStep: {
    entry: 'functions/retraining/run-step.ts',
    description:
      'The tasks of the retrain state machine: backup, collect, features, train, evaluate, deploy, verify, confirm, rollback, finish',
    tables: {
      aggregates: 'read',
      models: 'readwrite',
      versions: 'readwrite',
      retrainTasks: 'readwrite',
      config: 'readwrite',
      predictions: 'read',
    },
    sendsRetrainRequests: true,
    artifacts: 'readwrite',
    retrainStep: true,
    memoryMb: 1769,
    timeoutSeconds: 900,
  },
  webhookNotifier: {
    entry: 'functions/alerting/deliver-webhooks.ts',
    description: 'POSTs alert notices to webhooks with an HMAC signature, retrying with backoff',
    tables: { alerts: 'readwrite', config: 'readwrite' },
    webhookTargets: true,
    timeoutSeconds: 25,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionKey = keyof typeof FUNCTIONS;

/** One HTTP route. */
export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly function: FunctionKey;
  /** Roles allowed; absent means the route is public (no authorizer). */
  readonly roles?: readonly Role[];
  /** Steady-state requests per second and burst for this route. */
  readonly throttle: { readonly rate: number; readonly burst: number };
  /** One line for the API reference (OpenAPI `summary`). */
  readonly summary: string;
  /** Data, not configuration: predictions, outcomes and predict calls are not written to the audit log. */
  readonly dataPlane?: true;
}

const WRITE: readonly Role[] = ['ingest', 'operator', 'admin'];
const READ: readonly Role[] = ['viewer', 'operator', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const OPS: readonly Role[] = ['operator', 'admin'];
const RETRAIN = '/api/ai/retrain';
const MODELS = '/api/ai/models';
const MONITORING = '/api/ai/monitoring';
const SERVICES = '/api/plugin-ai-analytics';
const AIOPS = '/api/v1/aiops';
const t = (rate: number, burst: number) => ({ rate, burst });

/**
 * The route table, keyed by route id: the one source for the HTTP API in CDK, the local gateway,
 * the role check, the OpenAPI document and each function's router. A function's handlers are
 * keyed by these ids (platform/http/api.ts), so a route without a handler, or a handler without
 * a route, does not compile.
 */
export const ROUTE_TABLE = {
  health: {
    method: 'GET',
    path: '/api/v1/aiops/health',
    function: 'health',
    throttle: t(50, 100),
    summary: 'Liveness',
  },
  openapi: {
    method: 'GET',
    path: '/api/v1/aiops/openapi.json',
    function: 'apiDocs',
    throttle: t(10, 20),
    summary: 'This API described as OpenAPI 3.1',
  },
  collectMetrics: {
    method: 'POST',
    path: `${SERVICES}/collect-metrics/{plugin_id}`,
    function: 'serviceIngest',
    roles: WRITE,
    throttle: t(1000, 2000),
    summary: 'Record metric points of a service (one, or up to 1,000)',
    dataPlane: true,
  },
  ingestHttpEvents: {
    method: 'POST',
    path: '/api/v1/aiops/http-events',
    function: 'serviceIngest',
    roles: WRITE,
    throttle: t(500, 1000),
    summary:
      "Record a service's HTTP requests (up to 1,000): counted per minute once however often sent, the newest minute judged at once",
    dataPlane: true,
  },
  ingestMetrics: {
    method: 'POST',
    path: '/api/v1/aiops/metrics',
    function: 'serviceIngest',
    roles: WRITE,
    throttle: t(1000, 2000),
    summary: 'Record generic metrics ({metricName, value, timestamp?, service?, tags?}, or up to 1,000 as {metrics})',
    dataPlane: true,
  },
  getServiceSettings: {
    method: 'GET',
    path: '/api/v1/aiops/services/settings',
    function: 'serviceMonitoring',
    roles: READ,
    throttle: t(20, 40),
    summary: "Service monitoring's settings: the anomaly detection sensitivity (seed default 0.1)",
  },
  putServiceSettings: {
    method: 'PUT',
    path: '/api/v1/aiops/services/settings',
    function: 'serviceMonitoring',
    roles: OPS,
    throttle: t(5, 10),
    summary: "Change service monitoring's settings (fields left out keep their value)",
  },
  listServiceSeries: {
    method: 'GET',
    path: '/api/v1/aiops/metrics/series',
    function: 'serviceMonitoring',
    roles: READ,
    throttle: t(50, 100),
    summary: 'The series a service reports: standard and custom metrics, each with its tags',
  },
  getHttpTraffic: {
    method: 'GET',
    path: '/api/v1/aiops/http-traffic/{service}',
    function: 'serviceMonitoring',
    roles: READ,
    throttle: t(50, 100),
    summary:
      "A service's HTTP traffic per minute (RPS, errors, percentiles, callers) with its top callers and endpoints",
  },
  createAiModel: {
    method: 'POST',
    path: `${AIOPS}/ai-models`,
    function: 'aiOpsApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Register an AI model the organisation calls (provider, model id, parameters, fallback, key)',
  },
  listAiModels: {
    method: 'GET',
    path: `${AIOPS}/ai-models`,
    function: 'aiOpsApi',
    roles: READ,
    throttle: t(50, 100),
    summary: 'Every AI model with its key (last 4 characters and age only) and newest health score',
  },
  updateAiModel: {
    method: 'PUT',
    path: `${AIOPS}/ai-models/{id}`,
    function: 'aiOpsApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: "Replace an AI model's definition; an `api_key` given replaces the stored key (rotation)",
  },
  deleteAiModel: {
    method: 'DELETE',
    path: `${AIOPS}/ai-models/{id}`,
    function: 'aiOpsApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Delete an AI model and its key (refused while another model falls back to it)',
  },
  testAiModel: {
    method: 'POST',
    path: `${AIOPS}/ai-models/{id}/test`,
    function: 'aiOpsApi',
    roles: OPS,
    throttle: t(2, 5),
    summary: "Run the manual's four health tests (connection, Korean, evaluation, analysis) and score the model 0-100",
  },
  getAiModelHealth: {
    method: 'GET',
    path: `${AIOPS}/ai-models/{id}/health`,
    function: 'aiOpsApi',
    roles: READ,
    throttle: t(50, 100),
    summary: "An AI model's health test history, newest first, each with its four parts",
  },
  ingestLlmUsage: {
    method: 'POST',
    path: `${AIOPS}/llm/usage`,
    function: 'llmUsageIngest',
    roles: WRITE,
    throttle: t(200, 400),
    summary: 'Report calls to AI providers (one or up to 1,000); each costed at its time, stored once per request_id',
    dataPlane: true,
  },
  getLlmUsageReport: {
    method: 'GET',
    path: `${AIOPS}/llm/reports`,
    function: 'aiOpsApi',
    roles: READ,
    throttle: t(10, 20),
    summary:
      'Usage and cost by model, department and hour of day, underused models, cost per successful call (JSON or CSV)',
  },
  listLlmPrices: {
    method: 'GET',
    path: `${AIOPS}/llm/prices`,
    function: 'aiOpsApi',
    roles: READ,
    throttle: t(20, 40),
    summary: "The price table (each price with its source and date) and the operators' overrides",
  },
  putLlmPrice: {
    method: 'PUT',
    path: `${AIOPS}/llm/prices`,
    function: 'aiOpsApi',
    roles: OPS,
    throttle: t(5, 10),
    summary: "Override a model's price from a date on (calls before it keep the price they were costed at)",
  },
  createBudget: {
    method: 'POST',
    path: `${AIOPS}/llm/budgets`,
    function: 'aiOpsApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'A daily or monthly budget for everything, a model, a provider, a department or a key',
  },
  listBudgets: {
    method: 'GET',
    path: `${AIOPS}/llm/budgets`,
    function: 'aiOpsApi',
    roles: READ,
    throttle: t(50, 100),
    summary: 'Every budget with its spend this period, open reservations, state and period-end forecast',
  },
  deleteBudget: {
    method: 'DELETE',
    path: `${AIOPS}/llm/budgets/{budget_id}`,
    function: 'aiOpsApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Delete a budget',
  },
  getLlmSlos: {
    method: 'GET',
    path: `${AIOPS}/llm/slos`,
    function: 'aiOpsApi',
    roles: READ,
    throttle: t(10, 20),
    summary:
      'Per provider model: availability, latency percentiles, error rate against the SLOs; error budget and burn rates',
  },
  generateText: {
    method: 'POST',
    path: `${AIOPS}/generate/text`,
    function: 'generationGateway',
    roles: WRITE,
    throttle: t(50, 100),
    summary:
      'Generate text with a registered model: its budget reserved first, retries, circuit breakers and its fallback chain',
    dataPlane: true,
  },
  openIncident: {
    method: 'POST',
    path: `${AIOPS}/incidents`,
    function: 'incidentsApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Open an incident by hand (L1-L4, with the recovery target of its level)',
  },
  listIncidents: {
    method: 'GET',
    path: `${AIOPS}/incidents`,
    function: 'incidentsApi',
    roles: READ,
    throttle: t(50, 100),
    summary: 'Incidents, newest first, each with its recovery target and whether it was missed',
  },
  getIncidentMetrics: {
    method: 'GET',
    path: `${AIOPS}/incident-metrics`,
    function: 'incidentsApi',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Per model, service or other scope: incidents, MTTR and MTBF, resolutions within target',
  },
  getIncidentSettings: {
    method: 'GET',
    path: `${AIOPS}/incident-settings`,
    function: 'incidentsApi',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Which registered AI model writes incident narratives (none: the deterministic insight alone)',
  },
  putIncidentSettings: {
    method: 'PUT',
    path: `${AIOPS}/incident-settings`,
    function: 'incidentsApi',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Set (or clear) the AI model that writes incident narratives',
  },
  getIncident: {
    method: 'GET',
    path: `${AIOPS}/incidents/{incident_id}`,
    function: 'incidentsApi',
    roles: READ,
    throttle: t(50, 100),
    summary: 'An incident with its timeline: alerts, acknowledgements, anomalies, changes, deploys and notes',
  },
  updateIncident: {
    method: 'PUT',
    path: `${AIOPS}/incidents/{incident_id}`,
    function: 'incidentsApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Change its level, resolve or reopen it, add a note, fill in its post-mortem fields',
  },
  getIncidentInsight: {
    method: 'GET',
    path: `${AIOPS}/incidents/{incident_id}/insight`,
    function: 'incidentsApi',
    roles: READ,
    throttle: t(10, 20),
    summary: 'Evidence-first insight: a summary, graded hypotheses with their evidence, and a narrative that cites it',
  },
  getIncidentPostmortem: {
    method: 'GET',
    path: `${AIOPS}/incidents/{incident_id}/postmortem`,
    function: 'incidentsApi',
    roles: READ,
    throttle: t(10, 20),
    summary: "The post-mortem in Markdown, in the operations manual's sections",
  },
  getAlertInsight: {
    method: 'GET',
    path: `${AIOPS}/alerts/{alert_id}/insight`,
    function: 'incidentsApi',
    roles: READ,
    throttle: t(10, 20),
    summary: 'Evidence-first insight for any alert, firing or resolved',
  },
  createProbe: {
    method: 'POST',
    path: '/api/v1/aiops/probes',
    function: 'probesApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Define an HTTP probe: a URL checked on a schedule against an expected status, time and body',
  },
  listProbes: {
    method: 'GET',
    path: '/api/v1/aiops/probes',
    function: 'probesApi',
    roles: READ,
    throttle: t(50, 100),
    summary: 'Every probe with its state (up, down, unknown) and its last check',
  },
  updateProbe: {
    method: 'PUT',
    path: '/api/v1/aiops/probes/{probe_id}',
    function: 'probesApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: "Replace a probe's definition (its name stays); its state is kept and it is checked at once",
  },
  deleteProbe: {
    method: 'DELETE',
    path: '/api/v1/aiops/probes/{probe_id}',
    function: 'probesApi',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Delete a probe, resolving its alerts (its results expire after 30 days)',
  },
  getProbeResults: {
    method: 'GET',
    path: '/api/v1/aiops/probes/{probe_id}/results',
    function: 'probesApi',
    roles: READ,
    throttle: t(50, 100),
    summary: "A probe's newest results: status, latency, TLS days left, connection errors, missed expectations",
  },
  trainForecastModels: {
    method: 'POST',
    path: `${SERVICES}/train-models/{plugin_id}`,
    function: 'forecasting',
    roles: OPS,
    throttle: t(5, 10),
    summary: 'Train a forecaster per metric with enough history (the model picked on held-out days, with its figures)',
  },
  predictServiceMetrics: {
    method: 'GET',
    path: `${SERVICES}/predict/{plugin_id}`,
    function: 'forecasting',
    roles: READ,
    throttle: t(20, 40),
    summary: "Forecast a service's metrics with 80 % and 95 % bands, and when a forecast crosses its metric's limit",
  },
  getOptimizationSuggestions: {
    method: 'GET',
    path: `${SERVICES}/optimization-suggestions/{plugin_id}`,
    function: 'forecasting',
    roles: READ,
    throttle: t(20, 40),
    summary:
      'Optimisation suggestions from the service’s own figures, each with its expected effect, steps and evidence',
  },
  getSuggestionsHistory: {
    method: 'GET',
    path: `${SERVICES}/suggestions-history/{plugin_id}`,
    function: 'forecasting',
    roles: READ,
    throttle: t(50, 100),
    summary: 'The suggestions made for a service over the last days (kept 90), newest first',
  },
  exportServiceData: {
    method: 'GET',
    path: `${SERVICES}/export-data/{plugin_id}`,
    function: 'forecasting',
    roles: READ,
    throttle: t(10, 20),
    summary:
      "A service's metrics, anomalies, forecasts or suggestions over a range, as CSV or JSON (up to 5 MB a response)",
  },
  createNamedModel: {
    method: 'POST',
    path: '/api/v1/aiops/models',
    function: 'forecasting',
    roles: OPS,
    throttle: t(5, 10),
    summary: 'Create and train a named anomaly or forecast model over one service metric (seed 002)',
  },
  listNamedModels: {
    method: 'GET',
    path: '/api/v1/aiops/models',
    function: 'forecasting',
    roles: READ,
    throttle: t(20, 40),
    summary: 'The named models with what their training measured',
  },
  getSystemStatus: {
    method: 'GET',
    path: `${SERVICES}/system-status`,
    function: 'forecasting',
    roles: READ,
    throttle: t(20, 40),
    summary:
      'Services monitored and how fresh their data is, forecasters and their age, the schedules’ last runs and failures',
  },
  getAnalyticsSummary: {
    method: 'GET',
    path: `${SERVICES}/analytics-summary/{plugin_id}`,
    function: 'forecasting',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Current metrics, a health score with its parts, anomalies, forecast highlights, top suggestions, models',
  },
  startBatchAnalysis: {
    method: 'POST',
    path: `${SERVICES}/batch-analysis`,
    function: 'batchAnalysisApi',
    roles: OPS,
    throttle: t(5, 10),
    summary:
      'Analyse many services at once (anomalies, forecast, suggestions): 202 with a batch id, the work fanned out over SQS',
  },
  getBatchAnalysis: {
    method: 'GET',
    path: `${SERVICES}/batch-analysis/{batch_id}`,
    function: 'batchAnalysisApi',
    roles: READ,
    throttle: t(50, 100),
    summary: "A batch analysis's progress and each service's result",
  },
  listServices: {
    method: 'GET',
    path: `${SERVICES}/services`,
    function: 'serviceMonitoring',
    roles: READ,
    throttle: t(50, 100),
    summary: 'The services that have reported metrics, with when first and last',
  },
  getServiceMetricsHistory: {
    method: 'GET',
    path: `${SERVICES}/metrics-history/{plugin_id}`,
    function: 'serviceMonitoring',
    roles: READ,
    throttle: t(100, 200),
    summary: "A service metric's points, raw or aggregated per step",
  },
  detectServiceAnomalies: {
    method: 'GET',
    path: `${SERVICES}/detect-anomalies/{plugin_id}`,
    function: 'serviceMonitoring',
    roles: READ,
    throttle: t(20, 40),
    summary: "Anomalies in a service's last day of metrics, graded, with what to do",
  },
  getAnomaliesHistory: {
    method: 'GET',
    path: `${SERVICES}/anomalies-history/{plugin_id}`,
    function: 'serviceMonitoring',
    roles: READ,
    throttle: t(50, 100),
    summary: "A service's stored anomalies of the last hours, newest first",
  },
  analyzeMetric: {
    method: 'POST',
    path: '/api/v1/aiops/analytics/analyze',
    function: 'analytics',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Analyse one series (statistics, anomalies by method, trend, seasonality); nothing is stored',
  },
  listAudit: {
    method: 'GET',
    path: '/api/v1/aiops/audit',
    function: 'platformAdmin',
    roles: ADMIN,
    throttle: t(10, 20),
    summary: 'The audit log of writes, newest first, as JSON or CSV, with a check of its hash chain',
  },
  getConfig: {
    method: 'GET',
    path: '/api/v1/aiops/config',
    function: 'platformAdmin',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Every setting, the alert rules and the silences as one document (JSON or YAML)',
  },
  validateConfig: {
    method: 'POST',
    path: '/api/v1/aiops/config/validate',
    function: 'platformAdmin',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Check a configuration document without applying it',
  },
  putConfig: {
    method: 'PUT',
    path: '/api/v1/aiops/config',
    function: 'platformAdmin',
    roles: ADMIN,
    throttle: t(5, 10),
    summary:
      'Import a configuration document as a new version (all sections valid or nothing written; dry_run shows the diff)',
  },
  listConfigVersions: {
    method: 'GET',
    path: '/api/v1/aiops/config/versions',
    function: 'platformAdmin',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'Configuration versions, newest first',
  },
  getConfigVersion: {
    method: 'GET',
    path: '/api/v1/aiops/config/versions/{version}',
    function: 'platformAdmin',
    roles: OPS,
    throttle: t(10, 20),
    summary: 'One configuration version: its document and its diff',
  },
  restoreConfigVersion: {
    method: 'POST',
    path: '/api/v1/aiops/config/versions/{version}/restore',
    function: 'platformAdmin',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Restore an earlier configuration version (as a new version)',
  },
  logPrediction: {
    method: 'POST',
    path: `${MONITORING}/log-prediction`,
    function: 'monitoringIngest',
    roles: WRITE,
    throttle: t(2000, 4000),
    summary: 'Log one prediction',
    dataPlane: true,
  },
  logPredictions: {
    method: 'POST',
    path: `${MONITORING}/log-predictions`,
    function: 'monitoringIngest',
    roles: WRITE,
    throttle: t(200, 400),
    summary: 'Log a batch of predictions',
    dataPlane: true,
  },
  updateResult: {
    method: 'POST',
    path: `${MONITORING}/update-result`,
    function: 'monitoringIngest',
    roles: WRITE,
    throttle: t(2000, 4000),
    summary: 'Record the actual outcome of a prediction',
    dataPlane: true,
  },
  getPerformance: {
    method: 'GET',
    path: `${MONITORING}/performance`,
    function: 'monitoringQuery',
    roles: READ,
    throttle: t(100, 200),
    summary: "A model's performance, status and history",
  },
  getMetricHistory: {
    method: 'GET',
    path: `${MONITORING}/metric-history`,
    function: 'monitoringQuery',
    roles: READ,
    throttle: t(100, 200),
    summary:
      "A model's recorded metric snapshots (accuracy, the label-free estimate with its interval, latency, error rate, drift)",
  },
  getSummary: {
    method: 'GET',
    path: `${MONITORING}/summary`,
    function: 'monitoringQuery',
    roles: READ,
    throttle: t(50, 100),
    summary: 'Fleet summary',
  },
  getThresholds: {
    method: 'GET',
    path: `${MONITORING}/thresholds`,
    function: 'monitoringQuery',
    roles: READ,
    throttle: t(50, 100),
    summary: 'Alert thresholds and evaluation settings',
  },
  putThresholds: {
    method: 'PUT',
    path: `${MONITORING}/thresholds`,
    function: 'monitoringQuery',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Update thresholds',
  },
  getDrift: {
    method: 'GET',
    path: `${MONITORING}/drift`,
    function: 'monitoringQuery',
    roles: READ,
    throttle: t(20, 40),
    summary: "A model's drift report and label-free accuracy estimate",
  },
  getMonitoringSettings: {
    method: 'GET',
    path: `${MONITORING}/settings`,
    function: 'monitoringQuery',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Monitoring settings: switches, alert thresholds, notification channels',
  },
  putMonitoringSettings: {
    method: 'PUT',
    path: `${MONITORING}/settings`,
    function: 'monitoringQuery',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Update monitoring settings (any part)',
  },
  listAlerts: {
    method: 'GET',
    path: `${MONITORING}/alerts`,
    function: 'alertingApi',
    roles: READ,
    throttle: t(50, 100),
    summary: 'Alert episodes, newest first',
  },
  ackAlert: {
    method: 'POST',
    path: `${MONITORING}/alerts/{id}/ack`,
    function: 'alertingApi',
    roles: OPS,
    throttle: t(20, 40),
    summary: 'Acknowledge an alert',
  },
  getAlertRules: {
    method: 'GET',
    path: `${MONITORING}/alert-rules`,
    function: 'alertingApi',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Alert rules (JSON, or YAML with ?format=yaml)',
  },
  putAlertRules: {
    method: 'PUT',
    path: `${MONITORING}/alert-rules`,
    function: 'alertingApi',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Add or replace one rule, or replace the set (JSON or YAML)',
  },
  deleteAlertRule: {
    method: 'DELETE',
    path: `${MONITORING}/alert-rules`,
    function: 'alertingApi',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Delete a rule by name',
  },
  listSilences: {
    method: 'GET',
    path: `${MONITORING}/silences`,
    function: 'alertingApi',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Silences',
  },
  createSilence: {
    method: 'POST',
    path: `${MONITORING}/silences`,
    function: 'alertingApi',
    roles: OPS,
    throttle: t(5, 10),
    summary: 'Create a silence',
  },
  updateSilence: {
    method: 'PUT',
    path: `${MONITORING}/silences/{id}`,
    function: 'alertingApi',
    roles: OPS,
    throttle: t(5, 10),
    summary: 'Change a silence',
  },
  deleteSilence: {
    method: 'DELETE',
    path: `${MONITORING}/silences/{id}`,
    function: 'alertingApi',
    roles: OPS,
    throttle: t(5, 10),
    summary: 'Delete a silence',
  },
  getAlertingSettings: {
    method: 'GET',
    path: `${MONITORING}/alerting-settings`,
    function: 'alertingApi',
    roles: READ,
    throttle: t(20, 40),
    summary: 'De-duplication, repeat, escalation and mute windows',
  },
  putAlertingSettings: {
    method: 'PUT',
    path: `${MONITORING}/alerting-settings`,
    function: 'alertingApi',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Update alerting settings',
  },
  listNotifications: {
    method: 'GET',
    path: `${MONITORING}/notifications`,
    function: 'alertingApi',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Notices sent, with their webhook deliveries',
  },
  getRetrainStatus: {
    method: 'GET',
    path: `${RETRAIN}/status`,
    function: 'retrainApi',
    roles: READ,
    throttle: t(20, 40),
    summary: 'Retraining tasks and settings',
  },
  putRetrainConfig: {
    method: 'PUT',
    path: `${RETRAIN}/config`,
    function: 'retrainApi',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Update retraining settings',
  },
  requestRetrain: {
    method: 'POST',
    path: `${RETRAIN}/manual`,
    function: 'retrainApi',
    roles: OPS,
    throttle: t(5, 10),
    summary: 'Request a retrain of a model',
  },
  getModel: {
    method: 'GET',
    path: `${MODELS}/{name}`,
    function: 'retrainApi',
    roles: READ,
    throttle: t(20, 40),
    summary: "A model's registry record and configuration",
  },
  putModelConfig: {
    method: 'PUT',
    path: `${MODELS}/{name}`,
    function: 'retrainApi',
    roles: ADMIN,
    throttle: t(5, 10),
    summary: 'Create a model or change its training configuration',
  },
  listVersions: {
    method: 'GET',
    path: `${MODELS}/{name}/versions`,
    function: 'retrainApi',
    roles: READ,
    throttle: t(20, 40),
    summary: "A model's versions, newest first",
  },
  rollbackModel: {
    method: 'POST',
    path: `${MODELS}/{name}/rollback`,
    function: 'retrainApi',
    roles: OPS,
    throttle: t(5, 10),
    summary: 'Move the champion to another version',
  },
  predict: {
    method: 'POST',
    path: `${MODELS}/{name}/predict`,
    function: 'retrainApi',
    roles: WRITE,
    throttle: t(500, 1000),
    summary: 'Predict with the champion (logged like any prediction)',
    dataPlane: true,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteId = keyof typeof ROUTE_TABLE;

/** The ids of the routes a function serves. */
export type RouteIdOf<F extends FunctionKey> = {
  [K in RouteId]: (typeof ROUTE_TABLE)[K]['function'] extends F ? K : never;
}[RouteId];

/** The route table as a list, each with its id. */
export const ROUTES: readonly (RouteSpec & { readonly id: RouteId })[] = (
  Object.entries(ROUTE_TABLE) as [RouteId, RouteSpec][]
).map(([id, r]) => ({ id, ...r }));

/** Matches a concrete path against a route's template (`{name}` segments); returns the parameters. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.replace(/\/$/, '').split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] ?? '';
    const value = p[i] ?? '';
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (value === '') return undefined;
      params[seg.slice(1, -1)] = decodeURIComponent(value);
    } else if (seg !== value) return undefined;
  }
  return params;
}

/** API Gateway's route key for a route, e.g. `GET /api/ai/monitoring/summary`. */
export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>): string => `${r.method} ${r.path}`;

export function findRoute(key: string): (RouteSpec & { readonly id: RouteId }) | undefined {
  return ROUTES.find((r) => routeKey(r) === key);
}

/** Queue consumers: Lambda event source mappings in CDK, pollers in the local stack. */
export const QUEUE_CONSUMERS = [
  { queue: 'modelEvents', function: 'statusEvaluator', batchSize: 10 },
  { queue: 'webhookDeliveries', function: 'webhookNotifier', batchSize: 5 },
  { queue: 'retrainRequests', function: 'retrainConsumer', batchSize: 1 },
  { queue: 'analysisRequests', function: 'batchAnalysisWorker', batchSize: 5 },
] as const satisfies readonly {
  queue: QueueKey;
  function: FunctionKey;
  batchSize: number;
}[];

/** Scheduled invocations: EventBridge rules in CDK, timers in the local stack. */
export const SCHEDULES = [
  { id: 'DriftScan', function: 'driftScan', rateMinutes: 5 },
  { id: 'RetrainSchedule', function: 'retrainSchedule', rateMinutes: 60 },
  { id: 'ServiceDetection', function: 'serviceDetection', rateMinutes: 5 },
  { id: 'ForecastSchedule', function: 'forecastSchedule', rateMinutes: 60 },
  { id: 'AiOpsSchedule', function: 'aiOpsSchedule', rateMinutes: 5 },
  { id: 'IncidentSync', function: 'incidentSync', rateMinutes: 1 },
  // Locally it also runs at start: probes are checked from the first seconds, not the first minute.
  { id: 'ProbeRunner', function: 'probeRunner', rateMinutes: 1, runAtStart: true },
] as const satisfies readonly {
  id: string;
  function: FunctionKey;
  rateMinutes: number;
  runAtStart?: boolean;
}[];
