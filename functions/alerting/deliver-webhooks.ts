import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { fetchPoster } from '#shared/adapters/http/fetch-poster.adapter.ts';
import type { Notice } from '#shared/alerting/types.ts';
import { createWebhookNotifier, retryDelaySeconds } from '#shared/alerting/webhook.ts';
import { createClients } from '#shared/aws/clients.ts';
import { noticeMessageSchema } from '#shared/contracts/alerting.schema.ts';
import { ENV } from '#shared/env.ts';
import { captureLambdaHandler, injectLambdaContext, logger, logMetrics, metrics, tracer } from '#shared/observability/index.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { alertHistoryFromEnv, configStoreFromEnv } from '#shared/wiring.ts';
import { requireString } from '#shared/config.ts';

const clients = createClients();
const queueUrl = requireString(process.env, ENV.webhookQueueUrl);
const notifier = createWebhookNotifier({
  urls: (process.env[ENV.webhookUrls] ?? '').split(',').map((u) => u.trim()).filter((u) => u !== ''),
  history: alertHistoryFromEnv(process.env, clients),
  config: configStoreFromEnv(process.env, clients),
  http: fetchPoster,
  clock: systemClock,
});

/**
 * Consumes the webhook-deliveries queue (an SNS subscription with raw delivery). A notice that
 * fails for any target fails its record: its visibility is stretched to the backoff for this
 * attempt (10 s, 20 s, 40 s ...) and SQS redelivers it, up to the DLQ after maxReceiveCount.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer))
  .use(sqsPartialBatchFailure({ logger: (reason: unknown) => { logger.warn('webhook delivery failed', { reason }); } }))
  .handler(async (event) => {
    const settled = await Promise.allSettled(
      event.Records.map(async (record) => {
        const { notice } = noticeMessageSchema.parse(JSON.parse(record.body) as unknown);
        const attempt = Number(record.attributes.ApproximateReceiveCount || '1');
        const { failed } = await notifier.deliver(notice as unknown as Notice, attempt);
        if (failed.length > 0) {
          await clients.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: retryDelaySeconds(attempt) }));
          throw new Error(`delivery failed for ${failed.join(', ')} (attempt ${attempt})`);
        }
      }),
    );
    return settled as unknown as SQSBatchResponse;
  });
