import { batchAnalysisSchema, batchPathSchema } from '#contracts/services.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { callerOf, parseBody, parsePath } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { batchAnalysis } from '#wiring/services.ts';

const batches = batchAnalysis(process.env);

export const handler = createHttpApi('batchAnalysisApi', {
  startBatchAnalysis: async (event) => {
    const { plugin_ids, analyses } = parseBody(event, batchAnalysisSchema);
    return ok(await batches.start(plugin_ids, analyses, callerOf(event)), 202);
  },
  getBatchAnalysis: async (event) => {
    const { batch_id } = parsePath(event, batchPathSchema);
    return ok(await batches.get(batch_id));
  },
});
