import { predictQuerySchema, servicePathSchema } from '#contracts/services.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parsePath, parseQuery } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { forecasting } from '#wiring/services.ts';

const forecasts = forecasting(process.env);

export const handler = createHttpApi('forecasting', {
  trainForecastModels: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    const models = await forecasts.train(plugin_id);
    return ok({
      service: plugin_id,
      models: models.map((m) => ({
        metric: m.metric,
        samples: m.samples,
        model: m.model,
        holdout: m.holdout,
        trained_at: m.trained_at,
      })),
    });
  },
  predictServiceMetrics: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    const q = parseQuery(event, predictQuerySchema);
    const result = await forecasts.predict(plugin_id, {
      horizonHours: q.horizon_hours,
      ...(q.metric !== undefined ? { metric: q.metric } : {}),
    });
    return ok({ service: plugin_id, ...result });
  },
});
