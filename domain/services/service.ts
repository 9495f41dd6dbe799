import { ValidationError } from '#domain/kernel/errors.ts';
import type { MetricPoint, MetricStore } from '#domain/kernel/metric-store.ports.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { hash64 } from '#lib/ids/hash.ts';
import { linearFit } from '#lib/stats/descriptive.ts';
import { mapLimit } from '#lib/async/map-limit.ts';
import { createDetector } from '#lib/anomaly/streaming.ts';
import type { AnomalyStore, KnownService, ServiceAlerts, ServiceRegistry } from './services.ports.ts';
import {
  SERVICE_METRICS,
  type AnomalySeverity,
  type HistoryBucket,
  type ServiceAnomaly,
  type ServiceMetric,
  type ServicePoint,
} from './types.ts';

/** How far in the future a point's timestamp may be (clock skew). */
export const MAX_FUTURE_MS = 5 * 60_000;
/** How far back `detect` reads. */
const DETECTION_HOURS = 24;
/** Anomalies this recent make a service's `anomaly_score` for the alert rules. */
const ALERT_WINDOW_MS = 10 * 60_000;

/** How stale a service's `last_seen` may get before a collect writes it again. */
const REGISTRY_REFRESH_MS = 60_000;

/** The alert manager's scope of a service (models are scoped by their bare name). */
export const serviceScope = (service: string): string => `service:${service}`;

export interface ServiceMonitoringDeps {
  readonly metrics: MetricStore;
  readonly registry: ServiceRegistry;
  readonly anomalies: AnomalyStore;
  /** Without it, detection stores anomalies but raises no alert. */
  readonly alerts?: ServiceAlerts;
  readonly clock: Clock;
}

/** The metric-store name of a service metric (custom ones under `service.custom.`). */
export const seriesName = (metric: string, custom = false): string =>
  custom ? `service.custom.${metric}` : `service.${metric}`;

/** Mean, min, max and count per `stepMs` (aligned to the epoch), or every point as it is. */
export function aggregate(points: readonly MetricPoint[], stepMs?: number): HistoryBucket[] {
  if (stepMs === undefined)
    return points.map((p) => ({ time: p.time, value: p.value, min: p.value, max: p.value, count: 1 }));
  const buckets = new Map<number, { sum: number; min: number; max: number; count: number }>();
  for (const p of points) {
    const t = Math.floor(p.time / stepMs) * stepMs;
    const b = buckets.get(t) ?? { sum: 0, min: Infinity, max: -Infinity, count: 0 };
    b.sum += p.value;
    b.min = Math.min(b.min, p.value);
    b.max = Math.max(b.max, p.value);
    b.count++;
    buckets.set(t, b);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, b]) => ({ time, value: b.sum / b.count, min: b.min, max: b.max, count: b.count }));
}

const ACTIONS: Record<ServiceAnomaly['type'], string> = {
  spike: 'Check what changed at this time (deploys, traffic, dependencies) and the related metrics of the service.',
  drop: 'Check that the service and its upstreams are reachable: a sudden drop in traffic often precedes an outage.',
  cpu_saturation: 'Scale out or up, or find the hot code path; CPU above 90 % leaves no headroom for bursts.',
  memory_leak: 'Restart before it runs out of memory and profile the heap; memory grows steadily without release.',
  error_rate_jump: 'Look at the failing requests and recent deploys; roll back if a release caused it.',
  latency_spike: 'Look at slow dependencies (database, downstream calls) and saturation; add capacity if it is load.',
};

/**
 * Service monitoring: services report metric points; detection runs the streaming ensemble over
 * each metric's recent points, plus rules over what the metrics mean (CPU saturation, a memory
 * leak with its time to exhaustion, an error-rate jump), and grades what it finds.
 */
export function createServiceMonitoring(deps: ServiceMonitoringDeps) {
  const { metrics, registry, anomalies, clock } = deps;
  /** The newest point time this instance has written to the registry, per service. */
  const recorded = new Map<string, number>();

  return {
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
      // After the points: a service is listed only once something of it is stored.
      // One registry write per service a minute from this instance, not one per request: the hot
      // path of a service that reports every few seconds.
      const newest = Math.max(...points.map((p) => p.time));
      if (newest - (recorded.get(service) ?? -Infinity) >= REGISTRY_REFRESH_MS) {
        await registry.seen(service, new Date(newest).toISOString());
        recorded.set(service, newest);
      }
      return { stored: rows.length };
    },

    list: (): Promise<KnownService[]> => registry.list(),

    async history(
      service: string,
      metric: string,
      range: { from?: number; to?: number; stepSeconds?: number },
    ): Promise<{ metric: string; points: HistoryBucket[] }> {
      const to = range.to ?? clock.now();
      const from = range.from ?? to - DETECTION_HOURS * 3_600_000;
      if (from > to)
        throw new ValidationError('from must not be after to', { details: [{ path: 'from', message: 'after to' }] });
      const custom = !(SERVICE_METRICS as readonly string[]).includes(metric);
      const points = await metrics.query({ name: seriesName(metric, custom), dimensions: { service }, from, to });
      return {
        metric,
        points: aggregate(points, range.stepSeconds === undefined ? undefined : range.stepSeconds * 1000),
      };
    },

    /**
     * Detection over the last day of each standard metric: the streaming ensemble's score per
     * point (an anomaly where it reaches 0.5), and the domain rules; stored (30 days), newest first.
     */
    async detect(service: string): Promise<ServiceAnomaly[]> {
      const to = clock.now();
      const from = to - DETECTION_HOURS * 3_600_000;
      const found: ServiceAnomaly[] = [];
      const add = (
        metric: ServiceMetric,
        type: ServiceAnomaly['type'],
        p: MetricPoint,
        expected: number | null,
        score: number,
        explanation: string,
      ) => {
        const severity: AnomalySeverity = score >= 0.8 ? 'high' : score >= 0.6 ? 'medium' : 'low';
        const detectedAt = new Date(p.time).toISOString();
        found.push({
          // Deterministic: detecting the same anomaly again gives the same id (stored once).
          anomaly_id: `anom_${hash64(`${service}|${metric}|${type}|${detectedAt}`)}`,
          service,
          metric,
          type,
          detected_at: detectedAt,
          value: p.value,
          expected,
          score: Math.min(1, score),
          severity,
          explanation,
          recommended_action: ACTIONS[type],
        });
      };
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
          if (score >= 0.5) {
            const type = p.value >= mean ? (metric === 'response_time' ? 'latency_spike' : 'spike') : 'drop';
            add(metric, type, p, mean, score, `${metric} was ${fmt(p.value)} where about ${fmt(mean)} was usual.`);
          }
          mean += 0.05 * (p.value - mean);
        }
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
      await anomalies.save(found);
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
      return mapLimit(known, 4, async ({ service }) => {
        try {
          const found = await this.detect(service);
          if (deps.alerts !== undefined) {
            // The strongest high or medium anomaly of the last minutes; 0 resolves the alert.
            const since = clock.now() - ALERT_WINDOW_MS;
            const recent = found.filter((a) => a.severity !== 'low' && Date.parse(a.detected_at) >= since);
            await deps.alerts.evaluate(serviceScope(service), {
              anomaly_score: recent.reduce((m, a) => Math.max(m, a.score), 0),
            });
          }
          return { service, anomalies: found.length };
        } catch (error) {
          return { service, anomalies: 0, error: error instanceof Error ? error.message : String(error) };
        }
      });
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
