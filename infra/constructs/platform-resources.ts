import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { MetricStoreKind } from '#catalog/env.ts';
import type { QueueKey, TableKey } from '#catalog/resources.ts';

/** The Timestream table metrics go to, when `metricsStore` is `timestream`. */
export interface TimestreamTarget {
  readonly databaseName: string;
  readonly tableName: string;
  readonly tableArn: string;
}

/**
 * The stateful resources the stateless side uses, as narrow read-only interfaces: the stateless
 * constructs take these, not the stack that made them (StatefulStack implements it).
 */
export interface PlatformResources {
  readonly tables: Readonly<Record<TableKey, ITableV2>>;
  readonly queues: Readonly<Record<QueueKey, IQueue>>;
  readonly deadLetterQueues: Readonly<Record<QueueKey, IQueue>>;
  readonly alertsTopic: ITopic;
  readonly artifactsBucket: IBucket;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly metricsStore: MetricStoreKind;
  /** Webhook URLs the notifier POSTs to (CDK context `alertWebhookUrls`). */
  readonly webhookUrls: readonly string[];
  /** Present when `metricsStore` is `timestream`. */
  readonly timestream?: TimestreamTarget;
}
