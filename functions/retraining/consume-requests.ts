import { createClients } from '#shared/aws/clients.ts';
import { retrainMessageSchema } from '#shared/contracts/retraining.schema.ts';
import { createSqsConsumer } from '#shared/handlers/background.ts';
import { retrainSchedulerFromEnv } from '#shared/wiring.ts';

const scheduler = retrainSchedulerFromEnv(process.env, createClients());

/**
 * Consumes the retrain-requests queue: drift's requests become queued tasks, `{dispatch: true}`
 * nudges (from finished runs) start queued ones. A failed record is retried, then dead-lettered.
 */
export const handler = createSqsConsumer('retrain request', () => async (record) => {
  const message = retrainMessageSchema.parse(JSON.parse(record.body) as unknown);
  if ('dispatch' in message) await scheduler.dispatch();
  else await scheduler.request(message.model_name, message.reason);
});
