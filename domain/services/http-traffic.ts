import { sketchKey, sketchQuantile } from '#lib/stats/log-sketch.ts';

/** One HTTP request a service served, as its access log or middleware reports it. */
export interface HttpEvent {
  /** Epoch ms. */
  readonly time: number;
  readonly method: string;
  readonly endpoint: string;
  readonly status: number;
  /** Seconds. */
  readonly response_time: number;
  readonly client_ip: string;
  readonly bytes?: number;
}

export const MINUTE_MS = 60_000;

/**
 * The counters of one service-minute. Every field is a sum (the sketch bins of the response
 * time included), except `rt_min` and `rt_max`; so two batches' counters add up, and the store
 * can keep them with an atomic `ADD`.
 */
export interface MinuteCounters {
  /** Epoch ms of the minute's start. */
  readonly minute: number;
  readonly requests: number;
  readonly s2xx: number;
  readonly s3xx: number;
  readonly s4xx: number;
  readonly s5xx: number;
  /** Seconds, summed. */
  readonly rt_sum: number;
  readonly rt_min: number;
  readonly rt_max: number;
  readonly bytes: number;
  /** The response-time sketch (lib/stats/log-sketch.ts): bin -> count. */
  readonly bins: Readonly<Record<string, number>>;
}

/** Who called what in one service-minute: counts per client IP, per endpoint and per (IP, endpoint). */
export interface MinuteDetail {
  readonly minute: number;
  readonly ips: Readonly<Record<string, number>>;
  /** Keyed `METHOD endpoint`. */
  readonly endpoints: Readonly<Record<string, number>>;
  /** Keyed `ip METHOD endpoint`: the same caller repeating the same request. */
  readonly pairs: Readonly<Record<string, number>>;
  /** 5xx answers per `METHOD endpoint`: where the server errors are. */
  readonly errors: Readonly<Record<string, number>>;
  /** True when a map was cut to its MAX_KEYS largest entries (the counters stay exact). */
  readonly truncated: boolean;
}

/** One batch's part of one minute. */
export interface MinuteTraffic {
  readonly counters: MinuteCounters;
  readonly detail: MinuteDetail;
}

/**
 * Distinct keys a detail map keeps per minute: past it, the smallest counts are dropped (an
 * item stays far below DynamoDB's 400 KB). Distinct-IP counts are exact up to this many.
 */
export const MAX_KEYS = 2000;

/** The request key of an endpoint: `GET /orders`. */
export const endpointKey = (e: Pick<HttpEvent, 'method' | 'endpoint'>): string =>
  `${e.method.toUpperCase()} ${e.endpoint}`;

function bump(into: Record<string, number>, key: string, n = 1): void {
  into[key] = (into[key] ?? 0) + n;
}

/** A map cut to its `MAX_KEYS` largest entries; whether it was cut. */
function capped(map: Record<string, number>): { map: Record<string, number>; cut: boolean } {
  const entries = Object.entries(map);
  if (entries.length <= MAX_KEYS) return { map, cut: false };
  entries.sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));
  return { map: Object.fromEntries(entries.slice(0, MAX_KEYS)), cut: true };
}

/** A batch of events summed per minute, oldest minute first. */
export function summarise(events: readonly HttpEvent[]): MinuteTraffic[] {
  const byMinute = new Map<number, HttpEvent[]>();
  for (const e of events) {
    const minute = Math.floor(e.time / MINUTE_MS) * MINUTE_MS;
    const list = byMinute.get(minute);
    if (list === undefined) byMinute.set(minute, [e]);
    else list.push(e);
  }
  return [...byMinute.entries()]
    .sort(([a], [b]) => a - b)
    .map(([minute, list]) => {
      const c = { requests: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, rt_sum: 0, rt_min: Infinity, rt_max: 0, bytes: 0 };
      const bins: Record<string, number> = {};
      const ips: Record<string, number> = {};
      const endpoints: Record<string, number> = {};
      const pairs: Record<string, number> = {};
      const errors: Record<string, number> = {};
      for (const e of list) {
        c.requests++;
        const klass = Math.floor(e.status / 100);
        if (klass === 2) c.s2xx++;
        else if (klass === 3) c.s3xx++;
        else if (klass === 4) c.s4xx++;
        else if (klass === 5) c.s5xx++;
        c.rt_sum += e.response_time;
        c.rt_min = Math.min(c.rt_min, e.response_time);
        c.rt_max = Math.max(c.rt_max, e.response_time);
        c.bytes += e.bytes ?? 0;
        bump(bins, sketchKey(e.response_time));
        const endpoint = endpointKey(e);
        bump(ips, e.client_ip);
        bump(endpoints, endpoint);
        bump(pairs, `${e.client_ip} ${endpoint}`);
        if (klass === 5) bump(errors, endpoint);
      }
      const [i, en, p, er] = [capped(ips), capped(endpoints), capped(pairs), capped(errors)];
      return {
        counters: { minute, ...c, bins },
        detail: {
          minute,
          ips: i.map,
          endpoints: en.map,
          pairs: p.map,
          errors: er.map,
          truncated: i.cut || en.cut || p.cut || er.cut,
        },
      };
    });
}

