import {
  exportQuerySchema,
  namedModelSchema,
  predictQuerySchema,
  servicePathSchema,
  suggestionsHistoryQuerySchema,
} from '#contracts/services.schema.ts';
import { EXPORT_INLINE_LIMIT_BYTES, toCsv } from '#domain/services/insights.ts';
import { epochMs } from '#platform/http/time.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody, parsePath, parseQuery } from '#platform/http/parse.ts';
import { ok, text } from '#platform/http/response.ts';
import { forecasting, insights as insightsOf, namedModels } from '#wiring/services.ts';

const forecasts = forecasting(process.env);
const insights = insightsOf(process.env);
const models = namedModels(process.env);

interface RunRecord {
  started_at: string;
  duration_ms: number;
  services: number;
  failures: number;
  errors: string[];
}

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
  exportServiceData: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    const q = parseQuery(event, exportQuerySchema);
    const rows = await insights.exportRows(plugin_id, q.kind, {
      ...(q.from !== undefined ? { from: epochMs(q.from) } : {}),
      ...(q.to !== undefined ? { to: epochMs(q.to) } : {}),
    });
    const body =
      q.format === 'csv' ? toCsv(rows) : JSON.stringify({ success: true, service: plugin_id, kind: q.kind, rows });
    // A Lambda response is at most 6 MB: a larger export is downloaded from S3 through a presigned link.
    if (Buffer.byteLength(body) > EXPORT_INLINE_LIMIT_BYTES) {
      const stashed = await insights.stashExport(plugin_id, q.kind, q.format, body);
      return ok({ service: plugin_id, kind: q.kind, row_count: rows.length, ...stashed });
    }
    return q.format === 'csv'
      ? {
          ...text('text/csv; charset=utf-8', body),
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${plugin_id}-${q.kind}.csv"`,
          },
        }
      : ok({ service: plugin_id, kind: q.kind, rows });
  },
  createNamedModel: async (event) => {
    const { model, created } = await models.create(parseBody(event, namedModelSchema));
    return ok({ model }, created ? 201 : 200);
  },
  listNamedModels: async () => ok({ models: await models.list() }),
  getSystemStatus: async () => {
    const status = await insights.systemStatus();
    return ok({
      ...status,
      last_runs: {
        service_detection: status.last_runs.service_detection as RunRecord | null,
        forecast_schedule: status.last_runs.forecast_schedule as RunRecord | null,
      },
    });
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
