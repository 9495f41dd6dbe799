import { predictForest, trainForest } from '#lib/ml/forest.ts';
/**
 * Forecasting models over an evenly spaced series, each fitted on the past and forecasting the
 * next `h` steps. Pure functions over arrays; the selection and the intervals are in forecast.ts.
 */

/** A fitted model: the next `h` values after the series it was fitted on. */
export interface Fitted {
  readonly model: ModelName;
  forecast(h: number): number[];
}

export const MODELS = [
  'seasonal_naive',
  'ses',
  'holt_winters',
  'seasonal_mean',
  'recent_median',
  'combined',
  'trend_seasonal',
  'random_forest',
] as const;
export type ModelName = (typeof MODELS)[number];

/**
 * The models the automatic pick chooses among. The random forest is measured beside them (`npm
 * run bench -- --only forecast`) but left out: on NAB's CloudWatch series its error is 0.904 of
 * seasonal naive's against the pick's 0.345, the pick with it got no better (0.347), and it made
 * training seven times slower (96 ms against 13 ms per series and origin).
 */
export const PICKED_MODELS: readonly ModelName[] = MODELS.filter((m) => m !== 'random_forest');

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** The same point one season back, repeated (flat, the last value, without a season). */
export function seasonalNaive(values: readonly number[], period: number): Fitted {
  const season = period > 1 && values.length >= period ? values.slice(-period) : [values.at(-1) ?? 0];
  return {
    model: 'seasonal_naive',
    forecast: (h) => Array.from({ length: h }, (_, i) => season[i % season.length] ?? 0),
  };
}

/** Simple exponential smoothing: a flat forecast at the smoothed level. */
export function ses(values: readonly number[], alpha = 0.1): Fitted {
  let level = values[0] ?? 0;
  for (const v of values) level += alpha * (v - level);
  return { model: 'ses', forecast: (h) => Array.from({ length: h }, () => level) };
}

/**
 * The mean of each phase of the season over the last `seasons` seasons, shifted to the
 * recent level (SES over the deseasonalised values): a robust seasonal profile that one
 * odd day cannot drag.
 */
export function seasonalMean(values: readonly number[], period: number, seasons = 4, alpha = 0.05): Fitted {
  if (period <= 1 || values.length < 2 * period) return { ...ses(values, 0.1), model: 'seasonal_mean' };
  const n = Math.min(seasons, Math.floor(values.length / period));
  const recent = values.slice(-n * period);
  const profile = Array.from({ length: period }, (_, p) => {
    const phase = Array.from({ length: n }, (_, s) => recent[s * period + p] ?? 0).sort((a, b) => a - b);
    // The median of the phase: robust to one anomalous day.
    return phase[Math.floor(phase.length / 2)] ?? 0;
  });
  const base = mean(profile);
  const shape = profile.map((v) => v - base);
  // The level: SES over the values with the season taken out (phases aligned to the series' end).
  const offset = values.length % period;
  let level = (values[0] ?? 0) - (shape[(0 - offset + period * 8) % period] ?? 0);
  for (let i = 0; i < values.length; i++) {
    const phase = (((i - values.length) % period) + period) % period;
    level += alpha * ((values[i] ?? 0) - (shape[phase] ?? 0) - level);
  }
  return {
    model: 'seasonal_mean',
    forecast: (h) => Array.from({ length: h }, (_, i) => level + (shape[i % period] ?? 0)),
  };
}

/**
 * Additive Holt-Winters with a damped trend, its smoothing parameters picked from a small grid
 * by one-step-ahead squared error on the series itself.
 */
export function holtWinters(values: readonly number[], period: number): Fitted {
  const seasonal = period > 1 && values.length >= 2 * period;
  const m = seasonal ? period : 1;
  let best: { sse: number; state: HwState; phi: number } | undefined;
  for (const alpha of [0.05, 0.15, 0.4])
    for (const beta of [0, 0.02])
      for (const gamma of seasonal ? [0.05, 0.2] : [0])
        for (const phi of [0.9, 0.98, 1]) {
          const run = runHw(values, m, alpha, beta, gamma, phi);
          if (best === undefined || run.sse < best.sse) best = { sse: run.sse, state: run.state, phi };
        }
  const fit = best ?? { state: { level: values.at(-1) ?? 0, trend: 0, season: [0] }, phi: 0.9 };
  return {
    model: 'holt_winters',
    forecast: (h) => {
      const { level, trend, season } = fit.state;
      const out: number[] = [];
      let damp = 0;
      for (let i = 1; i <= h; i++) {
        damp += fit.phi ** i;
        out.push(level + damp * trend + (season[(i - 1) % season.length] ?? 0));
      }
      return out;
    },
  };
}

interface HwState {
  readonly level: number;
  readonly trend: number;
  /** The season's next `m` values, in forecast order. */
  readonly season: number[];
}

function runHw(
  values: readonly number[],
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
): { sse: number; state: HwState } {
  // Start: the first season's mean as the level, its deviations as the season, no trend.
  const first = values.slice(0, m);
  let level = mean(first);
  let trend = 0;
  const season = m > 1 ? first.map((v) => v - level) : [0];
  let sse = 0;
  for (let i = m > 1 ? m : 1; i < values.length; i++) {
    const v = values[i] ?? 0;
    const s = season[i % m] ?? 0;
    const predicted = level + phi * trend + s;
    sse += (v - predicted) ** 2;
    const previous = level;
    level = alpha * (v - s) + (1 - alpha) * (level + phi * trend);
    trend = beta * (level - previous) + (1 - beta) * phi * trend;
    if (m > 1) season[i % m] = gamma * (v - level) + (1 - gamma) * s;
  }
  const next = Array.from({ length: m }, (_, k) => season[(values.length + k) % m] ?? 0);
  return { sse, state: { level, trend, season: next } };
}

