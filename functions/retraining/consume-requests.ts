import { retrainMessageSchema } from '#contracts/retraining.schema.ts';
import { createSqsConsumer } from '#platform/lambda/background.ts';
import { retrainScheduler } from '#wiring/retraining.ts';

const scheduler = retrainScheduler(process.env);

/**
 * Consumes the retrain-requests queue: drift's requests become queued tasks, `{dispatch: true}`
 * nudges (from finished runs) start queued ones. A failed record is retried, then dead-lettered.
 */
export const handler = createSqsConsumer('retrainConsumer', 'retrain request', () => async (record) => {
  const message = retrainMessageSchema.parse(JSON.parse(record.body) as unknown);
  if ('dispatch' in message) await scheduler.dispatch();
  else await scheduler.request(message.model_name, message.reason);
});
