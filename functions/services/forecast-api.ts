import { predictQuerySchema, servicePathSchema, suggestionsHistoryQuerySchema } from '#contracts/services.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parsePath, parseQuery } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { forecasting, insights as insightsOf } from '#wiring/services.ts';

const forecasts = forecasting(process.env);
const insights = insightsOf(process.env);

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
  getOptimizationSuggestions: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    return ok({ service: plugin_id, suggestions: await insights.suggestions(plugin_id) });
  },
  getSuggestionsHistory: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    const { days } = parseQuery(event, suggestionsHistoryQuerySchema);
    return ok({ service: plugin_id, suggestions: await insights.suggestionHistory(plugin_id, days) });
  },
  getAnalyticsSummary: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    return ok(await insights.summary(plugin_id));
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
