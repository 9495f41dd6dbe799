import * as z from 'zod/mini';
import { FORECAST_METRICS } from '#domain/services/forecasts.ts';
import { ANALYSES } from '#domain/services/batch.ts';
import { EXPORT_KINDS } from '#domain/services/insights.ts';
import { NAMED_MODEL_TYPES } from '#domain/services/named-models.ts';
import { instantSchema, finite, int, num, outboundUrl, queryInt, str } from './zod.ts';
import './zod.ts';

/** A service's id in paths: what the seed calls a plugin id. */
export const serviceIdSchema = str(1, 128).check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit'),
);
export const servicePathSchema = z.strictObject({ plugin_id: serviceIdSchema });

/** At most this many points in one request. */
export const MAX_POINTS = 1000;

const metricName = str(1, 64).check(z.regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only'));
const timestamp = instantSchema();
const count = num(0, 1e12);

/** One point: a timestamp (default now, at most 5 minutes ahead) and at least one metric. */
export const servicePointSchema = z
  .strictObject({
    timestamp: z.optional(timestamp),
    cpu: z.optional(num(0, 100)),
    memory: z.optional(num(0, 100)),
    memory_mb: z.optional(num(0, 1e9)),
    response_time: z.optional(num(0, 3600)),
    error_rate: z.optional(num(0, 1)),
    request_count: z.optional(count),
    rps: z.optional(count),
    active_users: z.optional(count),
    custom: z.optional(
      z
        .record(metricName, finite())
        .check(z.refine((c) => Object.keys(c).length <= 50, 'at most 50 custom metrics a point')),
    ),
  })
  .check(
    z.refine(
      (p) =>
        Object.keys(p).some((k) => k !== 'timestamp' && (k !== 'custom' || Object.keys(p.custom ?? {}).length > 0)),
      'give at least one metric',
    ),
  );
export const servicePointsSchema = z.strictObject({
  points: z.array(servicePointSchema).check(z.minLength(1), z.maxLength(MAX_POINTS)),
});
/** `POST /collect-metrics/{plugin_id}`: one point, or `{ points: [...] }`. */
export const collectMetricsSchema = z.union([servicePointsSchema, servicePointSchema]);

/** An instant in a query string: ISO 8601 with an offset, or epoch ms in digits. */
const instant = z.union([z.iso.datetime({ offset: true }), z.string().check(z.regex(/^\d{1,16}$/, 'epoch ms'))]);
export const metricsHistoryQuerySchema = z.strictObject({
  metric: metricName,
  from: z.optional(instant),
  to: z.optional(instant),
  /** Seconds per aggregated step; raw points without it. */
  step: z.optional(z.pipe(z.coerce.number(), int(1, 86_400))),
  /** A tagged series: `region:eu,host:a`. */
  tags: z.optional(
    str(3, 1500).check(
      z.regex(/^[A-Za-z_][A-Za-z0-9_]*:[^,:]+(,[A-Za-z_][A-Za-z0-9_]*:[^,:]+){0,9}$/, 'key:value,key:value'),
    ),
  ),
});

export const anomaliesHistoryQuerySchema = z.strictObject({ hours: queryInt(1, 720, 24) });

/** At most this many HTTP events in one request. */
export const MAX_EVENTS = 1000;

/** One request a service served: what an access log line or a middleware reports. */
export const httpEventSchema = z.strictObject({
  timestamp: instantSchema(),
  method: str(1, 16).check(z.regex(/^[A-Za-z]+$/, 'an HTTP method, letters only')),
  endpoint: str(1, 256).check(z.regex(/^[^\s]+$/, 'a path without spaces or control characters')),
  status: int(100, 599),
  response_time: num(0, 3600),
  client_ip: str(2, 45).check(z.regex(/^[0-9A-Fa-f.:]+$/, 'an IPv4 or IPv6 address')),
  bytes: z.optional(num(0, 1e12)),
});
/** `POST /api/v1/aiops/http-events`: a service's requests, up to 1,000 at a time. */
export const httpEventsSchema = z.strictObject({
  service: serviceIdSchema,
  events: z.array(httpEventSchema).check(z.minLength(1), z.maxLength(MAX_EVENTS)),
});
export const httpTrafficPathSchema = z.strictObject({ service: serviceIdSchema });
export const httpTrafficQuerySchema = z.strictObject({ hours: queryInt(1, 24, 1) });

/** Hosts a probe may never call: the cloud metadata endpoints (credentials live there). */
/** A probe's definition: `POST /probes` and `PUT /probes/{id}`. */
export const probeSpecSchema = z
  .strictObject({
    name: str(1, 64).check(z.regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'letters, digits, space, _ . - only')),
    url: outboundUrl('the cloud metadata endpoint may not be probed'),
    method: z._default(z.enum(['GET', 'HEAD', 'POST']), 'GET'),
    interval_seconds: z._default(int(10, 86_400), 60),
    timeout_seconds: z._default(int(1, 60), 10),
    expect: z._default(
      z.strictObject({
        status: z._default(int(100, 599), 200),
        max_response_time: z._default(num(0.001, 60), 5),
        body_contains: z.optional(str(1, 256)),
      }),
      { status: 200, max_response_time: 5 },
    ),
    service: z.optional(serviceIdSchema),
    retries: z._default(int(1, 10), 3),
  })
  .check(
    z.refine((p) => p.timeout_seconds <= p.interval_seconds, {
      message: 'must not exceed interval_seconds',
      path: ['timeout_seconds'],
    }),
  );
