import { DynamoAggregateStore } from './adapters/dynamodb/aggregates.adapter.ts';
import { DynamoAlertStore } from './adapters/dynamodb/alerts.adapter.ts';
import { DynamoConfigStore } from './adapters/dynamodb/config.adapter.ts';
import { DynamoMetricStore } from './adapters/dynamodb/metric-store.adapter.ts';
import { DynamoModelStore } from './adapters/dynamodb/models.adapter.ts';
import { DynamoPredictionStore } from './adapters/dynamodb/predictions.adapter.ts';
import { SnsAlertPublisher } from './adapters/sns/alert-publisher.adapter.ts';
import { SqsModelEventQueue } from './adapters/sqs/model-event-queue.adapter.ts';
import { TimestreamMetricStore } from './adapters/timestream/metric-store.adapter.ts';
import type { AwsClients } from './aws/clients.ts';
import { metricStoreKind, numberOr, requireString } from './config.ts';
import { ENV } from './env.ts';
import { createStatusEvaluator } from './monitoring/evaluator.ts';
import { createMonitoringService } from './monitoring/service.ts';
import type { IdGenerator } from './ports/clock.ts';
import { systemClock } from './ports/clock.ts';
import type { MetricStore } from './ports/metric-store.ts';
import { randomBytes } from 'node:crypto';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Prediction ids in the seed's shape (`<model>_<epoch ms>`) plus a random suffix, so ids made
 * in the same millisecond by different Lambda instances do not collide.
 */
export const randomIds: IdGenerator = {
  next: (prefix) => `${prefix}_${Date.now()}_${randomBytes(5).toString('hex')}`,
};

/** The composition root: adapters chosen from configuration, handed to domain factories. */
export function monitoringServiceFromEnv(env: Env, clients: AwsClients) {
  const doc = clients.documents;
  return createMonitoringService({
    predictions: new DynamoPredictionStore(doc, requireString(env, ENV.predictionsTable)),
    aggregates: new DynamoAggregateStore(doc, requireString(env, ENV.aggregatesTable)),
    models: new DynamoModelStore(doc, requireString(env, ENV.modelsTable)),
    config: new DynamoConfigStore(doc, requireString(env, ENV.configTable)),
    events: new SqsModelEventQueue(clients.sqs, requireString(env, ENV.modelEventsQueueUrl)),
    clock: systemClock,
    ids: randomIds,
    predictionRetentionDays: numberOr(env, ENV.predictionRetentionDays, 90),
  });
}

export function metricStoreFromEnv(env: Env, clients: AwsClients): MetricStore {
  if (metricStoreKind(env) === 'timestream') {
    return new TimestreamMetricStore(
      clients.timestreamWrite(),
      clients.timestreamQuery(),
      requireString(env, ENV.timestreamDatabase),
      requireString(env, ENV.timestreamTable),
    );
  }
  return new DynamoMetricStore(clients.documents, requireString(env, ENV.metricsTable));
}

export function alertStoreFromEnv(env: Env, clients: AwsClients) {
  return new DynamoAlertStore(clients.documents, requireString(env, ENV.alertsTable));
}

export function statusEvaluatorFromEnv(env: Env, clients: AwsClients, logger?: { info(message: string, ...extra: unknown[]): void }) {
  const doc = clients.documents;
  return createStatusEvaluator({
    models: new DynamoModelStore(doc, requireString(env, ENV.modelsTable)),
    aggregates: new DynamoAggregateStore(doc, requireString(env, ENV.aggregatesTable)),
    config: new DynamoConfigStore(doc, requireString(env, ENV.configTable)),
    alerts: alertStoreFromEnv(env, clients),
    publisher: new SnsAlertPublisher(clients.sns, requireString(env, ENV.alertsTopicArn)),
    metrics: metricStoreFromEnv(env, clients),
    clock: systemClock,
    ids: randomIds,
    ...(logger !== undefined ? { logger } : {}),
  });
}
