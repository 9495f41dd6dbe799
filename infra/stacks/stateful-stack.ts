import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccountRecovery, Mfa, UserPool, UserPoolClient, CfnUserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic, SubscriptionFilter } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription, SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-timestream';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { MetricStoreKind } from '#catalog/env.ts';
import type { PlatformResources, TimestreamTarget } from '../constructs/platform-resources.ts';
import { QUEUES, TABLES, type QueueKey, type QueueSpec, type TableKey, type TableSpec } from '#catalog/resources.ts';
import { ROLES } from '#catalog/routes.ts';

export interface AlertSubscribers {
  /** Receive critical and warning alerts. @default [] */
  readonly emails?: readonly string[];
  /** Receive critical alerts only. @default [] */
  readonly smsNumbers?: readonly string[];
  /** HTTPS endpoints that receive every alert (through the signing notifier). @default [] */
  readonly webhookUrls?: readonly string[];
  /** Receive unacknowledged alerts after the escalation time. @default [] */
  readonly escalationEmails?: readonly string[];
}

export interface StatefulStackProps extends StackProps {
  /** Which metric store to create. @default 'dynamodb' */
  readonly metricsStore?: MetricStoreKind;
  /** Who is told about alerts. @default no subscribers */
  readonly subscribers?: AlertSubscribers;
  /**
   * What happens to data stores when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

const attrType = (t: 'S' | 'N') => (t === 'S' ? AttributeType.STRING : AttributeType.NUMBER);

/**
 * Everything that holds state: tables, queues, the alerts topic, the user pool and the metric
 * store. Kept apart from functions and the API so those can be replaced freely.
 */
export class StatefulStack extends Stack implements PlatformResources {
  public readonly tables: Record<TableKey, TableV2>;
  public readonly queues: Record<QueueKey, IQueue>;
  public readonly deadLetterQueues: Record<QueueKey, IQueue>;
  public readonly alertsTopic: Topic;
  /** The customer managed key of the alerts topic. */
  public readonly alertsKey: Key;
  public readonly userPool: UserPool;
  public readonly userPoolClient: UserPoolClient;
  public readonly metricsStore: MetricStoreKind;
  public readonly webhookUrls: readonly string[];
  public readonly artifactsBucket: Bucket;
  public readonly timestream?: TimestreamTarget;

  public constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.metricsStore = props.metricsStore ?? 'dynamodb';

    const makeTable = (spec: TableSpec) =>
      new TableV2(this, `${spec.id}Table`, {
        partitionKey: { name: spec.partitionKey.name, type: attrType(spec.partitionKey.type) },
        ...(spec.sortKey ? { sortKey: { name: spec.sortKey.name, type: attrType(spec.sortKey.type) } } : {}),
        billing: Billing.onDemand(),
        encryption: TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
        globalSecondaryIndexes: (spec.indexes ?? []).map((ix) => ({
          indexName: ix.name,
          partitionKey: { name: ix.partitionKey.name, type: attrType(ix.partitionKey.type) },
          ...(ix.sortKey ? { sortKey: { name: ix.sortKey.name, type: attrType(ix.sortKey.type) } } : {}),
        })),
        removalPolicy,
      });
    const { metrics: metricsSpec, ...rest } = TABLES;
    const tables = Object.fromEntries(Object.entries(rest).map(([key, spec]) => [key, makeTable(spec)])) as Record<
      TableKey,
      TableV2
    >;
    // The DynamoDB metric table exists only when it is the chosen store.
    if (this.metricsStore === 'dynamodb') tables.metrics = makeTable(metricsSpec);
    this.tables = tables;

    const queues = {} as Record<QueueKey, IQueue>;
    const dlqs = {} as Record<QueueKey, IQueue>;
    for (const [key, spec] of Object.entries(QUEUES) as [QueueKey, QueueSpec][]) {
      dlqs[key] = new Queue(this, `${spec.id}Dlq`, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      queues[key] = new Queue(this, `${spec.id}Queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(4),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlqs[key], maxReceiveCount: spec.maxReceiveCount },
      });
    }
    this.queues = queues;
    this.deadLetterQueues = dlqs;

    // Notices name models, rules and values: the topic is encrypted with a key of our own, which
    // CloudWatch (the dead-letter alarms) may use to publish to it; publishers get the key through
    // grantPublish.
    this.alertsKey = new Key(this, 'AlertsTopicKey', {
      description: 'Encrypts the AIOps alerts topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.alertsKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alertsTopic = new Topic(this, 'AlertsTopic', {
      displayName: 'AIOps alerts',
      enforceSSL: true,
      masterKey: this.alertsKey,
    });
    const subs = props.subscribers ?? {};
    // A channel whose switch is off is left out of the notice's `channels` attribute; notices
    // without the attribute (the retrain workflow's own) go to every channel.
    const channel = (name: 'email' | 'sms' | 'webhook') => new SubscriptionFilter([{ exists: false }, name]);
    const route = (severities: string[], audience: 'primary' | 'escalation', via: 'email' | 'sms') => ({
      severity: SubscriptionFilter.stringFilter({ allowlist: severities }),
      audience: SubscriptionFilter.stringFilter({ allowlist: [audience] }),
      channels: channel(via),
    });
    for (const email of subs.emails ?? []) {
      this.alertsTopic.addSubscription(
        new EmailSubscription(email, { filterPolicy: route(['critical', 'warning'], 'primary', 'email') }),
      );
    }
    for (const number of subs.smsNumbers ?? []) {
      this.alertsTopic.addSubscription(
        new SmsSubscription(number, { filterPolicy: route(['critical'], 'primary', 'sms') }),
      );
    }
    for (const email of subs.escalationEmails ?? []) {
      this.alertsTopic.addSubscription(
        new EmailSubscription(email, { filterPolicy: route(['critical', 'warning'], 'escalation', 'email') }),
      );
    }
    // Webhooks get every notice through the notifier (signature, retries, delivery status).
    this.webhookUrls = [...(subs.webhookUrls ?? [])];
    this.alertsTopic.addSubscription(
      new SqsSubscription(queues.webhookDeliveries, {
        rawMessageDelivery: true,
        filterPolicy: { channels: channel('webhook') },
      }),
    );

    this.artifactsBucket = new Bucket(this, 'ArtifactsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      removalPolicy,
      lifecycleRules: [
        { prefix: 'datasets/', expiration: Duration.days(30) },
        { prefix: 'features/', expiration: Duration.days(30) },
        { prefix: 'backups/', expiration: Duration.days(90) },
        // Large exports, downloaded through presigned links that work for 15 minutes.
        { prefix: 'exports/', expiration: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(90) },
      ],
    });

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy,
    });
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `${role} role`,
      });
    }
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });

    if (this.metricsStore === 'timestream') {
      const database = new CfnDatabase(this, 'MetricsDatabase', {});
      const table = new CfnTable(this, 'MetricsTable', {
        databaseName: database.ref,
        retentionProperties: { MemoryStoreRetentionPeriodInHours: '24', MagneticStoreRetentionPeriodInDays: '365' },
      });
      this.timestream = { databaseName: database.ref, tableName: table.attrName, tableArn: table.attrArn };
    }

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.alertsTopic.topicArn });
  }
}
