import { analysisMessageSchema } from '#contracts/services.schema.ts';
import { createSqsConsumer } from '#platform/lambda/background.ts';
import { batchAnalysis } from '#wiring/services.ts';

const batches = batchAnalysis(process.env, { worker: true });

/**
 * Consumes the analysis-requests queue: one service of a batch per message. A service that
 * cannot be analysed (unknown, too little data) is recorded as failed; other errors fail the
 * record alone (partial batch response), to be retried and in the end dead-lettered.
 */
export const handler = createSqsConsumer('batchAnalysisWorker', 'analysis request', () => async (record) => {
  await batches.process(analysisMessageSchema.parse(JSON.parse(record.body) as unknown));
});
