import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type CreateTableCommandInput,
  type DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateTopicCommand,
  ListSubscriptionsByTopicCommand,
  SubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ENV } from '#catalog/env.ts';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ALERTS_TOPIC,
  ARTIFACTS_BUCKET,
  QUEUES,
  TABLES,
  type QueueKey,
  type QueueSpec,
  type TableSpec,
} from '#catalog/resources.ts';

/** Names of the local resources, handed to the handlers as the same env vars CDK sets. */
export interface LocalResources {
  readonly env: Record<string, string>;
  readonly queues: Record<QueueKey, { readonly url: string; readonly arn: string; readonly dlqUrl: string }>;
  readonly alertsOutboxQueueUrl: string;
  readonly alertsTopicArn: string;
}

const PREFIX = 'aiops-local';

export function createTableInput(name: string, spec: TableSpec): CreateTableCommandInput {
  const attrs = new Map<string, 'S' | 'N'>();
  const key = (k: { name: string; type: 'S' | 'N' }) => attrs.set(k.name, k.type);
  key(spec.partitionKey);
  if (spec.sortKey) key(spec.sortKey);
  for (const ix of spec.indexes ?? []) {
    key(ix.partitionKey);
    if (ix.sortKey) key(ix.sortKey);
  }
  const schema = (pk: { name: string }, sk?: { name: string }) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: schema(spec.partitionKey, spec.sortKey),
    ...(spec.indexes && spec.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: spec.indexes.map((ix) => ({
            IndexName: ix.name,
            KeySchema: schema(ix.partitionKey, ix.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}

async function ensureTable(dynamodb: DynamoDBClient, name: string, spec: TableSpec): Promise<void> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: name }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await dynamodb.send(new CreateTableCommand(createTableInput(name, spec)));
    await waitUntilTableExists(
      { client: dynamodb, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 },
      { TableName: name },
    );
  }
}

/**
 * Creates, idempotently, the tables, queues, topic and subscriptions the CDK stateful stack
 * defines, from the same specs (catalog/resources.ts), through the real AWS APIs of the emulators.
 * The alerts topic gets an `alerts-outbox` SQS subscription standing in for email/SMS/webhooks,
 * whose delivery the emulator does not do.
 */
export async function ensureLocalResources(clients: {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  sns: SNSClient;
  s3: S3Client;
}): Promise<LocalResources> {
  const env: Record<string, string> = {};
  for (const spec of Object.values(TABLES)) {
    const name = `${PREFIX}-${spec.id}`;
    await ensureTable(clients.dynamodb, name, spec);
    env[spec.env] = name;
  }

  const queues = {} as LocalResources['queues'];
  for (const [key, q] of Object.entries(QUEUES) as [QueueKey, QueueSpec][]) {
    const dlq = await clients.sqs.send(new CreateQueueCommand({ QueueName: `${PREFIX}-${q.id}-dlq` }));
    const dlqArn = await queueArn(clients.sqs, dlq.QueueUrl ?? '');
    const main = await clients.sqs.send(
      new CreateQueueCommand({
        QueueName: `${PREFIX}-${q.id}`,
        Attributes: {
          VisibilityTimeout: String(q.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: q.maxReceiveCount }),
        },
      }),
    );
    const url = main.QueueUrl ?? '';
    queues[key] = { url, arn: await queueArn(clients.sqs, url), dlqUrl: dlq.QueueUrl ?? '' };
    if (q.env !== undefined) env[q.env] = url;
  }

  env[ENV.queueDepths] = JSON.stringify(
    Object.fromEntries(Object.entries(queues).map(([key, q]) => [key, { url: q.url, dlq: q.dlqUrl }])),
  );

  const topic = await clients.sns.send(new CreateTopicCommand({ Name: `${PREFIX}-${ALERTS_TOPIC.id}` }));
  const alertsTopicArn = topic.TopicArn ?? '';
  env[ENV.alertsTopicArn] = alertsTopicArn;
  const outbox = await clients.sqs.send(new CreateQueueCommand({ QueueName: `${PREFIX}-alerts-outbox` }));
  const outboxUrl = outbox.QueueUrl ?? '';
  // Subscribe is idempotent in SNS for the same endpoint and attributes. As in AWS, the webhook
  // queue gets raw notices and the outbox (standing in for email/SMS) the SNS envelope.
  const subscriptions = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: alertsTopicArn }));
  const subscribed = new Set((subscriptions.Subscriptions ?? []).map((s) => s.Endpoint));
  const outboxArn = await queueArn(clients.sqs, outboxUrl);
  if (!subscribed.has(outboxArn))
    await clients.sns.send(new SubscribeCommand({ TopicArn: alertsTopicArn, Protocol: 'sqs', Endpoint: outboxArn }));
  if (!subscribed.has(queues.webhookDeliveries.arn)) {
    await clients.sns.send(
      new SubscribeCommand({
        TopicArn: alertsTopicArn,
        Protocol: 'sqs',
        Endpoint: queues.webhookDeliveries.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
  }

  const bucket = `${PREFIX}-artifacts`;
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes((error as Error).name)) throw error;
  }
  env[ARTIFACTS_BUCKET.env] = bucket;
  env[ENV.stateMachineArn] = 'arn:aws:states:us-east-1:000000000000:stateMachine:aiops-local-retrain';

  env[ENV.metricsStore] = 'dynamodb';
  return { env, queues, alertsOutboxQueueUrl: outboxUrl, alertsTopicArn };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = out.Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`queue ${url} has no ARN`);
  return arn;
}
