import { logPredictionsSchema, predictionItemSchema, updateResultSchema } from '#contracts/monitoring.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { MetricUnit, metrics } from '#platform/observability/index.ts';
import { monitoringService } from '#wiring/monitoring.ts';

const monitoring = monitoringService(process.env);
const BASE = '/api/ai/monitoring';

export const handler = createHttpApi([
  {
    method: 'POST',
    path: `${BASE}/log-prediction`,
    handler: async (event) => {
      const item = parseBody(event, predictionItemSchema);
      const [result] = await monitoring.logPredictions([item]);
      metrics.addMetric('PredictionsLogged', MetricUnit.Count, result?.status === 'created' ? 1 : 0);
      return ok(
        { prediction_id: result?.prediction_id, status: result?.status },
        result?.status === 'created' ? 201 : 200,
      );
    },
  },
  {
    method: 'POST',
    path: `${BASE}/log-predictions`,
    handler: async (event) => {
      const { predictions } = parseBody(event, logPredictionsSchema);
      const results = await monitoring.logPredictions(predictions);
      const created = results.filter((r) => r.status === 'created').length;
      metrics.addMetric('PredictionsLogged', MetricUnit.Count, created);
      return ok({ created, duplicates: results.length - created, results });
    },
  },
  {
    method: 'POST',
    path: `${BASE}/update-result`,
    handler: async (event) => {
      const input = parseBody(event, updateResultSchema);
      return ok(await monitoring.updateResult(input));
    },
  },
]);
