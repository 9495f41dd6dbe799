import type { Notice } from '#domain/kernel/notice.ts';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ENV } from '#catalog/env.ts';
import { FUNCTIONS, QUEUE_CONSUMERS, ROUTES, SCHEDULES, type FunctionKey } from '#catalog/routes.ts';
import { buildWeb } from '../web/build.ts';
import { loadOrCreateKeys, mintToken, signingKeyFile, type LocalKeys } from './auth.ts';
import { ensureLocalResources, type LocalResources } from './bootstrap.ts';
import { startEmulators, type Emulators } from './emulators.ts';
import { lambdaContext, startGateway, type HttpHandler } from './gateway.ts';
import { startSfnEndpoint } from './sfn-endpoint.ts';
import { createLocalWorkflow } from './workflow.ts';
import { PublishCommand } from '@aws-sdk/client-sns';
import { startSqsPoller, type SqsHandler } from './sqs-poller.ts';

export interface LocalStackOptions {
  /** Persistent state; see `defaultDataDir`. */
  readonly dataDir: string;
  /** Gateway port; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Route throttling in the gateway. @default true */
  readonly throttle?: boolean;
  /** Called for every notice that reaches the alerts topic (email/SMS stand-in). */
  readonly onNotice?: (notice: Notice) => void;
  /** Webhook URLs the notifier POSTs every notice to. @default [] */
  readonly webhookUrls?: readonly string[];
  /** Seconds between scheduled runs (drift scan); defaults to each schedule's own rate. */
  readonly scheduleIntervalSeconds?: number;
  readonly onError?: (where: string, error: unknown) => void;
  /** Build and serve the web console at `/` (into the data dir). @default true */
  readonly console?: boolean;
}

export interface LocalStack {
  readonly url: string;
  readonly keys: LocalKeys;
  readonly emulators: Emulators;
  readonly resources: LocalResources;
  readonly outboxFile: string;
  stop(): Promise<void>;
}

export const defaultDataDir = (): string => process.env.AIOPS_DATA_DIR ?? path.join(REPO_ROOT, '.local');

