import { configDoc, readDoc, type ConfigStore } from '#domain/kernel/config-docs.ts';
import { InsufficientDataError, NotFoundError } from '#domain/kernel/errors.ts';
import type { MetricStore } from '#domain/kernel/metric-store.ports.ts';
import { serviceScope } from '#domain/kernel/notice.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { mapLimit } from '#lib/async/map-limit.ts';
import { forecast, minimumPoints, train, type ForecastPoint, type Forecaster } from '#lib/forecast/forecast.ts';
import { fitModel, type ModelName } from '#lib/forecast/models.ts';
import { requireKnown, RUN_KEYS, runRecord, seriesName } from './service.ts';
import type { ForecastStore, ServiceAlerts, ServiceRegistry } from './services.ports.ts';

/** The metrics forecast (seed 001): CPU, memory, response time and error rate. */
export const FORECAST_METRICS = ['cpu', 'memory', 'response_time', 'error_rate'] as const;
export type ForecastMetric = (typeof FORECAST_METRICS)[number];

/** Each metric's range (forecast bands stay inside it) and the level a forecast must not cross. */
export const FORECAST_LIMITS: Record<ForecastMetric, { min: number; max?: number; threshold: number; unit: string }> = {
  cpu: { min: 0, max: 100, threshold: 90, unit: '%' },
  memory: { min: 0, max: 100, threshold: 90, unit: '%' },
  response_time: { min: 0, threshold: 2, unit: 's' },
  error_rate: { min: 0, max: 1, threshold: 0.1, unit: '' },
};

/** Forecasting's settings (config key `forecasting`): seed 001's MODEL_RETRAINING_INTERVAL. */
export interface ForecastSettings {
  /** Hours after which the schedule retrains a service's forecasters. */
  readonly model_retraining_interval_hours: number;
}
export const FORECAST_DOC = configDoc<ForecastSettings>('forecasting', { model_retraining_interval_hours: 168 });

/** History a forecaster trains on, and the step its points are averaged to. */
const TRAIN_DAYS = 14;
const STEP_MS = 5 * 60_000;
/** The horizon forecasters are judged on at training: a day. */
const TRAIN_HORIZON = 86_400_000 / STEP_MS;
/** Periods tried for a season: a day of 5-minute steps, or none. */
const DAY = 86_400_000 / STEP_MS;

/** A trained forecaster as stored: the model picked, its interval widths and holdout figures. */
export interface ForecastModelRecord {
  readonly service: string;
  readonly metric: ForecastMetric;
  readonly model: ModelName;
  readonly period: number;
  readonly step_ms: number;
  readonly horizon: number;
  readonly widths: Forecaster['widths'];
  readonly holdout: Forecaster['holdout'];
  readonly samples: number;
  readonly trained_at: string;
}

export interface Breach {
  readonly metric: ForecastMetric;
  readonly threshold: number;
  /** When the upper 80 % band first reaches the threshold. */
  readonly expected_at: string;
  /** How likely the metric is past the threshold then, read off the forecast's bands. */
  readonly probability: number;
}

export interface ForecastingDeps {
  readonly metrics: MetricStore;
  readonly registry: ServiceRegistry;
  readonly store: ForecastStore;
  readonly config: ConfigStore;
  readonly clock: Clock;
  /** Without it, no breach or insufficient-data alert. */
  readonly alerts?: ServiceAlerts;
}

/**
 * The probability that the value exceeds `threshold`, from a forecast point's bands: a
 * distribution through (lower_95, 2.5 %), (lower_80, 10 %), (value, 50 %), (upper_80, 90 %),
 * (upper_95, 97.5 %), linear in between.
 */
export function exceedance(p: ForecastPoint, threshold: number): number {
  const knots: readonly (readonly [number, number])[] = [
    [p.lower_95, 0.025],
    [p.lower_80, 0.1],
    [p.value, 0.5],
    [p.upper_80, 0.9],
    [p.upper_95, 0.975],
  ];
  if (threshold <= p.lower_95) return 0.975;
  for (let i = 1; i < knots.length; i++) {
    const [x0, c0] = knots[i - 1] ?? [0, 0];
    const [x1, c1] = knots[i] ?? [0, 0];
    if (threshold <= x1) return 1 - (x1 === x0 ? c1 : c0 + ((c1 - c0) * (threshold - x0)) / (x1 - x0));
  }
  return 0.02;
}

