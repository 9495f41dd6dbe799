import { FUNCTION_DEFAULTS } from '#catalog/defaults.ts';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '#catalog/env.ts';
import { QUEUES, TABLES, type TableKey } from '#catalog/resources.ts';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import {
  FUNCTIONS,
  QUEUE_CONSUMERS,
  ROUTES,
  SCHEDULES,
  routeKey,
  type FunctionKey,
  type FunctionSpec,
} from '#catalog/routes.ts';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import { ServiceFunction } from '../constructs/service-function.ts';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import path from 'node:path';
import type { StatefulStack } from './stateful-stack.ts';

export interface ApiStackProps extends StackProps {
  /** The tables, queues, topic, user pool and metric store the functions use. */
  readonly stateful: StatefulStack;
  /**
   * Stage-wide throttling; each route also gets its own limits from the route table.
   * @default 500 requests/s, burst 1000
   */
  readonly throttle?: { readonly rate: number; readonly burst: number };
}

/**
 * The stateless side: one Lambda per route family (and the queue consumer), the HTTP API with
 * its Cognito JWT authorizer, routes from the shared route table, and alarms.
 */
export class ApiStack extends Stack {
  public readonly api: HttpApi;
  public readonly functions: Record<FunctionKey, ServiceFunction>;
  public readonly retrainStateMachine: StateMachine;

  public constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stateful } = props;

    const build = (key: FunctionKey, spec: FunctionSpec): ServiceFunction => {
      const fn = new ServiceFunction(this, `${key[0]?.toUpperCase() ?? ''}${key.slice(1)}Function`, {
        entry: spec.entry,
        description: spec.description,
        memorySize: spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds),
        environment: { [ENV.metricsStore]: stateful.metricsStore },
      });
      for (const [table, access] of Object.entries(spec.tables) as [TableKey, 'read' | 'readwrite'][]) {
        fn.bindTable(stateful.tables[table], TABLES[table], access);
      }
      if (spec.sendsModelEvents === true) fn.bindQueueSend(stateful.queues.modelEvents, ENV.modelEventsQueueUrl);
      if (spec.sendsRetrainRequests === true) fn.bindQueueSend(stateful.queues.retrainRequests, ENV.retrainQueueUrl);
      if (spec.webhookTargets === true) fn.addEnvironment(ENV.webhookUrls, stateful.webhookUrls.join(','));
      if (spec.artifacts !== undefined) fn.bindBucket(stateful.artifactsBucket, ENV.artifactsBucket, spec.artifacts);
      if (spec.publishesAlerts === true) fn.bindTopicPublish(stateful.alertsTopic, ENV.alertsTopicArn);
      if (spec.usesMetricStore === true) {
        if (stateful.timestream)
          fn.bindTimestream(
            stateful.timestream.databaseName,
            stateful.timestream.tableName,
            stateful.timestream.tableArn,
          );
        else fn.bindTable(stateful.tables.metrics, TABLES.metrics, 'readwrite');
      }
      return fn;
    };
    this.functions = Object.fromEntries(
      (Object.entries(FUNCTIONS) as [FunctionKey, FunctionSpec][]).map(([key, spec]) => [key, build(key, spec)]),
    ) as Record<FunctionKey, ServiceFunction>;

    // The retrain workflow: the ASL file, its placeholders filled by CDK.
    const stepFunction = (Object.entries(FUNCTIONS) as [FunctionKey, FunctionSpec][]).find(
      ([, s]) => s.retrainStep === true,
    )?.[0];
    if (stepFunction === undefined) throw new Error('no function is marked as the retrain step');
    const workflowLogs = new LogGroup(this, 'RetrainWorkflowLogs', { retention: RetentionDays.THREE_MONTHS });
    this.retrainStateMachine = new StateMachine(this, 'RetrainStateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(path.join(REPO_ROOT, 'statemachines', 'retrain.asl.json')),
      definitionSubstitutions: {
        RetrainStepFunctionArn: this.functions[stepFunction].functionArn,
        AlertsTopicArn: stateful.alertsTopic.topicArn,
      },
      tracingEnabled: true,
      logs: { destination: workflowLogs, level: LogLevel.ALL, includeExecutionData: true },
      timeout: Duration.hours(2),
    });
    this.functions[stepFunction].grantInvoke(this.retrainStateMachine);
    stateful.alertsTopic.grantPublish(this.retrainStateMachine);
    for (const [key, spec] of Object.entries(FUNCTIONS) as [FunctionKey, FunctionSpec][]) {
      if (spec.startsRetrainWorkflow === true)
        this.functions[key].bindStateMachineStart(this.retrainStateMachine, ENV.stateMachineArn);
    }

    for (const consumer of QUEUE_CONSUMERS) {
      const fn = this.functions[consumer.function];
      const queue = stateful.queues[consumer.queue];
      fn.addEventSource(new SqsEventSource(queue, { batchSize: consumer.batchSize, reportBatchItemFailures: true }));
      fn.addEnvironment(QUEUES[consumer.queue].env, queue.queueUrl);
    }
    for (const schedule of SCHEDULES) {
      new Rule(this, `${schedule.id}Schedule`, {
        description: `Runs ${schedule.function} every ${schedule.rateMinutes} minutes`,
        schedule: Schedule.rate(Duration.minutes(schedule.rateMinutes)),
        targets: [new LambdaFunction(this.functions[schedule.function], { retryAttempts: 2 })],
      });
    }

    const authorizer = new HttpJwtAuthorizer(
      'CognitoAuthorizer',
      `https://cognito-idp.${this.region}.amazonaws.com/${stateful.userPool.userPoolId}`,
      {
        jwtAudience: [stateful.userPoolClient.userPoolClientId],
      },
    );
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'AIOps/MLOps platform API',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });

    const integrations = new Map<FunctionKey, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.function);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`${route.function}Integration`, this.functions[route.function]);
        integrations.set(route.function, integration);
      }
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.roles === undefined ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
    }

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const throttle = props.throttle ?? { rate: 500, burst: 1000 };
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: throttle.rate, burstLimit: throttle.burst },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    // Route-level throttling has no L2 property yet.
    (stage.node.defaultChild as CfnStage).addPropertyOverride(
      'RouteSettings',
      Object.fromEntries(
        ROUTES.map((r) => [
          routeKey(r),
          { ThrottlingRateLimit: r.throttle.rate, ThrottlingBurstLimit: r.throttle.burst },
        ]),
      ),
    );

    for (const [key, dlq] of Object.entries(stateful.deadLetterQueues)) {
      new Alarm(this, `${QUEUES[key as keyof typeof QUEUES].id}DlqAlarm`, {
        alarmDescription: `Messages of ${key} failed repeatedly and were moved to its dead-letter queue`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(stateful.alertsTopic));
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