export const probePathSchema = z.strictObject({
  probe_id: str(1, 64).check(z.regex(/^probe_[0-9a-f]+$/, 'a probe id')),
});
export const probeResultsQuerySchema = z.strictObject({ limit: queryInt(1, 500, 100) });

/** The range of each standard metric; a generic metric of that name is held to it. */
const STANDARD_RANGES: Record<string, readonly [number, number]> = {
  cpu: [0, 100],
  memory: [0, 100],
  memory_mb: [0, 1e9],
  response_time: [0, 3600],
  error_rate: [0, 1],
  request_count: [0, 1e12],
  rps: [0, 1e12],
  active_users: [0, 1e12],
};
const tagKey = str(1, 64).check(
  z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only'),
  z.refine((k) => k !== 'service' && k !== 'series_key', 'reserved: use the service field'),
);
const tags = z
  .record(tagKey, str(1, 128).check(z.regex(/^[^,:]+$/, 'no , or :')))
  .check(z.refine((t) => Object.keys(t).length <= 10, 'at most 10 tags'));

/** `POST /api/v1/aiops/metrics`: one metric of a service (default `default`), tags making its own series. */
export const genericMetricSchema = z
  .strictObject({
    metricName: metricName,
    value: finite(),
    timestamp: z.optional(timestamp),
    service: z.optional(serviceIdSchema),
    tags: z.optional(tags),
  })
  .check(
    z.refine(
      (m) => {
        const range = STANDARD_RANGES[m.metricName];
        return range === undefined || (m.value >= range[0] && m.value <= range[1]);
      },
      { message: 'out of the range of this standard metric', path: ['value'] },
    ),
  );
export const genericMetricsSchema = z.strictObject({
  metrics: z.array(genericMetricSchema).check(z.minLength(1), z.maxLength(MAX_POINTS)),
});
export const ingestMetricsSchema = z.union([genericMetricsSchema, genericMetricSchema]);
export const seriesQuerySchema = z.strictObject({ service: serviceIdSchema });

/** `GET /predict/{plugin_id}`: up to a week ahead, one metric or every trained one. */
export const predictQuerySchema = z.strictObject({
  horizon_hours: queryInt(1, 168, 24),
  metric: z.optional(z.enum(FORECAST_METRICS)),
});

export const suggestionsHistoryQuerySchema = z.strictObject({ days: queryInt(1, 90, 7) });

/** `POST /batch-analysis`: up to 100 services (the seed's scale), one or more analyses. */
export const batchAnalysisSchema = z.strictObject({
  plugin_ids: z.array(serviceIdSchema).check(z.minLength(1), z.maxLength(100)),
  analyses: z._default(z.array(z.enum(ANALYSES)).check(z.minLength(1), z.maxLength(3)), [
    'anomalies',
    'forecast',
    'suggestions',
  ]),
});
export const batchPathSchema = z.strictObject({
  batch_id: str(1, 64).check(z.regex(/^batch_[A-Za-z0-9_-]+$/, 'a batch id')),
});
/** One queue message of a batch. */
export const analysisMessageSchema = z.strictObject({
  batch_id: str(1, 64),
  service: serviceIdSchema,
  analyses: z.array(z.enum(ANALYSES)).check(z.minLength(1), z.maxLength(3)),
});

/** `GET /export-data/{plugin_id}`. */
export const exportQuerySchema = z.strictObject({
  kind: z.enum(EXPORT_KINDS),
  format: z._default(z.enum(['csv', 'json']), 'json'),
  from: z.optional(instant),
  to: z.optional(instant),
});

/** Seed 002's `POST /api/v1/aiops/models`. */
export const namedModelSchema = z.strictObject({
  name: str(1, 64).check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only')),
  type: z.enum(NAMED_MODEL_TYPES),
  service: serviceIdSchema,
  metric: metricName,
  params: z.optional(
    z
      .record(str(1, 32), z.union([str(0, 64), finite(), z.boolean()]))
      .check(z.refine((p) => Object.keys(p).length <= 10, 'at most 10 params')),
  ),
});
