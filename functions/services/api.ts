import {
  anomaliesHistoryQuerySchema,
  metricsHistoryQuerySchema,
  servicePathSchema,
  servicePointSchema,
  servicePointsSchema,
} from '#contracts/services.schema.ts';
import type { ServicePoint } from '#domain/services/types.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody, parsePath, parseQuery, validate } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { serviceMonitoring } from '#wiring/services.ts';
import * as z from 'zod/mini';

const services = serviceMonitoring(process.env);
const anyObject = z.looseObject({});

/** Epoch ms of an ISO 8601 time or of epoch ms given as a number or as digits. */
const epochMs = (t: string | number): number => (typeof t === 'number' || /^\d+$/.test(t) ? Number(t) : Date.parse(t));

export const handler = createHttpApi('serviceMonitoring', {
  collectMetrics: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    // One point, or `{ points }`: validated against the one the body is, so errors name its fields.
    const body = parseBody(event, anyObject);
    const raw =
      'points' in body
        ? validate(servicePointsSchema, body, 'request body').points
        : [validate(servicePointSchema, body, 'request body')];
    const now = systemClock.now();
    const points: ServicePoint[] = raw.map(({ timestamp, custom, ...values }) => ({
      time: timestamp === undefined ? now : epochMs(timestamp),
      values,
      ...(custom !== undefined ? { custom } : {}),
    }));
    const { stored } = await services.collect(plugin_id, points);
    return ok({ service: plugin_id, points: points.length, stored }, 201);
  },
  listServices: async () => ok({ services: await services.list() }),
  getServiceMetricsHistory: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    const q = parseQuery(event, metricsHistoryQuerySchema);
    const { metric, points } = await services.history(plugin_id, q.metric, {
      ...(q.from !== undefined ? { from: epochMs(q.from) } : {}),
      ...(q.to !== undefined ? { to: epochMs(q.to) } : {}),
      ...(q.step !== undefined ? { stepSeconds: q.step } : {}),
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
  detectServiceAnomalies: async (event) => {
    const { plugin_id } = parsePath(event, servicePathSchema);
    return ok({ service: plugin_id, anomalies: await services.detect(plugin_id) });
  },
});