/** The sum of two minutes' counters (the same minute). */
export function addCounters(a: MinuteCounters, b: MinuteCounters): MinuteCounters {
  const bins = { ...a.bins };
  for (const [k, n] of Object.entries(b.bins)) bump(bins, k, n);
  return {
    minute: a.minute,
    requests: a.requests + b.requests,
    s2xx: a.s2xx + b.s2xx,
    s3xx: a.s3xx + b.s3xx,
    s4xx: a.s4xx + b.s4xx,
    s5xx: a.s5xx + b.s5xx,
    rt_sum: a.rt_sum + b.rt_sum,
    rt_min: Math.min(a.rt_min, b.rt_min),
    rt_max: Math.max(a.rt_max, b.rt_max),
    bytes: a.bytes + b.bytes,
    bins,
  };
}

/** The union of two minutes' details, counts added, cut to MAX_KEYS again. */
export function addDetails(a: MinuteDetail, b: MinuteDetail): MinuteDetail {
  const merge = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>) => {
    const out = { ...x };
    for (const [k, n] of Object.entries(y)) bump(out, k, n);
    return capped(out);
  };
  const [ips, endpoints, pairs, errors] = [
    merge(a.ips, b.ips),
    merge(a.endpoints, b.endpoints),
    merge(a.pairs, b.pairs),
    merge(a.errors, b.errors),
  ];
  return {
    minute: a.minute,
    ips: ips.map,
    endpoints: endpoints.map,
    pairs: pairs.map,
    errors: errors.map,
    truncated: a.truncated || b.truncated || ips.cut || endpoints.cut || pairs.cut || errors.cut,
  };
}

/** What a minute's counters mean: the figures the console charts and the rules judge. */
export interface MinuteStats {
  readonly minute: number;
  readonly requests: number;
  /** Requests per second over the minute. */
  readonly rps: number;
  /** 5xx answers over all. */
  readonly error_rate: number;
  readonly s4xx: number;
  readonly s5xx: number;
  /** Seconds. */
  readonly mean_response_time: number;
  /** Nearest-rank percentiles from the sketch, within 1 % of an observed value and never outside [min, max]. */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** The derived figures of one minute. */
export function minuteStats(c: MinuteCounters): MinuteStats {
  const q = (p: number) => Math.min(c.rt_max, Math.max(c.rt_min, sketchQuantile(c.bins, p) ?? 0));
  return {
    minute: c.minute,
    requests: c.requests,
    rps: c.requests / 60,
    error_rate: c.requests === 0 ? 0 : c.s5xx / c.requests,
    s4xx: c.s4xx,
    s5xx: c.s5xx,
    mean_response_time: c.requests === 0 ? 0 : c.rt_sum / c.requests,
    p50: c.requests === 0 ? 0 : q(0.5),
    p95: c.requests === 0 ? 0 : q(0.95),
    p99: c.requests === 0 ? 0 : q(0.99),
  };
}

/** The `n` largest entries of a count map, largest first (ties by key). */
export function top(map: Readonly<Record<string, number>>, n: number): { key: string; count: number }[] {
  return Object.entries(map)
    .sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb))
    .slice(0, n)
    .map(([key, count]) => ({ key, count }));
}

/** An empty minute: what a minute without a single request counts. */
export const emptyCounters = (minute: number): MinuteCounters => ({
  minute,
  requests: 0,
  s2xx: 0,
  s3xx: 0,
  s4xx: 0,
  s5xx: 0,
  rt_sum: 0,
  rt_min: Infinity,
  rt_max: 0,
  bytes: 0,
  bins: {},
});
