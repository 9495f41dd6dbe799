import {
  anomaliesHistoryQuerySchema,
  httpTrafficPathSchema,
  httpTrafficQuerySchema,
  metricsHistoryQuerySchema,
  seriesQuerySchema,
  servicePathSchema,
} from '#contracts/services.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody, parsePath, parseQuery } from '#platform/http/parse.ts';
import { serviceSettingsSchema } from '#contracts/config.schema.ts';
import { ok } from '#platform/http/response.ts';
import { epochMs } from '#platform/http/time.ts';
import { serviceMonitoring } from '#wiring/services.ts';

const services = serviceMonitoring(process.env);

export const handler = createHttpApi('serviceMonitoring', {
  listServices: async () => ok({ services: await services.list() }),
  getServiceMetricsHistory: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    const q = parseQuery(event, metricsHistoryQuerySchema);
    const { metric, points } = await services.history(plugin_id, q.metric, {
      ...(q.from !== undefined ? { from: epochMs(q.from) } : {}),
      ...(q.to !== undefined ? { to: epochMs(q.to) } : {}),
      ...(q.step !== undefined ? { stepSeconds: q.step } : {}),
      ...(q.tags !== undefined
        ? { tags: Object.fromEntries(q.tags.split(',').map((kv) => kv.split(':') as [string, string])) }
        : {}),
    });
    return ok({
      service: plugin_id,
      metric,
      points: points.map((p) => ({
        timestamp: new Date(p.time).toISOString(),
        value: p.value,
        min: p.min,
        max: p.max,
        count: p.count,
      })),
    });
  },
  getAnomaliesHistory: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    const { hours } = parseQuery(event, anomaliesHistoryQuerySchema);
    return ok({ service: plugin_id, anomalies: await services.anomalyHistory(plugin_id, hours) });
  },
  getServiceSettings: async () => ok({ settings: await services.settings() }),
  putServiceSettings: async (event) =>
    ok({ settings: await services.updateSettings(parseBody(event, serviceSettingsSchema)) }),
  listServiceSeries: async (event) => {
    const { service } = parseQuery(event, seriesQuerySchema);
    return ok({ service, series: await services.series(service) });
  },
  getHttpTraffic: async (event) => {
    const { service } = parsePath(event, httpTrafficPathSchema);
    const { hours } = parseQuery(event, httpTrafficQuerySchema);
    const { minutes, ...rest } = await services.httpTraffic(service, hours);
    return ok({
      service,
      minutes: minutes.map(({ minute, ...m }) => ({ timestamp: new Date(minute).toISOString(), ...m })),
      ...rest,
    });
  },
  detectServiceAnomalies: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    return ok({ service: plugin_id, anomalies: await services.detect(plugin_id) });
  },
});
