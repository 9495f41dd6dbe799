import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import path from 'node:path';
import { ENV, type EnvName } from '#catalog/env.ts';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import type { TableSpec } from '#catalog/resources.ts';
import { FUNCTION_DEFAULTS, METRICS_NAMESPACE, SERVICE_NAME } from '#catalog/defaults.ts';

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export interface ServiceFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture' | 'role'> {
  /** Entry file relative to the repository root. */
  readonly entry: string;
  /**
   * Log retention.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * A Lambda function with the house defaults, so no stack repeats them:
 * - runtime nodejs22.x on ARM64, active X-Ray tracing;
 * - its own LogGroup (retention one month by default, removed with the stack) and a role that
 *   may write only to it (no AWS managed policy);
 * - ESM bundle, minified, with source maps (`--enable-source-maps`), `keepNames`, and the AWS
 *   SDK bundled (pinned versions, not the runtime's);
 * - memory 256 MB, timeout 10 s unless given.
 *
 * Access to other resources goes through `bind*` methods, which set the env var and grant the
 * least privilege in one call.
 */
export class ServiceFunction extends NodejsFunction {
  public constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      memorySize: FUNCTION_DEFAULTS.memoryMb,
      timeout: Duration.seconds(FUNCTION_DEFAULTS.timeoutSeconds),
      ...props,
      entry: path.join(REPO_ROOT, props.entry),
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.serviceName]: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        minify: true,
        sourceMap: true,
        keepNames: true,
        mainFields: ['module', 'main'],
        externalModules: [],
        // ESM bundles have no `require`; some CommonJS dependencies still call it.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
        ...props.bundling,
      },
    });
  }

  /**
   * Sets the table-name variable and grants the item-level actions on the table and on its
   * named indexes only (CDK's `grantReadData` would grant `index/*`).
   */
  public bindTable(table: ITableV2, spec: TableSpec, access: 'read' | 'readwrite'): this {
    this.addEnvironment(spec.env, table.tableName);
    const actions = access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS];
    const indexArns = (spec.indexes ?? []).map((ix) => `${table.tableArn}/index/${ix.name}`);
    this.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn, ...indexArns] }));
    return this;
  }

  /** Sets the queue-URL variable and grants SendMessage only. */
  public bindQueueSend(queue: IQueue, env: EnvName): this {
    this.addEnvironment(env, queue.queueUrl);
    queue.grantSendMessages(this);
    return this;
  }

  /** Sets the topic-ARN variable and grants Publish only. */
  public bindTopicPublish(topic: ITopic, env: EnvName): this {
    this.addEnvironment(env, topic.topicArn);
    topic.grantPublish(this);
    return this;
  }

  /** Sets the bucket variable and grants object read (and write) on it. */
  public bindBucket(bucket: IBucket, env: EnvName, access: 'read' | 'readwrite'): this {
    this.addEnvironment(env, bucket.bucketName);
    // Object actions only (CopyObject is GetObject on the source plus PutObject on the target).
    const actions = access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'];
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [bucket.arnForObjects('*')] }));
    return this;
  }

  /** Sets the state machine variable and grants StartExecution only. */
  public bindStateMachineStart(stateMachine: IStateMachine, env: EnvName): this {
    this.addEnvironment(env, stateMachine.stateMachineArn);
    stateMachine.grantStartExecution(this);
    return this;
  }

  /** Grants writing records to and querying one Timestream table. */
  public bindTimestream(
    databaseName: string,
    tableName: string,
    tableArn: string,
    access: 'read' | 'readwrite' = 'readwrite',
  ): this {
    this.addEnvironment(ENV.timestreamDatabase, databaseName);
    this.addEnvironment(ENV.timestreamTable, tableName);
    const actions = access === 'read' ? ['timestream:Select'] : ['timestream:WriteRecords', 'timestream:Select'];
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [tableArn] }));
    // Endpoint discovery has no resource-level permission (Timestream docs).
    this.addToRolePolicy(new PolicyStatement({ actions: ['timestream:DescribeEndpoints'], resources: ['*'] }));
    return this;
  }

  /**
   * Sets the key vault's prefix and grants the AI models' secrets under it: reads only, or also
   * create, update and delete (the API that sets keys).
   */
  public bindKeyVault(prefix: string, access: 'read' | 'readwrite'): this {
    this.addEnvironment(ENV.keySecretPrefix, prefix);
    const actions =
      access === 'read'
        ? ['secretsmanager:GetSecretValue']
        : [
            'secretsmanager:GetSecretValue',
            'secretsmanager:CreateSecret',
            'secretsmanager:PutSecretValue',
            'secretsmanager:DeleteSecret',
          ];
    const stack = Stack.of(this);
    // Secrets Manager appends 6 random characters to a secret's ARN, so the grant ends in a wildcard.
    const secrets = stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${prefix}/*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [secrets] }));
    return this;
  }

  /** Grants Bedrock model invocation (Converse) on foundation models and inference profiles. */
  public grantBedrockInvoke(): this {
    const stack = Stack.of(this);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: [
          `arn:${stack.partition}:bedrock:*::foundation-model/*`,
          stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: '*' }),
        ],
      }),
    );
    return this;
  }

  /** Sets `QUEUE_DEPTHS` (every queue with its dead-letter queue) and grants GetQueueAttributes on them only. */
  public bindQueueDepths(queues: Readonly<Record<string, IQueue>>, dlqs: Readonly<Record<string, IQueue>>): this {
    const urls: Record<string, { url: string; dlq: string }> = {};
    const arns: string[] = [];
    for (const [key, queue] of Object.entries(queues)) {
      const dlq = dlqs[key];
      if (dlq === undefined) continue;
      urls[key] = { url: queue.queueUrl, dlq: dlq.queueUrl };
      arns.push(queue.queueArn, dlq.queueArn);
    }
    this.addEnvironment(ENV.queueDepths, Stack.of(this).toJsonString(urls));
    this.addToRolePolicy(new PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: arns }));
    return this;
  }
}
