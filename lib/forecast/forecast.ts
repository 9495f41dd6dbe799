import { quantileOfSorted } from '#lib/stats/descriptive.ts';
import { fitModel, PICKED_MODELS, type Fitted, type ModelName } from './models.ts';

/** What a trained forecaster knows: the model picked, its interval widths, its holdout figures. */
export interface Forecaster {
  readonly model: ModelName;
  /** Steps per season (1: none found). */
  readonly period: number;
  /** The horizon it was judged on, in steps. */
  readonly horizon: number;
  /** Half-widths of the 80 % and 95 % bands per horizon bucket (conformal: held-out absolute errors). */
  readonly widths: readonly { readonly q80: number; readonly q95: number }[];
  readonly holdout: {
    /** Mean absolute error over the held-out horizons. */
    readonly mae: number;
    /** MAE against the in-sample seasonal naive's one-step... its MAE one season back. */
    readonly mase: number;
    /** Mean absolute percentage error, over actuals away from 0 (null when none is). */
    readonly mape: number | null;
    /** The share of held-out actuals inside the 80 % band, calibrated on the other origins. */
    readonly interval_coverage: number | null;
  };
  /** The fitted model over the whole series. */
  readonly fitted: Fitted;
}

export interface ForecastPoint {
  readonly value: number;
  readonly lower_80: number;
  readonly upper_80: number;
  readonly lower_95: number;
  readonly upper_95: number;
}

export interface TrainOptions {
  /** Steps per season; 1 for none. */
  readonly period: number;
  /** Steps ahead the forecaster is judged on. */
  readonly horizon: number;
  /** The models to choose from. @default every model */
  readonly models?: readonly ModelName[];
  /** Held-out origins (each `horizon` apart, newest last). @default 3 */
  readonly origins?: number;
}

/** Buckets the horizon is split into for the interval widths (errors grow with the step). */
const BUCKETS = 4;

/** The fewest points a forecaster trains on: two seasons, or 48 points without a season. */
export const minimumPoints = (period: number, horizon: number): number =>
  Math.max(period > 1 ? 2 * period : 48, 24) + horizon;

const bucketOf = (step: number, horizon: number) => Math.min(BUCKETS - 1, Math.floor((step * BUCKETS) / horizon));

/**
 * Trains a forecaster: each candidate model is fitted at up to three held-out origins (the last
 * `horizon` steps, the `horizon` before them, ...) and forecasts the held-out part; the lowest
 * mean absolute error wins. The interval half-widths are the 80th and 95th percentiles of the
 * winner's held-out absolute errors per horizon bucket (split conformal, no Gaussian
 * assumption); its coverage is measured on the newest origin with widths from the others.
 */
export function train(values: readonly number[], options: TrainOptions): Forecaster {
  const { period, horizon } = options;
  if (values.length < minimumPoints(period, horizon))
    throw new RangeError(`needs at least ${minimumPoints(period, horizon)} points, has ${values.length}`);
  const minTrain = minimumPoints(period, horizon) - horizon;
  const origins: number[] = [];
  for (let k = 1; k <= (options.origins ?? 3); k++) {
    const origin = values.length - k * horizon;
    if (origin >= minTrain) origins.push(origin);
  }
  // errors[model][origin index] = absolute error per step
  const errorsOf = new Map<ModelName, number[][]>();
  for (const name of options.models ?? PICKED_MODELS) {
    errorsOf.set(
      name,
      origins.map((origin) => {
        const predicted = fitModel(name, values.slice(0, origin), period).forecast(horizon);
        return predicted.map((p, i) => Math.abs((values[origin + i] ?? 0) - p));
      }),
    );
  }
  const maeOf = (errs: readonly number[][]) => {
    const all = errs.flat();
    return all.reduce((a, b) => a + b, 0) / Math.max(1, all.length);
  };
  let best: ModelName = 'seasonal_naive';
  let bestMae = Infinity;
  for (const [name, errs] of errorsOf) {
    const mae = maeOf(errs);
    if (mae < bestMae) [best, bestMae] = [name, mae];
  }
  const errs = errorsOf.get(best) ?? [];
  const widthsFrom = (sets: readonly number[][]) =>
    Array.from({ length: BUCKETS }, (_, b) => {
      const inBucket = sets.flatMap((e) => e.filter((_, step) => bucketOf(step, horizon) === b)).sort((x, y) => x - y);
      // The finite-sample conformal rank: ceil((n + 1) q) / n.
      const q = (level: number) =>
        inBucket.length === 0
          ? 0
          : quantileOfSorted(inBucket, Math.min(1, Math.ceil((inBucket.length + 1) * level) / inBucket.length));
      return { q80: q(0.8), q95: q(0.95) };
    });
  // Coverage: the newest origin judged by widths from the older ones.
  let coverage: number | null = null;
  if (errs.length >= 2) {
    const w = widthsFrom(errs.slice(1));
    const newest = errs[0] ?? [];
    coverage = newest.filter((e, step) => e <= (w[bucketOf(step, horizon)]?.q80 ?? 0)).length / newest.length;
  }
  // MASE's scale: the in-sample MAE of the naive forecast one season (or one step) back.
  const lag = period > 1 ? period : 1;
  let scale = 0;
  for (let i = lag; i < values.length; i++) scale += Math.abs((values[i] ?? 0) - (values[i - lag] ?? 0));
  scale /= Math.max(1, values.length - lag);
  const actuals = origins.flatMap((o) => values.slice(o, o + horizon));
  const pctErrors = errs
    .flat()
    .map((e, i) => ({ e, a: Math.abs(actuals[i] ?? 0) }))
    .filter(({ a }) => a > 1e-9);
  return {
    model: best,
    period,
    horizon,
    widths: widthsFrom(errs),
    holdout: {
      mae: bestMae,
      mase: scale === 0 ? 0 : bestMae / scale,
      mape: pctErrors.length === 0 ? null : (pctErrors.reduce((s, { e, a }) => s + e / a, 0) / pctErrors.length) * 100,
      interval_coverage: coverage,
    },
    fitted: fitModel(best, values, period),
  };
}

/** The next `h` steps with their 80 % and 95 % bands, clamped to `bounds`. */
export function forecast(
  f: Forecaster,
  h: number,
  bounds: { readonly min?: number; readonly max?: number } = {},
): ForecastPoint[] {
  const clamp = (v: number) => Math.min(bounds.max ?? Infinity, Math.max(bounds.min ?? -Infinity, v));
  return f.fitted.forecast(h).map((v, step) => {
    // Past the judged horizon, the last bucket's widths.
    const w = f.widths[bucketOf(Math.min(step, f.horizon - 1), f.horizon)] ?? { q80: 0, q95: 0 };
    return {
      value: clamp(v),
      lower_80: clamp(v - w.q80),
      upper_80: clamp(v + w.q80),
      lower_95: clamp(v - w.q95),
      upper_95: clamp(v + w.q95),
    };
  });
}

/** Steps per day for a series sampled every `stepMs`, when it spans two days or more; else 1. */
export function dailyPeriod(stepMs: number, points: number): number {
  const perDay = Math.round(86_400_000 / stepMs);
  return perDay >= 2 && points >= 2 * perDay ? perDay : 1;
}

/** The series' step: the median gap between successive times. */
export function stepOf(times: readonly number[]): number {
  const gaps = times
    .slice(1)
    .map((t, i) => t - (times[i] ?? 0))
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  return gaps.length === 0 ? 60_000 : (gaps[Math.floor(gaps.length / 2)] ?? 60_000);
}
