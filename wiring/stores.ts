import { randomBytes } from 'node:crypto';
import { DynamoAggregateStore } from '#adapters/dynamodb/aggregates.adapter.ts';
import { DynamoAlertHistory } from '#adapters/dynamodb/alert-history.adapter.ts';
import { DynamoConfigStore } from '#adapters/dynamodb/config.adapter.ts';
import { DynamoModelStore } from '#adapters/dynamodb/models.adapter.ts';
import { DynamoBatchClaims, DynamoPredictionStore } from '#adapters/dynamodb/predictions.adapter.ts';
import { DynamoVersionStore } from '#adapters/dynamodb/versions.adapter.ts';
import { S3ArtifactStore } from '#adapters/s3/artifact-store.adapter.ts';
import { SnsNoticePublisher } from '#adapters/sns/alert-publisher.adapter.ts';
import { SqsModelEventQueue } from '#adapters/sqs/model-event-queue.adapter.ts';
import { SqsRetrainQueue } from '#adapters/sqs/retrain-queue.adapter.ts';
import { ENV } from '#catalog/env.ts';
import type { IdGenerator } from '#domain/kernel/time.ts';
import { documents, s3, sns, sqs } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';

/**
 * The stores and queues several contexts' composition roots share, each built from its env
 * variable. Plain functions, so a function's bundle keeps only the ones its wiring calls.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Ids in the seed's shape (`<prefix>_<epoch ms>`) plus a random suffix, so ids made in the same
 * millisecond by different Lambda instances do not collide.
 */
export const randomIds: IdGenerator = {
  next: (prefix) => `${prefix}_${Date.now()}_${randomBytes(5).toString('hex')}`,
};

export const models = (env: Env) => new DynamoModelStore(documents(), requireString(env, ENV.modelsTable));
export const aggregates = (env: Env) => new DynamoAggregateStore(documents(), requireString(env, ENV.aggregatesTable));
export const config = (env: Env) => new DynamoConfigStore(documents(), requireString(env, ENV.configTable));
export const predictions = (env: Env) =>
  new DynamoPredictionStore(documents(), requireString(env, ENV.predictionsTable));
export const batchClaims = (env: Env) => new DynamoBatchClaims(documents(), requireString(env, ENV.predictionsTable));
export const versions = (env: Env) => new DynamoVersionStore(documents(), requireString(env, ENV.versionsTable));
export const artifacts = (env: Env) => new S3ArtifactStore(s3(), requireString(env, ENV.artifactsBucket));
export const alertHistory = (env: Env) => new DynamoAlertHistory(documents(), requireString(env, ENV.alertsTable));
export const modelEvents = (env: Env) => new SqsModelEventQueue(sqs(), requireString(env, ENV.modelEventsQueueUrl));
export const retrainQueue = (env: Env) => new SqsRetrainQueue(sqs(), requireString(env, ENV.retrainQueueUrl));
export const noticePublisher = (env: Env) => new SnsNoticePublisher(sns(), requireString(env, ENV.alertsTopicArn));