/**
 * Runs the whole platform on this machine: emulators, resources, every handler behind a local
 * HTTP gateway, queue consumers, and the alerts outbox. Handler modules are imported once per
 * process, after the environment points the SDK at the emulators; so start one stack per
 * process (tests start it as a child process).
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(options.dataDir, { recursive: true });
  const emulators = await startEmulators({ dataDir: options.dataDir });
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb,
    AWS_ENDPOINT_URL_SQS: emulators.fauxqs,
    AWS_ENDPOINT_URL_SNS: emulators.fauxqs,
    AWS_ENDPOINT_URL_S3: emulators.fauxqs,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
  });
  // The stack's own clients (the handlers build theirs through platform/aws/clients.ts).
  const clients = {
    dynamodb: new DynamoDBClient({}),
    sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
    sns: new SNSClient({}),
    s3: new S3Client({ forcePathStyle: true }),
  };
  const resources = await ensureLocalResources(clients);
  // The signing key comes first: the AI models' key vault (a sealed file) derives its key from it.
  const keys = await loadOrCreateKeys(options.dataDir);
  Object.assign(process.env, resources.env, {
    [ENV.webhookUrls]: (options.webhookUrls ?? []).join(','),
    [ENV.localKeyVaultFile]: path.join(options.dataDir, 'secrets', 'ai-keys.json'),
    [ENV.localKeyVaultSecretFile]: signingKeyFile(options.dataDir),
  });

  const onError =
    options.onError ??
    ((where: string, error: unknown) => {
      console.error(`[${where}]`, error);
    });
  const modules = new Map<FunctionKey, unknown>();
  // Step Functions: the same ASL under aws-local-stepfunctions, behind a loopback SFN API
  // endpoint; its Lambda tasks call the step function's handler, its SNS tasks the emulator.
  const workflow = createLocalWorkflow({
    substitutions: { AlertsTopicArn: resources.alertsTopicArn },
    invoke: (payload) =>
      (modules.get('retrainStep') as (event: unknown, context: unknown) => Promise<unknown>)(
        payload,
        lambdaContext('retrainStep', 900_000),
      ),
    publish: async (p) => {
      await clients.sns.send(
        new PublishCommand({
          TopicArn: p.TopicArn,
          Message: p.Message,
          ...(p.Subject !== undefined ? { Subject: p.Subject } : {}),
          MessageAttributes: Object.fromEntries(
            Object.entries(p.MessageAttributes ?? {}).map(([k, v]) => [
              k,
              { DataType: v.DataType, StringValue: v.StringValue ?? '' },
            ]),
          ),
        }),
      );
    },
  });
  const sfn = await startSfnEndpoint(workflow, (error) => {
    onError('retrain-workflow', error);
  });
  process.env.AWS_ENDPOINT_URL_SFN = sfn.url;

  for (const [key, spec] of Object.entries(FUNCTIONS) as [FunctionKey, { entry: string }][]) {
    const mod = (await import(path.join(REPO_ROOT, spec.entry))) as { handler: unknown };
    modules.set(key, mod.handler);
  }
  const httpFunctions = new Set(ROUTES.map((r) => r.function));
  const handlers = Object.fromEntries(
    [...httpFunctions].map((key) => [key, modules.get(key) as HttpHandler]),
  ) as Record<FunctionKey, HttpHandler | undefined>;

  const site =
    options.console === false
      ? undefined
      : {
          dir: buildWeb(path.join(options.dataDir, 'web')).outDir,
          tokens: Object.fromEntries(
            await Promise.all(
              (['admin', 'operator', 'viewer'] as const).map(async (role) => [
                role,
                await mintToken(keys, { roles: [role] }),
              ]),
            ),
          ) as Record<string, string>,
        };
  const gateway = await startGateway({
    port: options.port ?? 3000,
    keys,
    handlers,
    throttle: options.throttle ?? true,
    ...(site !== undefined ? { site } : {}),
  });

  const pollers = QUEUE_CONSUMERS.map((consumer) =>
    startSqsPoller({
      sqs: clients.sqs,
      queueUrl: resources.queues[consumer.queue].url,
      queueArn: resources.queues[consumer.queue].arn,
      functionName: consumer.function,
      handler: modules.get(consumer.function) as SqsHandler,
      batchSize: consumer.batchSize,
      onError: (error) => {
        onError(consumer.function, error);
      },
    }),
  );

  // Schedules: what EventBridge rules do in AWS. A run still going when the next is due is skipped.
  const startTimers: NodeJS.Timeout[] = [];
  const timers = SCHEDULES.map((schedule) => {
    const handler = modules.get(schedule.function) as (event: unknown, context: unknown) => Promise<unknown>;
    let busy = false;
    const fire = () => {
      if (busy) return;
      busy = true;
      handler(
        { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
        lambdaContext(schedule.function, 900_000),
      )
        .catch((error: unknown) => {
          onError(schedule.function, error);
        })
        .finally(() => {
          busy = false;
        });
    };
    // A few seconds in, after the demo's setup, rather than a whole period after start.
    if ('runAtStart' in schedule) startTimers.push(setTimeout(fire, 5000));
    return setInterval(fire, (options.scheduleIntervalSeconds ?? schedule.rateMinutes * 60) * 1000);
  });

  // The outbox stands in for email/SMS: every notice published to the topic lands here.
  const outboxFile = path.join(options.dataDir, 'alerts-outbox.jsonl');
  const outbox = startSqsPoller({
    sqs: clients.sqs,
    queueUrl: resources.alertsOutboxQueueUrl,
    queueArn: 'outbox',
    functionName: 'alerts-outbox',
    handler: async (event) => {
      for (const record of event.Records) {
        const envelope = JSON.parse(record.body) as { Message?: string; MessageAttributes?: unknown };
        const message = JSON.parse(envelope.Message ?? '{}') as { notice?: Notice };
        appendFileSync(
          outboxFile,
          `${JSON.stringify({ received_at: new Date().toISOString(), attributes: envelope.MessageAttributes, ...message })}\n`,
        );
        if (message.notice !== undefined) options.onNotice?.(message.notice);
      }
      return Promise.resolve({ batchItemFailures: [] });
    },
    onError: (error) => {
      onError('alerts-outbox', error);
    },
  });

  return {
    url: gateway.url,
    keys,
    emulators,
    resources,
    outboxFile,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      for (const timer of startTimers) clearTimeout(timer);
      await sfn.settle();
      await Promise.all([...pollers, outbox].map((p) => p.stop()));
      await gateway.close();
      await sfn.close();
      clients.sqs.destroy();
      clients.sns.destroy();
      clients.dynamodb.destroy();
      clients.s3.destroy();
      await emulators.stop();
    },
  };
}
