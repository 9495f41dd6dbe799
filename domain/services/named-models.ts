import { ConflictError, NotFoundError, ValidationError } from '#domain/kernel/errors.ts';
import type { MetricStore } from '#domain/kernel/metric-store.ports.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { createDetector, DETECTORS, type DetectorName } from '#lib/anomaly/streaming.ts';
import { FORECAST_METRICS, type ForecastMetric, type Forecasting } from './forecasts.ts';
import { requireKnown, seriesName } from './service.ts';
import type { NamedModelStore, ServiceRegistry } from './services.ports.ts';
import { SERVICE_METRICS } from './types.ts';

export const NAMED_MODEL_TYPES = ['anomaly', 'forecast'] as const;

/** Seed 002's model: a named anomaly detector or forecaster over one metric of one service. */
export interface NamedModelSpec {
  readonly name: string;
  readonly type: (typeof NAMED_MODEL_TYPES)[number];
  readonly service: string;
  readonly metric: string;
  /** anomaly: `detector` (one of the streaming detectors, default ensemble). */
  readonly params?: Readonly<Record<string, string | number | boolean>>;
}

export interface NamedModel extends NamedModelSpec {
  readonly created_at: string;
  readonly trained_at: string;
  /** What training measured: a forecaster's holdout figures, a detector's share of flagged points. */
  readonly figures: Readonly<Record<string, number | string | null>>;
}

export interface NamedModelsDeps {
  readonly store: NamedModelStore;
  readonly forecasting: Forecasting;
  readonly metrics: MetricStore;
  readonly registry: ServiceRegistry;
  readonly clock: Clock;
}

const same = (a: NamedModelSpec, b: NamedModelSpec) =>
  a.type === b.type &&
  a.service === b.service &&
  a.metric === b.metric &&
  JSON.stringify(a.params ?? {}) === JSON.stringify(b.params ?? {});

/**
 * Seed 002's `POST /api/v1/aiops/models`: creates a named model and trains it at once. A
 * forecast model is the service's forecaster for that metric (picked on held-out days); an
 * anomaly model runs its streaming detector over the metric's last day and reports how much it
 * flags. The same definition sent again retrains it; another definition under the name is a 409.
 */
export function createNamedModels(deps: NamedModelsDeps) {
  const { store, clock } = deps;

  async function train(spec: NamedModelSpec): Promise<Record<string, number | string | null>> {
    await requireKnown(deps.registry, spec.service);
    if (spec.type === 'forecast') {
      if (!(FORECAST_METRICS as readonly string[]).includes(spec.metric))
        throw new ValidationError(`a forecast model's metric is one of ${FORECAST_METRICS.join(', ')}`, {
          details: [{ path: 'metric', message: `one of ${FORECAST_METRICS.join(', ')}` }],
        });
      const [record] = await deps.forecasting.train(spec.service, { metrics: [spec.metric as ForecastMetric] });
      if (record === undefined) throw new NotFoundError(`no ${spec.metric} points for ${spec.service}`);
      return {
        model: record.model,
        samples: record.samples,
        mae: record.holdout.mae,
        mase: record.holdout.mase,
        mape: record.holdout.mape,
        interval_coverage: record.holdout.interval_coverage,
      };
    }
    const detector = String(spec.params?.detector ?? 'ensemble');
    if (!(DETECTORS as readonly string[]).includes(detector))
      throw new ValidationError(`params.detector is one of ${DETECTORS.join(', ')}`, {
        details: [{ path: 'params.detector', message: `one of ${DETECTORS.join(', ')}` }],
      });
    const now = clock.now();
    const custom = !(SERVICE_METRICS as readonly string[]).includes(spec.metric);
    const points = await deps.metrics.query({
      name: seriesName(spec.metric, custom),
      dimensions: { service: spec.service },
      from: now - 86_400_000,
      to: now,
    });
    if (points.length === 0) throw new NotFoundError(`no ${spec.metric} points for ${spec.service} in the last day`);
    const d = createDetector(detector as DetectorName);
    const scores = points.map((p) => d.update(p.value, p.time));
    const flagged = scores.filter((s) => s >= 0.5).length;
    return { detector, points: points.length, flagged, flagged_share: flagged / points.length };
  }

  return {
    async create(spec: NamedModelSpec): Promise<{ model: NamedModel; created: boolean }> {
      const existing = await store.get(spec.name);
      if (existing !== undefined && !same(existing, spec))
        throw new ConflictError(`a model named "${spec.name}" exists with another definition`);
      const figures = await train(spec);
      const now = new Date(clock.now()).toISOString();
      const model: NamedModel = { ...spec, created_at: existing?.created_at ?? now, trained_at: now, figures };
      await store.put(model);
      return { model, created: existing === undefined };
    },
    list: (): Promise<NamedModel[]> => store.list(),
  };
}