/**
 * A flat forecast at the median of the last `window` points (a day, when the series has a
 * season): what minimises absolute error on a level that spikes now and then.
 */
export function recentMedian(values: readonly number[], window: number): Fitted {
  const recent = [...values.slice(-Math.max(12, window))].sort((a, b) => a - b);
  const median = recent[Math.floor(recent.length / 2)] ?? 0;
  return { model: 'recent_median', forecast: (h) => Array.from({ length: h }, () => median) };
}

/** The mean of SES, the recent median and the seasonal profile: a forecast combination. */
export function combined(values: readonly number[], period: number): Fitted {
  const parts = [ses(values, 0.1), recentMedian(values, period > 1 ? period : 288), seasonalMean(values, period)];
  return {
    model: 'combined',
    forecast: (h) => {
      const each = parts.map((p) => p.forecast(h));
      return Array.from({ length: h }, (_, i) => mean(each.map((f) => f[i] ?? 0)));
    },
  };
}

/**
 * A straight line through the last week (least squares) plus the median daily profile of what
 * the line leaves: a steady rise (a leak, growing traffic) carried forward with its season.
 */
export function trendSeasonal(values: readonly number[], period: number, seasons = 7): Fitted {
  const window = Math.min(values.length, Math.max(48, (period > 1 ? period : 48) * seasons));
  const offset = values.length - window;
  const ys = values.slice(offset);
  const xs = ys.map((_, i) => offset + i);
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < ys.length; i++) {
    sxy += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
    sxx += ((xs[i] ?? 0) - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const line = (x: number) => my + slope * (x - mx);
  const m = period > 1 && window >= 2 * period ? period : 1;
  const byPhase: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < ys.length; i++) byPhase[(offset + i) % m]?.push((ys[i] ?? 0) - line(offset + i));
  const profile = byPhase.map((r) => {
    const sorted = [...r].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  });
  return {
    model: 'trend_seasonal',
    forecast: (h) =>
      Array.from({ length: h }, (_, k) => {
        const x = values.length + k;
        return line(x) + (profile[x % m] ?? 0);
      }),
  };
}

/**
 * The design card's random forest over lag and calendar features, direct multi-step: one forest
 * learns the value `h` steps after an origin from what was known at the origin (the last value,
 * the means of the last hour-equivalent and the last season, the value one season before the
 * target, the target's phase of the day and day of the week, and `h` itself), as a change from
 * the last value. Rows come from origins every `stride` steps with a few horizons each.
 */
export function randomForest(values: readonly number[], period: number, horizon = period > 1 ? period : 288): Fitted {
  const m = period > 1 ? period : 288;
  const short = Math.max(3, Math.round(m / 24));
  const prefix = [0];
  for (const v of values) prefix.push((prefix.at(-1) ?? 0) + v);
  const meanOf = (end: number, n: number) => {
    const start = Math.max(0, end - n);
    return end > start ? ((prefix[end] ?? 0) - (prefix[start] ?? 0)) / (end - start) : 0;
  };
  const features = (origin: number, h: number) => {
    const last = values[origin - 1] ?? 0;
    const target = origin - 1 + h;
    const seasonBack = values[target - m] ?? values[target - 2 * m] ?? last;
    return [
      meanOf(origin, short) - last,
      meanOf(origin, m) - last,
      seasonBack - last,
      (target % m) / m,
      Math.floor(target / m) % 7,
      h / m,
    ];
  };
  const X: number[][] = [];
  const y: number[] = [];
  const stride = Math.max(1, Math.round(m / 24));
  const horizons = [1, 2, 4, 8, 16, 32, 64, 128, 256].filter((h) => h <= horizon);
  for (let origin = m; origin < values.length; origin += stride)
    for (const h of horizons) {
      const target = origin - 1 + h;
      if (target >= values.length) break;
      X.push(features(origin, h));
      y.push((values[target] ?? 0) - (values[origin - 1] ?? 0));
    }
  if (X.length < 50) return { ...recentMedian(values, m), model: 'random_forest' };
  const forest = trainForest(X, y, { task: 'regression', nEstimators: 30, maxDepth: 8, minSamplesLeaf: 5, seed: 3 });
  const last = values.at(-1) ?? 0;
  return {
    model: 'random_forest',
    forecast: (h) =>
      Array.from(
        { length: h },
        (_, k) => last + Number(predictForest(forest, features(values.length, k + 1)).prediction),
      ),
  };
}

/** Fits a model by name. */
export function fitModel(name: ModelName, values: readonly number[], period: number): Fitted {
  switch (name) {
    case 'seasonal_naive':
      return seasonalNaive(values, period);
    case 'ses':
      return ses(values, 0.1);
    case 'holt_winters':
      return holtWinters(values, period);
    case 'seasonal_mean':
      return seasonalMean(values, period);
    case 'recent_median':
      return recentMedian(values, period > 1 ? period : 288);
    case 'combined':
      return combined(values, period);
    case 'trend_seasonal':
      return trendSeasonal(values, period);
    case 'random_forest':
      return randomForest(values, period);
  }
}
