import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createClients } from '#shared/aws/clients.ts';
import { retrainMessageSchema } from '#shared/contracts/retraining.schema.ts';
import { captureLambdaHandler, injectLambdaContext, logger, logMetrics, metrics, tracer } from '#shared/observability/index.ts';
import { retrainSchedulerFromEnv } from '#shared/wiring.ts';

const scheduler = retrainSchedulerFromEnv(process.env, createClients());

/**
 * Consumes the retrain-requests queue: drift's requests become queued tasks, `{dispatch: true}`
 * nudges (from finished runs) start queued ones. A failed record is retried, then dead-lettered.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer))
  .use(sqsPartialBatchFailure({ logger: (reason: unknown) => { logger.error('retrain request failed', { reason }); } }))
  .handler(async (event) => {
    const settled = await Promise.allSettled(
      event.Records.map(async (record) => {
        const message = retrainMessageSchema.parse(JSON.parse(record.body) as unknown);
        if ('dispatch' in message) await scheduler.dispatch();
        else await scheduler.request(message.model_name, message.reason);
      }),
    );
    return settled as unknown as SQSBatchResponse;
  });
