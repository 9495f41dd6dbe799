import type { MetricStore } from '#domain/kernel/metric-store.ports.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { PayloadTooLargeError } from '#domain/kernel/errors.ts';
import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import type { Forecasting } from './forecasts.ts';
import { requireKnown, RUN_KEYS } from './service.ts';
import { addDetails, minuteStats, MINUTE_MS, type MinuteDetail } from './http-traffic.ts';
import { seriesName } from './service.ts';
import type {
  AnomalyStore,
  HttpTrafficStore,
  ExportStore,
  QueueDepths,
  ServiceRegistry,
  SuggestionStore,
} from './services.ports.ts';
import { suggest, type Suggestion } from './suggestions.ts';
import { SERVICE_METRICS } from './types.ts';

export interface InsightsDeps {
  readonly metrics: MetricStore;
  readonly registry: ServiceRegistry;
  readonly anomalies: AnomalyStore;
  readonly traffic: HttpTrafficStore;
  readonly suggestions: SuggestionStore;
  readonly forecasting: Forecasting;
  /** Where the schedules record their runs. */
  readonly config: ConfigStore;
  readonly clock: Clock;
  /** The platform's queues (absent: the status lists none). */
  readonly queues?: QueueDepths;
  /** Where large exports go (absent: a large export is refused). */
  readonly exports?: ExportStore;
}

/** The largest export answered in one response (Lambda's limit is 6 MB); larger ones go through a link. */
export const EXPORT_INLINE_LIMIT_BYTES = 5 * 1024 * 1024;
/** How long a large export's link works. */
export const EXPORT_LINK_SECONDS = 900;

const HOUR = 3_600_000;

