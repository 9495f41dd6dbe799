import { performanceDrift } from '#domain/monitoring/assess.ts';
import { RETRAIN_DOC } from '#domain/kernel/settings.ts';
import { randomBytes } from 'node:crypto';
import { DynamoAggregateStore } from '#adapters/dynamodb/aggregates.adapter.ts';
import { DynamoAlertHistory } from '#adapters/dynamodb/alert-history.adapter.ts';
import { DynamoAlertingStore } from '#adapters/dynamodb/alerting.adapter.ts';
import { DynamoConfigStore } from '#adapters/dynamodb/config.adapter.ts';
import { DynamoMetricStore } from '#adapters/dynamodb/metric-store.adapter.ts';
import { DynamoModelStore } from '#adapters/dynamodb/models.adapter.ts';
import { DynamoPredictionStore } from '#adapters/dynamodb/predictions.adapter.ts';
import { SnsNoticePublisher } from '#adapters/sns/alert-publisher.adapter.ts';
import { SqsModelEventQueue } from '#adapters/sqs/model-event-queue.adapter.ts';
import { SqsRetrainQueue } from '#adapters/sqs/retrain-queue.adapter.ts';
import { TimestreamMetricStore } from '#adapters/timestream/metric-store.adapter.ts';
import { createAlertAdmin } from '#domain/alerting/admin.ts';
import { createWebhookNotifier } from '#domain/alerting/webhook.ts';
import { fetchPoster } from '#adapters/http/fetch-poster.adapter.ts';
import { SqsRedelivery } from '#adapters/sqs/redelivery.adapter.ts';
import { createAlertManager } from '#domain/alerting/manager.ts';
import type { AwsClients } from '#platform/aws-clients.ts';
import { metricStoreKind, numberOr, requireString } from '#platform/config.ts';
import { createDriftService } from '#domain/drift/service.ts';
import { ENV } from '#catalog/env.ts';
import { createStatusEvaluator } from '#domain/monitoring/evaluator.ts';
import { DynamoRetrainTaskStore } from '#adapters/dynamodb/retrain-tasks.adapter.ts';
import { DynamoVersionStore } from '#adapters/dynamodb/versions.adapter.ts';
import { S3ArtifactStore } from '#adapters/s3/artifact-store.adapter.ts';
import { SfnWorkflowStarter } from '#adapters/sfn/workflow-starter.adapter.ts';
import { createRegistry, moveChampion } from '#domain/registry/service.ts';
import { createRetrainScheduler, createRunLedger } from '#domain/retraining/scheduler.ts';
import { readDoc } from '#domain/kernel/config-docs.ts';
import { createRetrainSteps } from '#domain/retraining/steps.ts';
import { createMonitoringService } from '#domain/monitoring/service.ts';
import type { IdGenerator } from '#domain/kernel/time.ts';
import { systemClock } from '#domain/kernel/time.ts';
import type { MetricStore } from '#domain/kernel/metric-store.ports.ts';

type Env = Readonly<Record<string, string | undefined>>;
type Logger = { info(message: string, ...extra: unknown[]): void };

/**
 * Ids in the seed's shape (`<prefix>_<epoch ms>`) plus a random suffix, so ids made in the same
 * millisecond by different Lambda instances do not collide.
 */
export const randomIds: IdGenerator = {
  next: (prefix) => `${prefix}_${Date.now()}_${randomBytes(5).toString('hex')}`,
};

/*
 * The composition root: adapters chosen from configuration, handed to domain factories. Each
 * factory reads only the variables its function is given (catalog/routes.ts FUNCTIONS).
 */

const models = (env: Env, c: AwsClients) => new DynamoModelStore(c.documents, requireString(env, ENV.modelsTable));
const aggregates = (env: Env, c: AwsClients) =>
  new DynamoAggregateStore(c.documents, requireString(env, ENV.aggregatesTable));
const config = (env: Env, c: AwsClients) => new DynamoConfigStore(c.documents, requireString(env, ENV.configTable));
const predictions = (env: Env, c: AwsClients) =>
  new DynamoPredictionStore(c.documents, requireString(env, ENV.predictionsTable));
const modelEvents = (env: Env, c: AwsClients) =>
  new SqsModelEventQueue(c.sqs, requireString(env, ENV.modelEventsQueueUrl));

