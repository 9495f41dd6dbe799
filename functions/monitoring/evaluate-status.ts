import { modelEventSchema } from '#contracts/monitoring.schema.ts';
import { createSqsConsumer } from '#platform/lambda/background.ts';
import { loggerFor } from '#platform/observability/index.ts';
import { statusEvaluator } from '#wiring/monitoring.ts';

const evaluator = statusEvaluator(process.env, loggerFor('statusEvaluator'));

/**
 * Consumes model-events. Messages for the same model in one batch share one evaluation; a
 * failed evaluation fails only its own messages, which SQS redelivers and finally moves to the
 * dead-letter queue. Malformed messages fail too, so they land in the DLQ instead of vanishing.
 */
export const handler = createSqsConsumer('statusEvaluator', 'model evaluation', () => {
  const evaluations = new Map<string, Promise<unknown>>();
  return async (record) => {
    const { model_name } = modelEventSchema.parse(JSON.parse(record.body) as unknown);
    let pending = evaluations.get(model_name);
    if (pending === undefined) {
      pending = evaluator.evaluate(model_name);
      evaluations.set(model_name, pending);
    }
    return pending;
  };
});