export const EXPORT_KINDS = ['metrics', 'anomalies', 'forecasts', 'suggestions'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Rows as CSV: a header of the first row's keys, values quoted where they need it (RFC 4180). */
export { toCsv } from '#lib/text/csv.ts';
const FIVE_MINUTES = 5 * 60_000;

/**
 * Seed 001's analytics over a service: optimisation suggestions (kept 90 days) and the
 * analytics summary (current metrics, a health score with its parts, the day's anomalies,
 * forecast highlights and breaches, top suggestions, the forecasters' state).
 */
export function createInsights(deps: InsightsDeps) {
  const { metrics, anomalies, traffic, clock } = deps;

  const series = async (service: string, metric: string, from: number, to: number) =>
    (await metrics.aggregate({ name: seriesName(metric), dimensions: { service }, from, to }, FIVE_MINUTES)).map(
      (s) => s.value,
    );

  /** The 24 h forecast's breaches with each metric's forecast peak; none without trained forecasters. */
  async function breachesOf(service: string) {
    if ((await deps.forecasting.models(service)).length === 0) return { breaches: [], predictions: [] };
    const { predictions, breaches } = await deps.forecasting.predict(service, { horizonHours: 24 });
    const peaks = new Map(predictions.map((p) => [p.metric, Math.max(...p.points.map((x) => x.value))]));
    return { predictions, breaches: breaches.map((b) => ({ ...b, peak: peaks.get(b.metric) ?? b.threshold })) };
  }

  async function suggestionsFor(service: string): Promise<Suggestion[]> {
    await requireKnown(deps.registry, service);
    const now = clock.now();
    const [cpu, memory, found, counters, details, { breaches }] = await Promise.all([
      series(service, 'cpu', now - 24 * HOUR, now),
      series(service, 'memory', now - 24 * HOUR, now),
      anomalies.list(service, now - 24 * HOUR, now),
      traffic.counters(service, now - HOUR, now),
      traffic.details(service, now - HOUR, now),
      breachesOf(service),
    ]);
    const detail = details.reduce<MinuteDetail | undefined>(
      (acc, d) => (acc === undefined ? d : addDetails(acc, d)),
      undefined,
    );
    const list = suggest({
      service,
      now,
      cpu,
      memory,
      anomalies: found,
      minutes: counters.map(minuteStats),
      detail,
      breaches,
    });
    await deps.suggestions.save(list);
    return list;
  }

  return {
    /**
     * The system status (seed 001): the services monitored with how fresh their data is, their
     * forecasters and how old, and the schedules' last runs with their failures.
     */
    async systemStatus() {
      const now = clock.now();
      const services = await deps.registry.list();
      const rows = await Promise.all(
        services.map(async (s) => {
          const models = await deps.forecasting.models(s.service);
          const oldest = models.reduce<number | null>(
            (m, r) => Math.max(m ?? 0, (now - Date.parse(r.trained_at)) / HOUR),
            null,
          );
          return {
            service: s.service,
            last_seen: s.last_seen,
            data_age_seconds: Math.max(0, Math.round((now - Date.parse(s.last_seen)) / 1000)),
            forecasters: models.length,
            oldest_forecaster_hours: oldest === null ? null : Math.round(oldest * 10) / 10,
          };
        }),
      );
      const [detection, forecasts, queues] = await Promise.all([
        deps.config.get(RUN_KEYS.detection),
        deps.config.get(RUN_KEYS.forecasts),
        deps.queues?.depths() ?? Promise.resolve([]),
      ]);
      return {
        generated_at: new Date(now).toISOString(),
        services_monitored: rows.length,
        forecasters_trained: rows.reduce((n, r) => n + r.forecasters, 0),
        stale_services: rows.filter((r) => r.data_age_seconds > 15 * 60).map((r) => r.service),
        services: rows,
        last_runs: { service_detection: detection ?? null, forecast_schedule: forecasts ?? null },
        queues,
        /** Queues with messages in their dead-letter queue: work that failed every retry. */
        dead_letters: queues.filter((q) => q.dead_letters > 0).map((q) => q.queue),
      };
    },

    /**
     * An export too large for one response: stored under `exports/` (deleted after a day) and
     * answered as a presigned link that works for 15 minutes.
     */
    async stashExport(
      service: string,
      kind: ExportKind,
      format: 'csv' | 'json',
      body: string,
    ): Promise<{ download_url: string; expires_at: string; bytes: number }> {
      if (deps.exports === undefined)
        throw new PayloadTooLargeError(
          `the ${kind} export of ${service} is over 5 MB: ask for a shorter range with from and to`,
        );
      const now = clock.now();
      const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
      const filename = `${service}-${kind}-${stamp}.${format}`;
      const key = `exports/${service}/${filename}`;
      await deps.exports.put(key, body, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json', filename);
      return {
        download_url: await deps.exports.link(key, EXPORT_LINK_SECONDS),
        expires_at: new Date(now + EXPORT_LINK_SECONDS * 1000).toISOString(),
        bytes: new TextEncoder().encode(body).length,
      };
    },

    /**
     * The rows of one export (seed 001): a service's raw metric points, its anomalies, its
     * forecast or its suggestions over [from, to] (forecasts: the next 24 h). Each row is flat,
     * so the same rows make the CSV and the JSON.
     */
    async exportRows(
      service: string,
      kind: ExportKind,
      range: { from?: number; to?: number },
    ): Promise<Record<string, string | number | null>[]> {
      await requireKnown(deps.registry, service);
      const to = range.to ?? clock.now();
      const from = range.from ?? to - 24 * HOUR;
      switch (kind) {
        case 'metrics': {
          const all = await Promise.all(
            SERVICE_METRICS.map(async (metric) =>
              (await metrics.query({ name: seriesName(metric), dimensions: { service }, from, to })).map((p) => ({
                metric,
                timestamp: new Date(p.time).toISOString(),
                value: p.value,
              })),
            ),
          );
          return all.flat().sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.metric.localeCompare(b.metric));
        }
        case 'anomalies':
          return (await anomalies.list(service, from, to)).map((a) => ({ ...a }));
        case 'forecasts': {
          if ((await deps.forecasting.models(service)).length === 0) return [];
          const { predictions } = await deps.forecasting.predict(service, { horizonHours: 24 });
          return predictions.flatMap((p) => p.points.map((x) => ({ metric: p.metric, model: p.model, ...x })));
        }
        case 'suggestions':
          return (await deps.suggestions.list(service, from, to)).map((s) => ({
            suggestion_id: s.suggestion_id,
            created_at: s.created_at,
            category: s.category,
            priority: s.priority,
            title: s.title,
            impact_metric: s.expected_impact.metric,
            impact_change_percent: s.expected_impact.change_percent,
            impact_basis: s.expected_impact.basis,
            steps: s.steps.join(' | '),
          }));
      }
    },

    /** Suggestions from the service's figures now; each kept (90 days) once a day. */
    suggestions: suggestionsFor,

    /** The suggestions made over the last `days`, newest first. */
    async suggestionHistory(service: string, days: number): Promise<Suggestion[]> {
      const now = clock.now();
      return deps.suggestions.list(service, now - days * 24 * HOUR, now);
    },

    /** The analytics summary of a service. */
    async summary(service: string) {
      await requireKnown(deps.registry, service);
      const now = clock.now();
      const latest = await Promise.all(
        SERVICE_METRICS.map(async (metric) => {
          const points = await metrics.query({
            name: seriesName(metric),
            dimensions: { service },
            from: now - HOUR,
            to: now,
          });
          const last = points.at(-1);
          return [
            metric,
            last === undefined ? null : { value: last.value, at: new Date(last.time).toISOString() },
          ] as const;
        }),
      );
      const current: Partial<Record<(typeof SERVICE_METRICS)[number], { value: number; at: string }>> = {};
      for (const [metric, v] of latest) if (v !== null) current[metric] = v;
      const [found, lastMinutes, models, { predictions, breaches }, suggestions] = await Promise.all([
        anomalies.list(service, now - 24 * HOUR, now),
        traffic.counters(service, now - 15 * MINUTE_MS, now),
        deps.forecasting.models(service),
        breachesOf(service),
        suggestionsFor(service),
      ]);
      const bySeverity = { high: 0, medium: 0, low: 0 };
      for (const a of found) bySeverity[a.severity]++;
      const recentTraffic = {
        requests: lastMinutes.reduce((s, c) => s + c.requests, 0),
        s5xx: lastMinutes.reduce((s, c) => s + c.s5xx, 0),
      };
      // The health score: 100 less what each part costs, each part capped.
      const parts = [
        { part: 'anomalies', cost: Math.min(40, bySeverity.high * 15 + bySeverity.medium * 5) },
        {
          part: 'cpu',
          cost: Math.min(20, Math.max(0, ((current.cpu?.value ?? 0) - 80) * 2)),
        },
        {
          part: 'memory',
          cost: Math.min(20, Math.max(0, ((current.memory?.value ?? 0) - 85) * 2)),
        },
        {
          part: 'errors',
          cost: Math.min(
            20,
            Math.round(
              (recentTraffic.requests > 0
                ? recentTraffic.s5xx / recentTraffic.requests
                : (current.error_rate?.value ?? 0)) * 200,
            ),
          ),
        },
        { part: 'forecast', cost: Math.min(10, breaches.length * 5) },
      ];
      const score = Math.max(0, 100 - parts.reduce((s, p) => s + p.cost, 0));
      return {
        service,
        generated_at: new Date(now).toISOString(),
        current_metrics: current,
        health: { score, parts },
        anomalies_24h: { ...bySeverity, total: found.length, latest: found.slice(0, 5) },
        forecast: {
          highlights: predictions.map((p) => {
            const peak = p.points.reduce(
              (m, x) => (x.value > m.value ? x : m),
              p.points[0] ?? { value: 0, timestamp: '' },
            );
            return { metric: p.metric, peak: peak.value, peak_at: peak.timestamp, confidence: p.confidence };
          }),
          breaches,
        },
        suggestions: suggestions.slice(0, 3),
        models: models.map((m) => ({
          metric: m.metric,
          model: m.model,
          trained_at: m.trained_at,
          age_hours: Math.round(((now - Date.parse(m.trained_at)) / HOUR) * 10) / 10,
          holdout: m.holdout,
        })),
      };
    },
  };
}

export type Insights = ReturnType<typeof createInsights>;
