import { DynamoMetricStore } from '#adapters/dynamodb/metric-store.adapter.ts';
import { TimestreamMetricStore } from '#adapters/timestream/metric-store.adapter.ts';
import { ENV } from '#catalog/env.ts';
import type { MetricStore } from '#domain/kernel/metric-store.ports.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { createStatusEvaluator } from '#domain/monitoring/evaluator.ts';
import { createMonitoringService } from '#domain/monitoring/service.ts';
import { documents, timestreamQuery, timestreamWrite } from '#platform/aws/clients.ts';
import { metricStoreKind, numberOr, requireString } from '#platform/config.ts';
import { alertManager } from './alerting.ts';
import { aggregates, batchClaims, config, models, modelEvents, predictions, randomIds, type Env } from './stores.ts';

/** Composition root of model monitoring: logging, queries and the status evaluator. */

/** With `readsMetrics`, the service reads the metric store for metric history (the query function). */
export function monitoringService(env: Env, options: { readonly readsMetrics?: boolean } = {}) {
  return createMonitoringService({
    ...(options.readsMetrics === true ? { metrics: metricStore(env) } : {}),
    predictions: predictions(env),
    aggregates: aggregates(env),
    models: models(env),
    config: config(env),
    events: modelEvents(env),
    clock: systemClock,
    ids: randomIds,
    claims: batchClaims(env),
    predictionRetentionDays: numberOr(env, ENV.predictionRetentionDays, 90),
  });
}

/** Timestream or DynamoDB, as the `metricsStore` CDK context chose (METRICS_STORE). */
export function metricStore(env: Env): MetricStore {
  if (metricStoreKind(env) === 'timestream') {
    return new TimestreamMetricStore(
      timestreamWrite(),
      timestreamQuery(),
      requireString(env, ENV.timestreamDatabase),
      requireString(env, ENV.timestreamTable),
    );
  }
  return new DynamoMetricStore(documents(), requireString(env, ENV.metricsTable));
}

export function statusEvaluator(env: Env, logger?: { info(message: string, ...extra: unknown[]): void }) {
  const settings = config(env);
  return createStatusEvaluator({
    models: models(env),
    predictions: predictions(env),
    aggregates: aggregates(env),
    config: settings,
    alerts: alertManager(env),
    metrics: metricStore(env),
    events: modelEvents(env),
    clock: systemClock,
    ...(logger !== undefined ? { logger } : {}),
  });
}
