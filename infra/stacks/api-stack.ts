import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/env.ts';
import { TABLES, type TableKey } from '../../shared/resources.ts';
import { FUNCTIONS, QUEUE_CONSUMERS, ROUTES, routeKey, type FunctionKey, type FunctionSpec } from '../../shared/routes.ts';
import { ServiceFunction } from '../constructs/service-function.ts';
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

  public constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stateful } = props;

    const build = (key: FunctionKey, spec: FunctionSpec): ServiceFunction => {
      const fn = new ServiceFunction(this, `${key[0]?.toUpperCase() ?? ''}${key.slice(1)}Function`, {
        entry: spec.entry,
        description: spec.description,
        memorySize: spec.memoryMb ?? 256,
        timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
        environment: { [ENV.metricsStore]: stateful.metricsStore },
      });
      for (const [table, access] of Object.entries(spec.tables) as [TableKey, 'read' | 'readwrite'][]) {
        fn.bindTable(stateful.tables[table], TABLES[table], access);
      }
      if (spec.sendsModelEvents === true) fn.bindQueueSend(stateful.modelEvents, ENV.modelEventsQueueUrl);
      if (spec.publishesAlerts === true) fn.bindTopicPublish(stateful.alertsTopic, ENV.alertsTopicArn);
      if (spec.usesMetricStore === true) {
        if (stateful.timestream) fn.bindTimestream(stateful.timestream.databaseName, stateful.timestream.tableName, stateful.timestream.tableArn);
        else fn.bindTable(stateful.tables.metrics, TABLES.metrics, 'readwrite');
      }
      return fn;
    };
    this.functions = Object.fromEntries(
      (Object.entries(FUNCTIONS) as [FunctionKey, FunctionSpec][]).map(([key, spec]) => [key, build(key, spec)]),
    ) as Record<FunctionKey, ServiceFunction>;

    const queues = { modelEvents: stateful.modelEvents };
    for (const consumer of QUEUE_CONSUMERS) {
      this.functions[consumer.function].addEventSource(
        new SqsEventSource(queues[consumer.queue], { batchSize: consumer.batchSize, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true }),
      );
    }

    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', `https://cognito-idp.${this.region}.amazonaws.com/${stateful.userPool.userPoolId}`, {
      jwtAudience: [stateful.userPoolClient.userPoolClientId],
    });
    this.api = new HttpApi(this, 'HttpApi', { description: 'AIOps/MLOps platform API', createDefaultStage: false, defaultAuthorizer: authorizer });

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
      Object.fromEntries(ROUTES.map((r) => [routeKey(r), { ThrottlingRateLimit: r.throttle.rate, ThrottlingBurstLimit: r.throttle.burst }])),
    );

    new Alarm(this, 'ModelEventsDlqAlarm', {
      alarmDescription: 'Model events failed repeatedly and were moved to the dead-letter queue',
      metric: stateful.modelEventsDlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(stateful.alertsTopic));

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
