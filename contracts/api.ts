import type * as z from 'zod/mini';
import type { RouteId } from '#catalog/routes.ts';
import {
  ackSchema,
  alertIdParamsSchema,
  alertingSettingsSchema,
  alertsQuerySchema,
  driftQuerySchema,
  noticesQuerySchema,
  putRulesSchema,
  ruleNameQuerySchema,
  rulesFormatQuerySchema,
  silenceIdParamsSchema,
  silenceSchema,
} from './alerting.schema.ts';
import {
  logPredictionsSchema,
  monitoringSettingsUpdateSchema,
  performanceQuerySchema,
  predictionItemSchema,
  thresholdsUpdateSchema,
  updateResultSchema,
} from './monitoring.schema.ts';
import * as r from './responses.schema.ts';
import { analyzeSchema } from './analytics.schema.ts';
import {
  anomaliesHistoryQuerySchema,
  collectMetricsSchema,
  httpEventsSchema,
  namedModelSchema,
  exportQuerySchema,
  batchAnalysisSchema,
  batchPathSchema,
  predictQuerySchema,
  suggestionsHistoryQuerySchema,
  ingestMetricsSchema,
  seriesQuerySchema,
  probePathSchema,
  probeResultsQuerySchema,
  probeSpecSchema,
  httpTrafficPathSchema,
  httpTrafficQuerySchema,
  metricsHistoryQuerySchema,
  servicePathSchema,
} from './services.schema.ts';
import { auditQuerySchema } from './audit.schema.ts';
import {
  aiModelCreateSchema,
  aiModelPathSchema,
  aiModelUpdateSchema,
  budgetPathSchema,
  budgetSchema,
  generateSchema,
  healthHistoryQuerySchema,
  priceSchema,
  sloQuerySchema,
  usageReportQuerySchema,
  usageSchema,
} from './providers.schema.ts';
import {
  alertInsightPathSchema,
  incidentPathSchema,
  incidentSettingsSchema,
  listIncidentsQuerySchema,
  openIncidentSchema,
  postmortemQuerySchema,
  updateIncidentSchema,
} from './incidents.schema.ts';
import {
  configFormatQuerySchema,
  configImportQuerySchema,
  configVersionParamsSchema,
  platformConfigSchema,
  serviceSettingsSchema,
} from './config.schema.ts';
import {
  manualRetrainSchema,
  modelConfigSchema,
  modelPathSchema,
  predictSchema,
  retrainConfigSchema,
  rollbackSchema,
} from './retraining.schema.ts';

/** What one route takes and answers. */
export interface RouteContract {
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly path?: z.ZodMiniType;
  readonly response: z.ZodMiniType;
  /** The success status. @default 200 */
  readonly status?: 200 | 201 | 202;
  /** Other representations of the body (besides JSON) the route accepts or returns. */
  readonly alsoYaml?: true;
}

/**
 * Every route's contract, keyed by route id: a route without one does not compile. Handlers
 * validate with the same schemas; e2e tests validate responses against `response`; the OpenAPI
 * document (openapi.ts) is generated from this table and the catalog.
 */
