import {
  genericMetricSchema,
  genericMetricsSchema,
  httpEventsSchema,
  servicePathSchema,
  servicePointSchema,
  servicePointsSchema,
} from '#contracts/services.schema.ts';
import { systemClock } from '#domain/kernel/time.ts';
import type { ServicePoint } from '#domain/services/types.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody, parsePath, validate } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { epochMs } from '#platform/http/time.ts';
import { serviceMonitoring } from '#wiring/services.ts';
import * as z from 'zod/mini';

/** With the alert manager: a burst found as a batch arrives alerts at once. */
const services = serviceMonitoring(process.env, { alerts: true });
const anyObject = z.looseObject({});

export const handler = createHttpApi('serviceIngest', {
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
  ingestMetrics: async (event) => {
    const body = parseBody(event, anyObject);
    const raw =
      'metrics' in body
        ? validate(genericMetricsSchema, body, 'request body').metrics
        : [validate(genericMetricSchema, body, 'request body')];
    const now = systemClock.now();
    const result = await services.collectGeneric(
      raw.map((m) => ({
        name: m.metricName,
        value: m.value,
        time: m.timestamp === undefined ? now : epochMs(m.timestamp),
        service: m.service ?? 'default',
        ...(m.tags !== undefined ? { tags: m.tags } : {}),
      })),
    );
    return ok(result, 201);
  },
  ingestHttpEvents: async (event) => {
    const { service, events } = parseBody(event, httpEventsSchema);
    const result = await services.ingestHttp(
      service,
      events.map(({ timestamp, method, ...e }) => ({ ...e, method: method.toUpperCase(), time: epochMs(timestamp) })),
    );
    return ok({ service, ...result }, 201);
  },
});
