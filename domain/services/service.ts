import { configDoc, readDoc, updateDoc, type ConfigStore, type DocPatch } from '#domain/kernel/config-docs.ts';
import { NotFoundError, ValidationError } from '#domain/kernel/errors.ts';
import { serviceScope } from '#domain/kernel/notice.ts';
import type { MetricPoint, MetricStore } from '#domain/kernel/metric-store.ports.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { hash64 } from '#lib/ids/hash.ts';
import { linearFit } from '#lib/stats/descriptive.ts';
import { mapLimit } from '#lib/async/map-limit.ts';
import { createDetector } from '#lib/anomaly/streaming.ts';
import type { AnomalyStore, HttpTrafficStore, KnownService, ServiceAlerts, ServiceRegistry } from './services.ports.ts';
import { BASELINE_MINUTES, judgeMinute, type Finding } from './http-rules.ts';
import {
  MINUTE_MS,
  emptyCounters,
  addDetails,
  minuteStats,
  summarise,
  top,
  type HttpEvent,
  type MinuteCounters,
  type MinuteDetail,
  type MinuteStats,
} from './http-traffic.ts';
import {
  SERVICE_METRICS,
  type AnomalySeverity,
  type AnomalyType,
  type HistoryBucket,
  type ServiceAnomaly,
  type ServicePoint,
} from './types.ts';

/** How far in the future a point's timestamp may be (clock skew). */
export const MAX_FUTURE_MS = 5 * 60_000;
/** How far back `detect` reads. */
const DETECTION_HOURS = 24;
/** Anomalies this recent make a service's `anomaly_score` for the alert rules. */
const ALERT_WINDOW_MS = 10 * 60_000;
/** Minutes whose callers (IPs, endpoints) detection reads: the per-caller rules look at recent traffic. */
const DETAIL_MINUTES = 15;

/** The newest points of a metric whose anomalous share makes `anomaly_fraction`. */
const FRACTION_POINTS = 15;

/**
 * The share of the last FRACTION_POINTS values outside the band they were expected in: the
 * mean ± 3σ of the 30 values before each (the console draws the same band). Unlike the
 * detectors' alarms, which hold back repeats, it sees an anomaly that goes on; 0 for a series
 * too short to tell.
 */
export function outsideBandShare(values: readonly number[]): number {
  if (values.length < FRACTION_POINTS + 30) return 0;
  let outside = 0;
  for (let i = values.length - FRACTION_POINTS; i < values.length; i++) {
    const before = values.slice(i - 30, i);
    const mean = before.reduce((a, b) => a + b, 0) / before.length;
    const sd = Math.sqrt(before.reduce((a, b) => a + (b - mean) ** 2, 0) / before.length);
    if (Math.abs((values[i] ?? 0) - mean) > 3 * sd + 1e-9) outside++;
  }
  return outside / FRACTION_POINTS;
}

/** How stale a service's `last_seen` may get before a collect writes it again. */
const REGISTRY_REFRESH_MS = 60_000;

/** Service monitoring's settings (config key `services`). */
export interface ServiceMonitoringSettings {
  /**
   * Seed 001's ANOMALY_DETECTION_SENSITIVITY: about the share of points expected to be
   * anomalous. The default 0.1 flags a point whose detector score reaches 0.5; each doubling
   * lowers that bar by 0.25 (0.2: 0.25), each halving raises it (0.05: 0.75).
   */
  readonly anomaly_detection_sensitivity: number;
}
export const SERVICES_DOC = configDoc<ServiceMonitoringSettings>('services', { anomaly_detection_sensitivity: 0.1 });

/** The detector score from which a point is an anomaly, for a sensitivity. */
export const scoreThreshold = (sensitivity: number): number =>
  Math.min(0.95, Math.max(0.1, 0.5 - 0.25 * Math.log2(sensitivity / 0.1)));

export { serviceScope };