export const ROUTE_CONTRACTS = {
  health: { response: r.healthResponseSchema },
  openapi: { response: r.openApiResponseSchema },
  listAudit: { query: auditQuerySchema, response: r.auditResponseSchema },
  getConfig: { query: configFormatQuerySchema, response: r.configResponseSchema, alsoYaml: true },
  validateConfig: { body: platformConfigSchema, response: r.configCheckResponseSchema, alsoYaml: true },
  putConfig: {
    body: platformConfigSchema,
    query: configImportQuerySchema,
    response: r.configImportResponseSchema,
    alsoYaml: true,
  },
  listConfigVersions: { response: r.configVersionsResponseSchema },
  getConfigVersion: { path: configVersionParamsSchema, response: r.configVersionResponseSchema },
  restoreConfigVersion: {
    path: configVersionParamsSchema,
    query: configImportQuerySchema,
    response: r.configImportResponseSchema,
  },
  logPrediction: { body: predictionItemSchema, response: r.logPredictionResponseSchema, status: 201 },
  logPredictions: { body: logPredictionsSchema, response: r.logPredictionsResponseSchema },
  updateResult: { body: updateResultSchema, response: r.updateResultResponseSchema },
  getPerformance: { query: performanceQuerySchema, response: r.performanceResponseSchema },
  analyzeMetric: { body: analyzeSchema, response: r.analyzeResponseSchema },
  collectMetrics: {
    path: servicePathSchema,
    body: collectMetricsSchema,
    response: r.collectMetricsResponseSchema,
    status: 201,
  },
  listServices: { response: r.servicesResponseSchema },
  startBatchAnalysis: { body: batchAnalysisSchema, response: r.batchStartedResponseSchema, status: 202 },
  getBatchAnalysis: { path: batchPathSchema, response: r.batchResponseSchema },
  getOptimizationSuggestions: { path: servicePathSchema, response: r.suggestionsResponseSchema },
  getSuggestionsHistory: {
    path: servicePathSchema,
    query: suggestionsHistoryQuerySchema,
    response: r.suggestionsResponseSchema,
  },
  exportServiceData: {
    path: servicePathSchema,
    query: exportQuerySchema,
    response: r.exportResponseSchema,
  },
  getSystemStatus: { response: r.systemStatusResponseSchema },
  createAiModel: { body: aiModelCreateSchema, response: r.aiModelResponseSchema, status: 201 },
  listAiModels: { response: r.aiModelsResponseSchema },
  updateAiModel: { path: aiModelPathSchema, body: aiModelUpdateSchema, response: r.aiModelResponseSchema },
  deleteAiModel: { path: aiModelPathSchema, response: r.aiModelDeletedResponseSchema },
  testAiModel: { path: aiModelPathSchema, response: r.aiModelTestResponseSchema },
  getAiModelHealth: {
    path: aiModelPathSchema,
    query: healthHistoryQuerySchema,
    response: r.aiModelHealthResponseSchema,
  },
  ingestLlmUsage: { body: usageSchema, response: r.llmUsageResponseSchema },
  getLlmUsageReport: { query: usageReportQuerySchema, response: r.llmReportResponseSchema },
  listLlmPrices: { response: r.llmPricesResponseSchema },
  putLlmPrice: { body: priceSchema, response: r.llmPriceResponseSchema },
  createBudget: { body: budgetSchema, response: r.budgetResponseSchema, status: 201 },
  listBudgets: { response: r.budgetsResponseSchema },
  deleteBudget: { path: budgetPathSchema, response: r.budgetDeletedResponseSchema },
  getLlmSlos: { query: sloQuerySchema, response: r.llmSlosResponseSchema },
  generateText: { body: generateSchema, response: r.generateTextResponseSchema },
  openIncident: { body: openIncidentSchema, response: r.incidentResponseSchema, status: 201 },
  listIncidents: { query: listIncidentsQuerySchema, response: r.incidentsResponseSchema },
  getIncidentMetrics: { response: r.incidentMetricsResponseSchema },
  getIncidentSettings: { response: r.incidentSettingsResponseSchema },
  putIncidentSettings: { body: incidentSettingsSchema, response: r.incidentSettingsResponseSchema },
  getIncident: { path: incidentPathSchema, response: r.incidentDetailResponseSchema },
  updateIncident: { path: incidentPathSchema, body: updateIncidentSchema, response: r.incidentResponseSchema },
  getIncidentInsight: { path: incidentPathSchema, response: r.insightResponseSchema },
  getIncidentPostmortem: {
    path: incidentPathSchema,
    query: postmortemQuerySchema,
    response: r.postmortemResponseSchema,
  },
  getAlertInsight: { path: alertInsightPathSchema, response: r.insightResponseSchema },
  createNamedModel: { body: namedModelSchema, response: r.namedModelResponseSchema, status: 201 },
  listNamedModels: { response: r.namedModelsResponseSchema },
  getAnalyticsSummary: { path: servicePathSchema, response: r.analyticsSummaryResponseSchema },
  trainForecastModels: { path: servicePathSchema, response: r.trainModelsResponseSchema },
  predictServiceMetrics: { path: servicePathSchema, query: predictQuerySchema, response: r.forecastResponseSchema },
  createProbe: { body: probeSpecSchema, response: r.probeResponseSchema, status: 201 },
  listProbes: { response: r.probesResponseSchema },
  updateProbe: { path: probePathSchema, body: probeSpecSchema, response: r.probeResponseSchema },
  deleteProbe: { path: probePathSchema, response: r.probeDeletedResponseSchema },
  getProbeResults: { path: probePathSchema, query: probeResultsQuerySchema, response: r.probeResultsResponseSchema },
  ingestMetrics: { body: ingestMetricsSchema, response: r.ingestMetricsResponseSchema, status: 201 },
  getServiceSettings: { response: r.serviceSettingsResponseSchema },
  putServiceSettings: { body: serviceSettingsSchema, response: r.serviceSettingsResponseSchema },
  listServiceSeries: { query: seriesQuerySchema, response: r.serviceSeriesResponseSchema },
  ingestHttpEvents: { body: httpEventsSchema, response: r.httpEventsResponseSchema, status: 201 },
  getHttpTraffic: {
    path: httpTrafficPathSchema,
    query: httpTrafficQuerySchema,
    response: r.httpTrafficResponseSchema,
  },
  getServiceMetricsHistory: {
    path: servicePathSchema,
    query: metricsHistoryQuerySchema,
    response: r.serviceMetricsHistoryResponseSchema,
  },
  detectServiceAnomalies: { path: servicePathSchema, response: r.serviceAnomaliesResponseSchema },
  getAnomaliesHistory: {
    path: servicePathSchema,
    query: anomaliesHistoryQuerySchema,
    response: r.serviceAnomaliesResponseSchema,
  },
  getMetricHistory: { query: performanceQuerySchema, response: r.metricHistoryResponseSchema },
  getSummary: { response: r.summaryResponseSchema },
  getThresholds: { response: r.thresholdsResponseSchema },
  putThresholds: { body: thresholdsUpdateSchema, response: r.thresholdsResponseSchema },
  getDrift: { query: driftQuerySchema, response: r.driftResponseSchema },
  getMonitoringSettings: { response: r.monitoringSettingsResponseSchema },
  putMonitoringSettings: { body: monitoringSettingsUpdateSchema, response: r.monitoringSettingsResponseSchema },
  listAlerts: { query: alertsQuerySchema, response: r.alertsResponseSchema },
  ackAlert: { path: alertIdParamsSchema, body: ackSchema, response: r.alertResponseSchema },
  getAlertRules: { query: rulesFormatQuerySchema, response: r.rulesResponseSchema, alsoYaml: true },
  putAlertRules: { body: putRulesSchema, response: r.rulesResponseSchema, alsoYaml: true },
  deleteAlertRule: { query: ruleNameQuerySchema, response: r.deleteRuleResponseSchema },
  listSilences: { response: r.silencesResponseSchema },
  createSilence: { body: silenceSchema, response: r.silenceResponseSchema, status: 201 },
  updateSilence: { path: silenceIdParamsSchema, body: silenceSchema, response: r.silenceResponseSchema },
  deleteSilence: { path: silenceIdParamsSchema, response: r.deletedResponseSchema },
  getAlertingSettings: { response: r.alertingSettingsResponseSchema },
  putAlertingSettings: { body: alertingSettingsSchema, response: r.alertingSettingsResponseSchema },
  listNotifications: { query: noticesQuerySchema, response: r.notificationsResponseSchema },
  getRetrainStatus: { response: r.retrainStatusResponseSchema },
  putRetrainConfig: { body: retrainConfigSchema, response: r.retrainConfigResponseSchema },
  requestRetrain: { body: manualRetrainSchema, response: r.retrainTaskResponseSchema, status: 202 },
  getModel: { path: modelPathSchema, response: r.modelResponseSchema },
  putModelConfig: { path: modelPathSchema, body: modelConfigSchema, response: r.modelConfigResponseSchema },
  listVersions: { path: modelPathSchema, response: r.versionsResponseSchema },
  rollbackModel: { path: modelPathSchema, body: rollbackSchema, response: r.rollbackResponseSchema },
  predict: { path: modelPathSchema, body: predictSchema, response: r.predictResponseSchema },
} as const satisfies Record<RouteId, RouteContract>;

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** The body route `K` answers with (read-only, so domain results with readonly arrays fit). */
export type ResponseBody<K extends RouteId> = DeepReadonly<z.output<(typeof ROUTE_CONTRACTS)[K]['response']>>;