/**
 * Forecasting for services (seed 001): per metric, a forecaster picked and calibrated on the
 * service's last 14 days (5-minute means), forecasts with 80 % and 95 % bands inside the
 * metric's range, and the time a forecast's upper 80 % band first crosses the metric's limit,
 * which runs the alert rules (`hours_to_breach`, Datadog's forecast monitor).
 */
/** A limit as people read it: percentages for CPU, memory and the error rate, seconds for response time. */
function limitText(metric: string, threshold: number): string {
  if (metric === 'cpu' || metric === 'memory') return `${threshold} %`;
  if (metric === 'error_rate') return `${Math.round(threshold * 1000) / 10} %`;
  if (metric === 'response_time') return `${threshold} s`;
  return String(threshold);
}

/** "cpu expected to cross 90 % at 14:20 UTC (in 3 h 10 min)", Datadog's forecast monitor message. */
export function breachSentence(
  breach: { metric: string; threshold: number; expected_at: string },
  now: number,
): string {
  const minutes = Math.max(0, Math.round((Date.parse(breach.expected_at) - now) / 60_000));
  const span = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return `${breach.metric} expected to cross ${limitText(breach.metric, breach.threshold)} at ${breach.expected_at.slice(11, 16)} UTC (in ${span})`;
}

export function createForecasting(deps: ForecastingDeps) {
  const { metrics, registry, store, clock } = deps;

  async function historyOf(service: string, metric: ForecastMetric, to: number) {
    const steps = await metrics.aggregate(
      { name: seriesName(metric), dimensions: { service }, from: to - TRAIN_DAYS * 86_400_000, to },
      STEP_MS,
    );
    // Gaps filled with the last value: the models assume evenly spaced steps.
    const first = steps[0]?.time;
    if (first === undefined) return { values: [], last: to };
    const byTime = new Map(steps.map((s) => [s.time, s.value]));
    const values: number[] = [];
    let last = steps[0]?.value ?? 0;
    const end = steps.at(-1)?.time ?? first;
    for (let t = first; t <= end; t += STEP_MS) {
      last = byTime.get(t) ?? last;
      values.push(last);
    }
    return { values, last: end };
  }

  const periodFor = (points: number) => (points >= 2 * DAY + TRAIN_HORIZON ? DAY : 1);

  return {
    settings: (): Promise<ForecastSettings> => readDoc(deps.config, FORECAST_DOC),

    /**
     * Trains a forecaster per metric with enough history. None has enough: an insufficient-data
     * alert and an InsufficientDataError naming what is needed.
     */
    async train(
      service: string,
      options: { readonly alertShortHistory?: boolean; readonly metrics?: readonly ForecastMetric[] } = {},
    ): Promise<ForecastModelRecord[]> {
      await requireKnown(registry, service);
      const now = clock.now();
      const trained: ForecastModelRecord[] = [];
      const short: string[] = [];
      for (const metric of options.metrics ?? FORECAST_METRICS) {
        const { values } = await historyOf(service, metric, now);
        if (values.length === 0) continue;
        const period = periodFor(values.length);
        const needed = minimumPoints(1, TRAIN_HORIZON);
        if (values.length < needed) {
          short.push(`${metric}: ${values.length} of ${needed} five-minute steps`);
          continue;
        }
        const f = train(values, { period, horizon: TRAIN_HORIZON });
        const record: ForecastModelRecord = {
          service,
          metric,
          model: f.model,
          period,
          step_ms: STEP_MS,
          horizon: TRAIN_HORIZON,
          widths: f.widths,
          holdout: f.holdout,
          samples: values.length,
          trained_at: new Date(now).toISOString(),
        };
        await store.put(record);
        trained.push(record);
      }
      // Asked for (the API, not the hourly schedule, which meets every young service): alert on it.
      if (options.alertShortHistory !== false)
        await deps.alerts?.evaluate(serviceScope(service), { insufficient_data: trained.length === 0 ? 1 : 0 });
      if (trained.length === 0)
        throw new InsufficientDataError(
          `too little history to forecast ${service}: ${short.join('; ') || 'no cpu, memory, response_time or error_rate points'} (about ${Math.ceil((minimumPoints(1, TRAIN_HORIZON) * STEP_MS) / 3_600_000)} h of points are needed)`,
        );
      return trained;
    },

    /** The trained forecasters of a service. */
    models: (service: string): Promise<ForecastModelRecord[]> => store.list(service),

    /**
     * Forecasts the next `horizonHours` of each trained metric (or one), refitting the picked
     * model on the newest history; with the breaches of each metric's limit within the horizon.
     */
    async predict(service: string, options: { horizonHours: number; metric?: ForecastMetric }) {
      await requireKnown(registry, service);
      const records = (await store.list(service)).filter(
        (r) => options.metric === undefined || r.metric === options.metric,
      );
      if (records.length === 0)
        throw new NotFoundError(
          `no trained forecaster for ${service}${options.metric !== undefined ? ` and ${options.metric}` : ''}: POST /train-models/${service} first`,
        );
      const now = clock.now();
      const predictions = [];
      const breaches: Breach[] = [];
      for (const r of records) {
        const { values, last } = await historyOf(service, r.metric, now);
        if (values.length === 0) continue;
        const steps = Math.round((options.horizonHours * 3_600_000) / r.step_ms);
        const f = {
          model: r.model,
          period: r.period,
          horizon: r.horizon,
          widths: r.widths,
          holdout: r.holdout,
          fitted: fitModel(r.model, values, r.period),
        };
        const limits = FORECAST_LIMITS[r.metric];
        const points = forecast(f, steps, limits).map((p, i) => ({
          timestamp: new Date(last + (i + 1) * r.step_ms).toISOString(),
          ...p,
        }));
        predictions.push({
          metric: r.metric,
          model: r.model,
          trained_at: r.trained_at,
          // The seed's "accuracy": 100 minus the held-out MAPE, floored at 0.
          confidence: r.holdout.mape === null ? null : Math.max(0, Math.round((100 - r.holdout.mape) * 10) / 10),
          points,
        });
        const crossing = points.find((p) => p.upper_80 >= limits.threshold);
        if (crossing !== undefined)
          breaches.push({
            metric: r.metric,
            threshold: limits.threshold,
            expected_at: crossing.timestamp,
            probability: Math.round(exceedance(crossing, limits.threshold) * 1000) / 1000,
          });
      }
      return { predictions, breaches };
    },

    /**
     * The schedule's run: retrains every service whose forecasters are older than the interval
     * (or missing), then judges each service's 24 h forecast: `hours_to_breach` is the hours
     * until the first breach (the alert rules fire under 24 h), 1000 when none.
     */
    async runSchedule(): Promise<{ service: string; retrained: boolean; hours_to_breach?: number; error?: string }[]> {
      const { model_retraining_interval_hours: interval } = await readDoc(deps.config, FORECAST_DOC);
      const services = await registry.list();
      const now = clock.now();
      const results = await mapLimit(services, 4, async ({ service }) => {
        try {
          const models = await store.list(service);
          const stale =
            models.length === 0 || models.some((m) => now - Date.parse(m.trained_at) >= interval * 3_600_000);
          let retrained = false;
          if (stale)
            try {
              await this.train(service, { alertShortHistory: false });
              retrained = true;
            } catch (error) {
              if (!(error instanceof InsufficientDataError)) throw error;
              return { service, retrained: false };
            }
          const { breaches } = await this.predict(service, { horizonHours: 24 });
          const hours = breaches.reduce((m, b) => Math.min(m, (Date.parse(b.expected_at) - now) / 3_600_000), 1000);
          const first = [...breaches].sort((a, b) => a.expected_at.localeCompare(b.expected_at))[0];
          await deps.alerts?.evaluate(
            serviceScope(service),
            { hours_to_breach: Math.max(0, Math.round(hours * 100) / 100) },
            first !== undefined ? { hours_to_breach: breachSentence(first, now) } : {},
          );
          return { service, retrained, hours_to_breach: hours };
        } catch (error) {
          return { service, retrained: false, error: error instanceof Error ? error.message : String(error) };
        }
      });
      await deps.config.put(RUN_KEYS.forecasts, runRecord(now, clock.now(), results));
      return results;
    },
  };
}

export type Forecasting = ReturnType<typeof createForecasting>;