export interface ServiceMonitoringDeps {
  readonly metrics: MetricStore;
  readonly registry: ServiceRegistry;
  readonly anomalies: AnomalyStore;
  readonly traffic: HttpTrafficStore;
  /** Where the settings document lives (the config table). */
  readonly config: ConfigStore;
  /** Without it, detection stores anomalies but raises no alert. */
  readonly alerts?: ServiceAlerts;
  readonly clock: Clock;
}

/** The metric-store name of a service metric (custom ones under `service.custom.`). */
export const seriesName = (metric: string, custom = false): string =>
  custom ? `service.custom.${metric}` : `service.${metric}`;

const ACTIONS: Record<AnomalyType, string> = {
  spike: 'Check what changed at this time (deploys, traffic, dependencies) and the related metrics of the service.',
  drop: 'Check that the service and its upstreams are reachable: a sudden drop in traffic often precedes an outage.',
  cpu_saturation: 'Scale out or up, or find the hot code path; CPU above 90 % leaves no headroom for bursts.',
  memory_leak: 'Restart before it runs out of memory and profile the heap; memory grows steadily without release.',
  error_rate_jump: 'Look at the failing requests and recent deploys; roll back if a release caused it.',
  latency_spike: 'Look at slow dependencies (database, downstream calls) and saturation; add capacity if it is load.',
  http_5xx_burst:
    'Look at the failing endpoints and the logs of this minute; roll back a recent deploy or fail over a broken dependency.',
  http_4xx_burst:
    'Check for a broken client release, expired credentials or a scan; block the source if it is hostile.',
  rps_spike: 'Check where the traffic comes from; scale out if it is legitimate, rate-limit it if not.',
  rps_drop: 'Check that the service, its load balancer and DNS answer: traffic that stops often precedes an outage.',
  ip_burst: 'Rate-limit or block this client if the traffic is not expected (a crawler, a retry loop, an attack).',
  repeated_requests: 'Look for a client stuck in a retry loop, or block a brute-force attempt; add rate limiting.',
  endpoint_hammered: 'Protect this endpoint: rate-limit it, cache its answer, or block the callers behind the surge.',
  probe_failure: 'Check the endpoint from outside: DNS, TLS certificate, load balancer and the service behind it.',
};

/** Where the schedules record their last run (the config table), for the system status. */
export const RUN_KEYS = { detection: 'runs:service_detection', forecasts: 'runs:forecast_schedule' } as const;

/** A schedule run as recorded: when, how long, how many services, which failed. */
export function runRecord(
  started: number,
  finished: number,
  results: readonly { service: string; error?: string }[],
): Record<string, unknown> {
  const failed = results.filter((r) => r.error !== undefined);
  return {
    started_at: new Date(started).toISOString(),
    duration_ms: finished - started,
    services: results.length,
    failures: failed.length,
    errors: failed.slice(0, 10).map((r) => `${r.service}: ${r.error ?? ''}`),
  };
}

/** Refuses a service that has never reported (404): the analyses have nothing to work on. */
export async function requireKnown(registry: ServiceRegistry, service: string): Promise<void> {
  if (!(await registry.has(service))) throw new NotFoundError(`no service ${service} has reported metrics`);
}

/** The grade of a score: high from 0.8, medium from 0.6, low below. */
export const severityOf = (score: number): AnomalySeverity => (score >= 0.8 ? 'high' : score >= 0.6 ? 'medium' : 'low');

/** A finding about `service` at `time`, graded, with its action; its id is the same whenever it is found again. */
export function anomalyOf(service: string, time: number, f: Finding): ServiceAnomaly {
  const detectedAt = new Date(time).toISOString();
  return {
    // Deterministic: detecting the same anomaly again gives the same id (stored once).
    anomaly_id: `anom_${hash64(`${service}|${f.metric}|${f.type}|${detectedAt}`)}`,
    service,
    metric: f.metric,
    type: f.type,
    detected_at: detectedAt,
    value: f.value,
    expected: f.expected,
    score: Math.min(1, f.score),
    severity: severityOf(f.score),
    explanation: f.explanation,
    recommended_action: ACTIONS[f.type],
  };
}

