import { analyzeSchema } from '#contracts/analytics.schema.ts';
import { analyzeSeries } from '#lib/anomaly/analyze.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';

/** Stateless: nothing is read or stored, so nothing is audited either. */
export const handler = createHttpApi('analytics', {
  analyzeMetric: async (event) => {
    const { metricName, values, methods } = parseBody(event, analyzeSchema);
    return Promise.resolve(ok({ metricName, analysis: analyzeSeries(values, methods) }));
  },
});
