import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createClients } from '#shared/aws/clients.ts';
import { modelEventSchema } from '#shared/contracts/monitoring.schema.ts';
import { captureLambdaHandler, injectLambdaContext, logger, logMetrics, metrics, tracer } from '#shared/observability/index.ts';
import { statusEvaluatorFromEnv } from '#shared/wiring.ts';

const evaluator = statusEvaluatorFromEnv(process.env, createClients(), logger);

/**
 * Consumes model-events. Messages for the same model in one batch share one evaluation; a
 * failed evaluation fails only its own messages (partial batch response), which SQS redelivers
 * and finally moves to the dead-letter queue. Malformed messages fail too, so they land in the
 * DLQ instead of vanishing.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer))
  .use(sqsPartialBatchFailure({ logger: (reason: unknown) => { logger.error('model event failed', { reason }); } }))
  .handler(async (event) => {
    const evaluations = new Map<string, Promise<unknown>>();
    const evaluateOnce = (name: string): Promise<unknown> => {
      let pending = evaluations.get(name);
      if (pending === undefined) {
        pending = evaluator.evaluate(name);
        evaluations.set(name, pending);
      }
      return pending;
    };
    // sqs-partial-batch-failure turns the settled results, one per record, into batchItemFailures.
    const settled = await Promise.allSettled(
      event.Records.map(async (record) => evaluateOnce(modelEventSchema.parse(JSON.parse(record.body) as unknown).model_name)),
    );
    return settled as unknown as SQSBatchResponse;
  });
