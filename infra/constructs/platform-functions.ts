import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { FUNCTION_DEFAULTS } from '#catalog/defaults.ts';
import { AI_KEY_PREFIX, ENV } from '#catalog/env.ts';
import { QUEUES, TABLES, type TableKey } from '#catalog/resources.ts';
import { FUNCTIONS, QUEUE_CONSUMERS, SCHEDULES, type FunctionKey, type FunctionSpec } from '#catalog/routes.ts';
import type { PlatformResources } from './platform-resources.ts';
import { ServiceFunction } from './service-function.ts';

export interface PlatformFunctionsProps {
  readonly resources: PlatformResources;
}

/**
 * Every Lambda of the catalog (catalog/routes.ts FUNCTIONS), each bound to exactly the tables,
 * queues, bucket, topic and metric store its entry names (env var and least-privilege grant in
 * one call), with its queue event sources and EventBridge schedules.
 */
export class PlatformFunctions extends Construct {
  public readonly byKey: Readonly<Record<FunctionKey, ServiceFunction>>;

  public constructor(scope: Construct, id: string, props: PlatformFunctionsProps) {
    super(scope, id);
    const r = props.resources;
    const build = (key: FunctionKey, spec: FunctionSpec): ServiceFunction => {
      const fn = new ServiceFunction(this, `${key[0]?.toUpperCase() ?? ''}${key.slice(1)}Function`, {
        entry: spec.entry,
        description: spec.description,
        memorySize: spec.memoryMb ?? FUNCTION_DEFAULTS.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds),
        environment: { [ENV.metricsStore]: r.metricsStore },
      });
      for (const [table, access] of Object.entries(spec.tables) as [TableKey, 'read' | 'readwrite'][]) {
        fn.bindTable(r.tables[table], TABLES[table], access);
      }
      if (spec.sendsModelEvents === true) fn.bindQueueSend(r.queues.modelEvents, ENV.modelEventsQueueUrl);
      if (spec.sendsRetrainRequests === true) fn.bindQueueSend(r.queues.retrainRequests, ENV.retrainQueueUrl);
      if (spec.sendsAnalysisRequests === true) fn.bindQueueSend(r.queues.analysisRequests, ENV.analysisQueueUrl);
      if (spec.webhookTargets === true) fn.addEnvironment(ENV.webhookUrls, r.webhookUrls.join(','));
      if (spec.artifacts !== undefined) fn.bindBucket(r.artifactsBucket, ENV.artifactsBucket, spec.artifacts);
      if (spec.publishesAlerts === true) fn.bindTopicPublish(r.alertsTopic, ENV.alertsTopicArn);
      if (spec.keyVault !== undefined) fn.bindKeyVault(AI_KEY_PREFIX, spec.keyVault);
      if (spec.callsProviders === true) fn.grantBedrockInvoke();
      if (spec.readsQueueDepths === true) fn.bindQueueDepths(r.queues, r.deadLetterQueues);
      if (spec.metricStore !== undefined) {
        if (r.timestream !== undefined)
          fn.bindTimestream(r.timestream.databaseName, r.timestream.tableName, r.timestream.tableArn, spec.metricStore);
        else fn.bindTable(r.tables.metrics, TABLES.metrics, spec.metricStore);
      }
      return fn;
    };
    this.byKey = Object.fromEntries(
      (Object.entries(FUNCTIONS) as [FunctionKey, FunctionSpec][]).map(([key, spec]) => [key, build(key, spec)]),
    ) as Record<FunctionKey, ServiceFunction>;

    for (const consumer of QUEUE_CONSUMERS) {
      const fn = this.byKey[consumer.function];
      const queue = r.queues[consumer.queue];
      fn.addEventSource(new SqsEventSource(queue, { batchSize: consumer.batchSize, reportBatchItemFailures: true }));
      fn.addEnvironment(QUEUES[consumer.queue].env, queue.queueUrl);
    }
    for (const schedule of SCHEDULES) {
      new Rule(this, `${schedule.id}Schedule`, {
        description: `Runs ${schedule.function} every ${schedule.rateMinutes} minutes`,
        schedule: Schedule.rate(Duration.minutes(schedule.rateMinutes)),
        targets: [new LambdaFunction(this.byKey[schedule.function], { retryAttempts: 2 })],
      });
    }
  }

  /** The functions whose catalog entry has `flag` set. */
  public flagged(flag: 'retrainStep' | 'startsRetrainWorkflow'): ServiceFunction[] {
    return (Object.entries(FUNCTIONS) as [FunctionKey, FunctionSpec][])
      .filter(([, spec]) => spec[flag] === true)
      .map(([key]) => this.byKey[key]);
  }
}