/** Minutes in [from, to] with their counters, a minute without requests counted as empty. */
function everyMinute(counters: readonly MinuteCounters[], from: number, to: number): MinuteStats[] {
  const byMinute = new Map(counters.map((c) => [c.minute, c]));
  const out: MinuteStats[] = [];
  for (let m = Math.floor(from / MINUTE_MS) * MINUTE_MS; m <= to; m += MINUTE_MS)
    out.push(minuteStats(byMinute.get(m) ?? emptyCounters(m)));
  return out;
}

/** How many minutes after its end a minute counts as complete (late batches still arrive). */
const SETTLE_MS = 30_000;

/**
 * Service monitoring: services report metric points; detection runs the streaming ensemble over
 * each metric's recent points, plus rules over what the metrics mean (CPU saturation, a memory
 * leak with its time to exhaustion, an error-rate jump), and grades what it finds.
 */
export function createServiceMonitoring(deps: ServiceMonitoringDeps) {
  const { metrics, registry, anomalies, clock } = deps;
  /** The newest point time this instance has written to the registry, per service. */
  const recorded = new Map<string, number>();
  /** Each service's anomaly fraction at its last detection (the scheduled run reads it). */
  const fractions = new Map<string, number>();

  /**
   * Registers a sighting of `service` (its newest point at `newest`): once a minute per service
   * from this instance, not once per request, on the hot path of a service that reports every
   * few seconds. Called after the data is stored, so a listed service always has some.
   */
  async function noteSeen(service: string, newest: number): Promise<void> {
    if (newest - (recorded.get(service) ?? -Infinity) < REGISTRY_REFRESH_MS) return;
    await registry.seen(service, new Date(newest).toISOString());
    recorded.set(service, newest);
  }

  /**
   * Runs the alert rules on a service's `anomaly_score`: its strongest high or medium anomaly of
   * the last minutes, stored or just `found`; 0 resolves a firing alert.
   */
  async function alertOn(
    service: string,
    found: readonly ServiceAnomaly[],
    more: Readonly<Record<string, number>> = {},
  ): Promise<void> {
    if (deps.alerts === undefined) return;
    const since = clock.now() - ALERT_WINDOW_MS;
    const stored = await anomalies.list(service, since, clock.now() + MAX_FUTURE_MS);
    const recent = [...stored, ...found].filter((a) => a.severity !== 'low' && Date.parse(a.detected_at) >= since);
    await deps.alerts.evaluate(serviceScope(service), {
      anomaly_score: recent.reduce((m, a) => Math.max(m, a.score), 0),
      ...more,
    });
  }

  return {
    settings: (): Promise<ServiceMonitoringSettings> => readDoc(deps.config, SERVICES_DOC),
    updateSettings: (patch: DocPatch<ServiceMonitoringSettings>): Promise<ServiceMonitoringSettings> =>
      updateDoc(deps.config, SERVICES_DOC, patch),

    /** Stores the points; a retried batch writes the same points again (the store keys them by time and value). */
    async collect(service: string, points: readonly ServicePoint[]): Promise<{ stored: number }> {
      const now = clock.now();
      const late = points.findIndex((p) => p.time > now + MAX_FUTURE_MS);
      if (late !== -1)
        throw new ValidationError(`point ${late} is more than 5 minutes in the future`, {
          details: [{ path: `points.${late}.timestamp`, message: 'at most 5 minutes in the future' }],
        });
      const rows: MetricPoint[] = points.flatMap((p) => [
        ...Object.entries(p.values).map(([m, value]) => ({
          name: seriesName(m),
          dimensions: { service },
          time: p.time,
          value,
        })),
        ...Object.entries(p.custom ?? {}).map(([m, value]) => ({
          name: seriesName(m, true),
          dimensions: { service },
          time: p.time,
          value,
        })),
      ]);
      await metrics.write(rows);
      await noteSeen(service, Math.max(...points.map((p) => p.time)));
      return { stored: rows.length };
    },

    list: (): Promise<KnownService[]> => registry.list(),

    /** 404 for a service that has never reported. */
    requireKnown: (service: string): Promise<void> => requireKnown(registry, service),

    /**
     * Stores a batch of HTTP events as per-minute counters and callers, once however often the
     * batch arrives, then judges the newest minute it touched against the half hour before: a
     * 5xx burst is found, stored and alerted in the request that completes it.
     */
    async ingestHttp(
      service: string,
      events: readonly HttpEvent[],
    ): Promise<{ accepted: number; minutes: number; duplicate: boolean; anomalies: ServiceAnomaly[] }> {
      const now = clock.now();
      const late = events.findIndex((e) => e.time > now + MAX_FUTURE_MS);
      if (late !== -1)
        throw new ValidationError(`event ${late} is more than 5 minutes in the future`, {
          details: [{ path: `events.${late}.timestamp`, message: 'at most 5 minutes in the future' }],
        });
      const minutes = summarise(events);
      const batchId = hash64(`${service}\n${JSON.stringify(events)}`);
      const { duplicate, counters } = await deps.traffic.add(service, batchId, minutes);
      await noteSeen(service, Math.max(...events.map((e) => e.time)));
      const newest = counters.at(-1);
      let found: ServiceAnomaly[] = [];
      if (newest !== undefined && newest.minute >= now - 2 * MINUTE_MS) {
        const since = newest.minute - BASELINE_MINUTES * MINUTE_MS;
        const history = everyMinute(
          await deps.traffic.counters(service, since, newest.minute - 1),
          since,
          newest.minute - MINUTE_MS,
        );
        const detail = minutes.find((m) => m.detail.minute === newest.minute)?.detail;
        found = judgeMinute(minuteStats(newest), history, detail, false)
          .map((f) => anomalyOf(service, newest.minute, f))
          .filter((a) => a.severity !== 'low');
        if (found.length > 0) {
          await anomalies.save(found);
          await alertOn(service, found);
        }
      }
      return { accepted: events.length, minutes: minutes.length, duplicate, anomalies: found };
    },

    /**
     * A service's HTTP traffic over the last `hours`: per minute the derived figures (empty
     * minutes as zero) with distinct callers, and the top callers and endpoints of the window.
     */
    async httpTraffic(service: string, hours: number) {
      const to = clock.now();
      const from = to - hours * 3_600_000;
      const [counters, details] = await Promise.all([
        deps.traffic.counters(service, from, to),
        deps.traffic.details(service, from, to),
      ]);
      const distinct = new Map(details.map((d) => [d.minute, Object.keys(d.ips).length]));
      const first = counters[0]?.minute;
      const merged = details.reduce<MinuteDetail | undefined>(
        (acc, d) => (acc === undefined ? d : addDetails(acc, d)),
        undefined,
      );
      return {
        minutes: (first === undefined ? [] : everyMinute(counters, Math.max(from, first), to)).map((m) => ({
          ...m,
          distinct_ips: distinct.get(m.minute) ?? 0,
        })),
        top_ips: top(merged?.ips ?? {}, 10).map(({ key, count }) => ({ client_ip: key, requests: count })),
        top_endpoints: top(merged?.endpoints ?? {}, 10).map(({ key, count }) => ({ endpoint: key, requests: count })),
        truncated: merged?.truncated ?? false,
      };
    },

    /** One series of a service (with `tags`, its tagged series), raw or aggregated per step by the store. */
    async history(
      service: string,
      metric: string,
      range: { from?: number; to?: number; stepSeconds?: number; tags?: Readonly<Record<string, string>> },
    ): Promise<{ metric: string; points: HistoryBucket[] }> {
      const to = range.to ?? clock.now();
      const from = range.from ?? to - DETECTION_HOURS * 3_600_000;
      if (from > to)
        throw new ValidationError('from must not be after to', { details: [{ path: 'from', message: 'after to' }] });
      const custom = !(SERVICE_METRICS as readonly string[]).includes(metric);
      const query = { name: seriesName(metric, custom), dimensions: { ...range.tags, service }, from, to };
      const points =
        range.stepSeconds === undefined
          ? (await metrics.query(query)).map((p) => ({
              time: p.time,
              value: p.value,
              min: p.value,
              max: p.value,
              count: 1,
            }))
          : await metrics.aggregate(query, range.stepSeconds * 1000);
      return { metric, points };
    },

    /**
     * Generic metrics (`POST /api/v1/aiops/metrics`): each a point of its service's series (a
     * standard metric, or a custom one), its tags further dimensions of the series.
     */
    async collectGeneric(
      metricsIn: readonly {
        name: string;
        value: number;
        time: number;
        service: string;
        tags?: Readonly<Record<string, string>>;
      }[],
    ): Promise<{ stored: number; services: string[] }> {
      const now = clock.now();
      const late = metricsIn.findIndex((m) => m.time > now + MAX_FUTURE_MS);
      if (late !== -1)
        throw new ValidationError(`metric ${late} is more than 5 minutes in the future`, {
          details: [{ path: `metrics.${late}.timestamp`, message: 'at most 5 minutes in the future' }],
        });
      await metrics.write(
        metricsIn.map((m) => ({
          name: seriesName(m.name, !(SERVICE_METRICS as readonly string[]).includes(m.name)),
          dimensions: { ...m.tags, service: m.service },
          time: m.time,
          value: m.value,
        })),
      );
      const services = [...new Set(metricsIn.map((m) => m.service))].sort();
      for (const service of services)
        await noteSeen(service, Math.max(...metricsIn.filter((m) => m.service === service).map((m) => m.time)));
      return { stored: metricsIn.length, services };
    },

    /** The series a service reports: each metric with its tags (standard, custom, tagged). */
    async series(service: string): Promise<{ metric: string; custom: boolean; tags: Record<string, string> }[]> {
      const found = await metrics.listSeries({ namePrefix: 'service.', dimensions: { service } });
      return found.map(({ name, dimensions }) => {
        const { service: _service, ...tags } = dimensions;
        const custom = name.startsWith('service.custom.');
        return { metric: name.slice(custom ? 'service.custom.'.length : 'service.'.length), custom, tags };
      });
    },

    /**
     * Detection over the last day of each standard metric: the streaming ensemble's score per
     * point (an anomaly where it reaches 0.5), and the domain rules; stored (30 days), newest first.
     */
    async detect(service: string): Promise<ServiceAnomaly[]> {
      const to = clock.now();
      const from = to - DETECTION_HOURS * 3_600_000;
      const found: ServiceAnomaly[] = [];
      // The largest share of anomalous points among a metric's last FRACTION_POINTS.
      let fraction = 0;
      const add = (
        metric: string,
        type: AnomalyType,
        p: MetricPoint,
        expected: number | null,
        score: number,
        explanation: string,
      ) => found.push(anomalyOf(service, p.time, { metric, type, value: p.value, expected, score, explanation }));
      const threshold = scoreThreshold((await readDoc(deps.config, SERVICES_DOC)).anomaly_detection_sensitivity);
      const series = await Promise.all(
        SERVICE_METRICS.map((metric) => metrics.query({ name: seriesName(metric), dimensions: { service }, from, to })),
      );
      for (const [i, metric] of SERVICE_METRICS.entries()) {
        const points = series[i] ?? [];
        if (points.length === 0) continue;
        // The streaming ensemble, point by point.
        const detector = createDetector('ensemble');
        let mean = points[0]?.value ?? 0;
        for (const p of points) {
          const score = detector.update(p.value, p.time);
          if (score >= threshold) {
            const type = p.value >= mean ? (metric === 'response_time' ? 'latency_spike' : 'spike') : 'drop';
            add(metric, type, p, mean, score, `${metric} was ${fmt(p.value)} where about ${fmt(mean)} was usual.`);
          }
          mean += 0.05 * (p.value - mean);
        }
        fraction = Math.max(fraction, outsideBandShare(points.map((p) => p.value)));
        const last = points.at(-1);
        if (last === undefined) continue;
        // CPU saturation: the last 5 points at or above 90 %.
        const recent = points.slice(-5);
        if (metric === 'cpu' && recent.length === 5 && recent.every((p) => p.value >= 90))
          add(
            metric,
            'cpu_saturation',
            last,
            90,
            0.85,
            `CPU has been at or above 90 % for the last ${recent.length} points.`,
          );
        // Memory leak: a steady rise over the window (a good linear fit) with time to 100 %.
        if ((metric === 'memory' || metric === 'memory_mb') && points.length >= 20) {
          const fit = linearFit(
            points.map((p) => p.time),
            points.map((p) => p.value),
          );
          const perHour = fit.slope * 3_600_000;
          if (fit.r2 >= 0.8 && perHour > 0) {
            const explanation =
              metric === 'memory'
                ? `Memory grows ${fmt(perHour)} points an hour and reaches 100 % in about ${fmt(Math.max(0, (100 - last.value) / perHour))} h.`
                : `Memory grows ${fmt(perHour)} MB an hour, steadily (R² ${fmt(fit.r2)}).`;
            const hoursLeft = metric === 'memory' ? (100 - last.value) / perHour : Infinity;
            add(
              metric,
              'memory_leak',
              last,
              fit.intercept + fit.slope * last.time,
              hoursLeft < 6 ? 0.9 : 0.7,
              explanation,
            );
          }
        }
        // Error-rate jump: the newest point above 5 % and at least three times the window's median.
        if (metric === 'error_rate' && points.length >= 10) {
          const sorted = points.map((p) => p.value).sort((a, b) => a - b);
          const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
          if (last.value >= 0.05 && last.value >= 3 * median)
            add(
              metric,
              'error_rate_jump',
              last,
              median,
              last.value >= 0.2 ? 0.9 : 0.7,
              `The error rate is ${fmt(last.value * 100)} % against a usual ${fmt(median * 100)} %.`,
            );
        }
      }
      // HTTP traffic: every minute of the window judged against the half hour before it.
      const since = from - BASELINE_MINUTES * MINUTE_MS;
      const counters = await deps.traffic.counters(service, since, to);
      const firstMinute = counters[0]?.minute;
      if (firstMinute !== undefined) {
        const details = new Map(
          (await deps.traffic.details(service, to - DETAIL_MINUTES * MINUTE_MS, to)).map((d) => [d.minute, d]),
        );
        const minutes = everyMinute(counters, since, to);
        for (const [i, m] of minutes.entries()) {
          if (i < BASELINE_MINUTES || m.minute < firstMinute) continue;
          const complete = m.minute + MINUTE_MS + SETTLE_MS <= to;
          const history = minutes.slice(i - BASELINE_MINUTES, i);
          for (const f of judgeMinute(m, history, details.get(m.minute), complete))
            found.push(anomalyOf(service, m.minute, f));
        }
      }
      await anomalies.save(found);
      fractions.set(service, fraction);
      return found.sort((a, b) => b.detected_at.localeCompare(a.detected_at));
    },

    /**
     * Detection over every registered service (the schedule's run), four at a time, each
     * service's recent high and medium anomalies then judged by the alert rules (scope
     * `service:<id>`); returns how many anomalies each has now. One service failing does not
     * stop the others.
     */
    async detectAll(): Promise<{ service: string; anomalies: number; error?: string }[]> {
      const known = await registry.list();
      const started = clock.now();
      const results = await mapLimit(known, 4, async ({ service }) => {
        try {
          const found = await this.detect(service);
          await alertOn(service, found, { anomaly_fraction: fractions.get(service) ?? 0 });
          // Minutes older than a few are complete: their per-batch callers fold into one item.
          await deps.traffic.compact(service, clock.now() - 5 * MINUTE_MS);
          return { service, anomalies: found.length };
        } catch (error) {
          return { service, anomalies: 0, error: error instanceof Error ? error.message : String(error) };
        }
      });
      await deps.config.put(RUN_KEYS.detection, runRecord(started, clock.now(), results));
      return results;
    },

    /** The anomalies stored for a service over the last `hours`, newest first. */
    anomalyHistory: (service: string, hours: number): Promise<ServiceAnomaly[]> => {
      const to = clock.now();
      return anomalies.list(service, to - hours * 3_600_000, to);
    },
  };
}

export type ServiceMonitoring = ReturnType<typeof createServiceMonitoring>;

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