export function monitoringServiceFromEnv(env: Env, clients: AwsClients) {
  return createMonitoringService({
    predictions: predictions(env, clients),
    aggregates: aggregates(env, clients),
    models: models(env, clients),
    config: config(env, clients),
    events: modelEvents(env, clients),
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

export function alertHistoryFromEnv(env: Env, clients: AwsClients) {
  return new DynamoAlertHistory(clients.documents, requireString(env, ENV.alertsTable));
}

const alertAdminDeps = (env: Env, clients: AwsClients) => ({
  store: new DynamoAlertingStore(clients.documents, requireString(env, ENV.alertingTable)),
  history: alertHistoryFromEnv(env, clients),
  config: config(env, clients),
  clock: systemClock,
  ids: randomIds,
});

/** Rules, silences, settings and acknowledgements (the API; it publishes nothing). */
export function alertAdminFromEnv(env: Env, clients: AwsClients) {
  return createAlertAdmin(alertAdminDeps(env, clients));
}

/** The evaluating alert manager, which publishes notices to the alerts topic. */
export function alertManagerFromEnv(env: Env, clients: AwsClients) {
  return createAlertManager({
    ...alertAdminDeps(env, clients),
    publisher: new SnsNoticePublisher(clients.sns, requireString(env, ENV.alertsTopicArn)),
  });
}

export function statusEvaluatorFromEnv(env: Env, clients: AwsClients, logger?: Logger) {
  const publisher = new SnsNoticePublisher(clients.sns, requireString(env, ENV.alertsTopicArn));
  const retrainConfig = config(env, clients);
  return createStatusEvaluator({
    bake: {
      rollback: (model, version) => moveChampion(models(env, clients), versions(env, clients), model, version),
      publish: (notice) => publisher.publish(notice),
      margin: async () => (await readDoc(retrainConfig, RETRAIN_DOC)).improvement_margin,
    },
    models: models(env, clients),
    aggregates: aggregates(env, clients),
    config: config(env, clients),
    alerts: alertManagerFromEnv(env, clients),
    metrics: metricStoreFromEnv(env, clients),
    events: modelEvents(env, clients),
    clock: systemClock,
    ...(logger !== undefined ? { logger } : {}),
  });
}

export function driftServiceFromEnv(env: Env, clients: AwsClients) {
  const versionStore = versions(env, clients);
  const artifactStore = artifacts(env, clients);
  return createDriftService({
    references: {
      forChampion: async (model) => {
        const v =
          model.champion_version === undefined
            ? undefined
            : await versionStore.get(model.model_name, model.champion_version);
        return v === undefined ? undefined : artifactStore.getJson<Record<string, unknown>[]>(v.reference_key);
      },
    },
    models: models(env, clients),
    history: predictions(env, clients),
    performance: performanceDrift(aggregates(env, clients)),
    config: config(env, clients),
    retrain: new SqsRetrainQueue(clients.sqs, requireString(env, ENV.retrainQueueUrl)),
    clock: systemClock,
  });
}

export { modelEvents as modelEventQueueFromEnv };

const versions = (env: Env, c: AwsClients) =>
  new DynamoVersionStore(c.documents, requireString(env, ENV.versionsTable));
const artifacts = (env: Env, c: AwsClients) => new S3ArtifactStore(c.s3, requireString(env, ENV.artifactsBucket));
const retrainTasks = (env: Env, c: AwsClients) =>
  new DynamoRetrainTaskStore(c.documents, requireString(env, ENV.retrainTasksTable));

export function registryFromEnv(env: Env, clients: AwsClients) {
  return createRegistry({
    models: models(env, clients),
    versions: versions(env, clients),
    artifacts: artifacts(env, clients),
    monitoring: monitoringServiceFromEnv(env, clients),
    clock: systemClock,
  });
}

export function retrainSchedulerFromEnv(env: Env, clients: AwsClients) {
  return createRetrainScheduler({
    tasks: retrainTasks(env, clients),
    models: models(env, clients),
    config: config(env, clients),
    starter: new SfnWorkflowStarter(clients.sfn, requireString(env, ENV.stateMachineArn)),
    clock: systemClock,
    ids: randomIds,
  });
}

/** The step function's dependencies: it needs no state machine ARN (it pokes the queue instead), which keeps CDK free of a cycle. */
export function retrainStepsFromEnv(env: Env, clients: AwsClients) {
  const queue = new SqsRetrainQueue(clients.sqs, requireString(env, ENV.retrainQueueUrl));
  const scheduler = createRunLedger({
    tasks: retrainTasks(env, clients),
    models: models(env, clients),
    config: config(env, clients),
    clock: systemClock,
  });
  return createRetrainSteps({
    models: models(env, clients),
    versions: versions(env, clients),
    artifacts: artifacts(env, clients),
    history: predictions(env, clients),
    scheduler,
    clock: systemClock,
    ids: randomIds,
    poke: () => queue.poke(),
  });
}

/** The webhook notifier and the redelivery backoff of its queue. */
export function webhookDeliveryFromEnv(env: Env, clients: AwsClients) {
  return {
    notifier: createWebhookNotifier({
      urls: (env[ENV.webhookUrls] ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== ''),
      history: alertHistoryFromEnv(env, clients),
      config: config(env, clients),
      http: fetchPoster,
      clock: systemClock,
    }),
    redelivery: new SqsRedelivery(clients.sqs, requireString(env, ENV.webhookQueueUrl)),
  };
}
