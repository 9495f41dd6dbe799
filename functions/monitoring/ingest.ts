import { logPredictionsSchema, predictionItemSchema, updateResultSchema } from '#contracts/monitoring.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { MetricUnit, metrics } from '#platform/observability/index.ts';
import { monitoringService } from '#wiring/monitoring.ts';

const monitoring = monitoringService(process.env);

export const handler = createHttpApi('monitoringIngest', {
  logPrediction: async (event) => {
    const [result] = await monitoring.logPredictions([parseBody(event, predictionItemSchema)]);
    if (result === undefined) throw new Error('logPredictions returned no result for one item');
    metrics.addMetric('PredictionsLogged', MetricUnit.Count, result.status === 'created' ? 1 : 0);
    return ok({ prediction_id: result.prediction_id, status: result.status }, result.status === 'created' ? 201 : 200);
  },
  logPredictions: async (event) => {
    const { predictions } = parseBody(event, logPredictionsSchema);
    const results = await monitoring.logPredictions(predictions);
    const created = results.filter((r) => r.status === 'created').length;
    metrics.addMetric('PredictionsLogged', MetricUnit.Count, created);
    return ok({ created, duplicates: results.length - created, results });
  },
  updateResult: async (event) => ok(await monitoring.updateResult(parseBody(event, updateResultSchema))),
});
