import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { FunctionKey } from '#catalog/routes.ts';
import { RetryLaterError } from '#domain/kernel/errors.ts';
import {
  captureLambdaHandler,
  injectLambdaContext,
  loggerFor,
  logMetrics,
  metrics,
  tracer,
} from '#platform/observability/index.ts';

/**
 * An SQS consumer with the house middleware: observability, then partial batch failures, so a
 * failed record is redelivered (and finally dead-lettered) without failing its batch-mates.
 * `forBatch` is called once per batch and returns the per-record work, so records of one batch
 * can share work (e.g. one evaluation per model).
 */
export function createSqsConsumer(
  fn: FunctionKey,
  name: string,
  forBatch: (event: SQSEvent) => (record: SQSRecord) => Promise<unknown>,
) {
  const logger = loggerFor(fn);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(captureLambdaHandler(tracer))
    .use(
      sqsPartialBatchFailure({
        logger: (reason: unknown) => {
          // An expected retry (RetryLaterError) is a warning without a stack; anything else is an error.
          if (reason instanceof RetryLaterError) logger.warn(`${name} will be retried`, { reason: reason.message });
          else logger.error(`${name} failed`, { reason });
        },
      }),
    )
    .handler(async (event) => {
      const perRecord = forBatch(event);
      // sqs-partial-batch-failure turns the settled results, one per record, into batchItemFailures.
      return (await Promise.allSettled(event.Records.map(perRecord))) as unknown as SQSBatchResponse;
    });
}

/** A scheduled (EventBridge) function with the house middleware. */
/** A scheduled (EventBridge) function: `run` gets the event and the Lambda context (its remaining time). */
export function createScheduledHandler<T>(fn: FunctionKey, run: (event: unknown, context: Context) => Promise<T>) {
  const logger = loggerFor(fn);
  return middy()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(captureLambdaHandler(tracer))
    .handler(run);
}
