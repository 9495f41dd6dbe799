import { systemClock } from '#domain/kernel/time.ts';
import { createServiceMonitoring } from '#domain/services/service.ts';
import { createProbes } from '#domain/services/probes.ts';
import { createForecasting } from '#domain/services/forecasts.ts';
import { createInsights } from '#domain/services/insights.ts';
import { createNamedModels } from '#domain/services/named-models.ts';
import { DynamoNamedModelStore } from '#adapters/dynamodb/named-models.adapter.ts';
import { createBatchAnalysis, type AnalysisRunner } from '#domain/services/batch.ts';
import { DynamoBatchStore } from '#adapters/dynamodb/batches.adapter.ts';
import { SqsAnalysisQueue } from '#adapters/sqs/analysis-queue.adapter.ts';
import { queueUrlsFrom, SqsQueueDepths } from '#adapters/sqs/queue-depths.adapter.ts';
import { S3ExportStore } from '#adapters/s3/export-store.adapter.ts';
import { DynamoSuggestionStore } from '#adapters/dynamodb/suggestions.adapter.ts';
import { DynamoForecastStore } from '#adapters/dynamodb/forecasts.adapter.ts';
import { DynamoProbeStore } from '#adapters/dynamodb/probes.adapter.ts';
import { httpProbeChecker } from '#adapters/http/probe-checker.adapter.ts';
import { DynamoAnomalyStore } from '#adapters/dynamodb/anomalies.adapter.ts';
import { DynamoHttpTrafficStore } from '#adapters/dynamodb/http-traffic.adapter.ts';
import { DynamoServiceRegistry } from '#adapters/dynamodb/services.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { documents, s3, sqs } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import { alertManager } from './alerting.ts';
import { metricStore } from './monitoring.ts';
import { config, randomIds, type Env } from './stores.ts';

/**
 * Composition root of service monitoring: the metric store, the service registry, stored
 * anomalies, the clock; with `alerts`, the alert manager (the scheduled detection).
 */
export function serviceMonitoring(env: Env, options: { readonly alerts?: boolean } = {}) {
  return createServiceMonitoring({
    ...(options.alerts === true ? { alerts: serviceAlerts(env) } : {}),
    metrics: metricStore(env),
    registry: new DynamoServiceRegistry(documents(), requireString(env, ENV.servicesTable)),
    anomalies: new DynamoAnomalyStore(documents(), requireString(env, ENV.anomaliesTable)),
    traffic: new DynamoHttpTrafficStore(documents(), requireString(env, ENV.httpTrafficTable)),
    config: config(env),
    clock: systemClock,
  });
}

/** Composition root of the probes: their tables, the HTTP checker, and with `alerts` the alert manager. */
export function probes(env: Env, options: { readonly alerts?: boolean } = {}) {
  return createProbes({
    store: new DynamoProbeStore(
      documents(),
      requireString(env, ENV.probesTable),
      requireString(env, ENV.probeResultsTable),
    ),
    checker: httpProbeChecker,
    clock: systemClock,
    ...(options.alerts === true
      ? {
          alerts: serviceAlerts(env),
          anomalies: new DynamoAnomalyStore(documents(), requireString(env, ENV.anomaliesTable)),
        }
      : {}),
  });
}

/** Composition root of forecasting: the metric store, the forecasters table, and the alert manager. */
export function forecasting(env: Env) {
  return createForecasting({
    metrics: metricStore(env),
    registry: new DynamoServiceRegistry(documents(), requireString(env, ENV.servicesTable)),
    store: new DynamoForecastStore(documents(), requireString(env, ENV.forecastsTable)),
    config: config(env),
    clock: systemClock,
    alerts: serviceAlerts(env),
  });
}

/** The alert manager as service monitoring's port: values, and a sentence per metric for the notices. */
function serviceAlerts(env: Env) {
  const manager = alertManager(env);
  return {
    evaluate: (scope: string, values: Readonly<Record<string, number>>, details?: Readonly<Record<string, string>>) =>
      manager.evaluate(scope, values, undefined, undefined, details),
  };
}

/** Large exports' store, where the function has the artifacts bucket (the forecasting API does). */
function exportStore(env: Env): { exports?: S3ExportStore } {
  const bucket = env[ENV.artifactsBucket];
  return bucket === undefined || bucket === '' ? {} : { exports: new S3ExportStore(s3(), bucket) };
}

/** Composition root of the analytics over a service: suggestions and the summary, over forecasting. */
export function insights(env: Env) {
  return createInsights({
    metrics: metricStore(env),
    registry: new DynamoServiceRegistry(documents(), requireString(env, ENV.servicesTable)),
    anomalies: new DynamoAnomalyStore(documents(), requireString(env, ENV.anomaliesTable)),
    traffic: new DynamoHttpTrafficStore(documents(), requireString(env, ENV.httpTrafficTable)),
    suggestions: new DynamoSuggestionStore(documents(), requireString(env, ENV.suggestionsTable)),
    forecasting: forecasting(env),
    config: config(env),
    clock: systemClock,
    queues: new SqsQueueDepths(sqs(), queueUrlsFrom(env[ENV.queueDepths])),
    ...exportStore(env),
  });
}

/**
 * Composition root of batch analyses. With `worker`, the runner: per service, detection (the
 * anomalies found, by severity), the forecast (trained first when it has no forecaster; its
 * breaches) and the suggestions (their titles).
 */
export function batchAnalysis(env: Env, options: { readonly worker?: boolean } = {}) {
  let run: AnalysisRunner | undefined;
  if (options.worker === true) {
    const services = serviceMonitoring(env, { alerts: true });
    const forecasts = forecasting(env);
    const analytics = insights(env);
    run = async (service, analyses) => {
      await services.requireKnown(service);
      const result: Record<string, unknown> = {};
      if (analyses.includes('anomalies')) {
        const found = await services.detect(service);
        result.anomalies = {
          total: found.length,
          high: found.filter((a) => a.severity === 'high').length,
          medium: found.filter((a) => a.severity === 'medium').length,
        };
      }
      if (analyses.includes('forecast')) {
        if ((await forecasts.models(service)).length === 0) await forecasts.train(service);
        const { breaches, predictions } = await forecasts.predict(service, { horizonHours: 24 });
        result.forecast = { metrics: predictions.map((p) => p.metric), breaches };
      }
      if (analyses.includes('suggestions'))
        result.suggestions = (await analytics.suggestions(service)).map((s) => ({
          priority: s.priority,
          title: s.title,
        }));
      return result;
    };
  }
  return createBatchAnalysis({
    store: new DynamoBatchStore(documents(), requireString(env, ENV.batchesTable)),
    queue: new SqsAnalysisQueue(sqs(), requireString(env, ENV.analysisQueueUrl)),
    ids: randomIds,
    clock: systemClock,
    ...(run !== undefined ? { run } : {}),
  });
}

/** Composition root of seed 002's named models, over forecasting and the metric store. */
export function namedModels(env: Env) {
  return createNamedModels({
    store: new DynamoNamedModelStore(documents(), requireString(env, ENV.namedModelsTable)),
    forecasting: forecasting(env),
    metrics: metricStore(env),
    registry: new DynamoServiceRegistry(documents(), requireString(env, ENV.servicesTable)),
    clock: systemClock,
  });
}
