import middy from '@middy/core';
import { stepPayloadSchema } from '#contracts/retrain-steps.schema.ts';
import { captureLambdaHandler, injectLambdaContext, loggerFor, tracer } from '#platform/observability/index.ts';
import { runStep } from '#domain/retraining/steps.ts';
import { retrainSteps } from '#wiring/retraining.ts';

const steps = retrainSteps(process.env);
const logger = loggerFor('retrainStep');

/**
 * The task function of statemachines/retrain.asl.json: the payload's `step` picks the work.
 * Errors propagate so the state machine's Retry/Catch decide (TransientError is retried).
 */
export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer))
  .handler(async (event) => {
    const payload = stepPayloadSchema.parse(event);
    logger.appendKeys({ task_id: payload.task_id, model_name: payload.model_name, step: payload.step });
    return runStep(steps, payload);
  });
