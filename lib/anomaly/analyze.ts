import { normalTail } from './detectors.ts';
import { IsolationForest } from './isolation-forest.ts';
import { linearFit, quantileOfSorted } from '../stats/descriptive.ts';

/** The batch methods `analyzeSeries` runs over a whole series it is given at once. */
export const ANALYSIS_METHODS = ['zscore', 'iqr', 'mad', 'isolation_forest'] as const;
export type AnalysisMethod = (typeof ANALYSIS_METHODS)[number];

export interface SeriesAnalysis {
  readonly statistics: {
    readonly count: number;
    readonly mean: number;
    readonly std: number;
    readonly min: number;
    readonly max: number;
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
  };
  readonly anomalies: Partial<Record<AnalysisMethod, { index: number; value: number; score: number }[]>>;
  readonly trend: { readonly direction: 'up' | 'down' | 'flat'; readonly slope: number; readonly p_value: number };
  readonly seasonality: { readonly period: number; readonly strength: number } | null;
}

/**
 * Flags per method, each over the whole batch: |z| > 3 (z-score), beyond Tukey's 1.5 IQR fences
 * (IQR), robust |z| > 3.5 with the scaled MAD (Iglewicz and Hoaglin), and an Isolation Forest
 * score above 0.6. Scores are in [0, 1]: how far past the method's own line the point is.
 */
function flag(method: AnalysisMethod, values: readonly number[], sorted: readonly number[], mean: number, std: number) {
  const out: { index: number; value: number; score: number }[] = [];
  const push = (index: number, score: number) =>
    out.push({ index, value: values[index] ?? 0, score: Math.min(1, score) });
  if (method === 'zscore' && std > 0) {
    values.forEach((v, i) => {
      const z = Math.abs(v - mean) / std;
      if (z > 3) push(i, z / 6);
    });
  } else if (method === 'iqr') {
    const q1 = quantileOfSorted(sorted, 0.25);
    const q3 = quantileOfSorted(sorted, 0.75);
    const iqr = q3 - q1;
    values.forEach((v, i) => {
      const beyond = iqr > 0 ? Math.max((v - q3) / iqr, (q1 - v) / iqr) : v !== q1 ? Infinity : 0;
      if (beyond > 1.5) push(i, 1 - Math.exp((-Math.LN2 * beyond) / 1.5));
    });
  } else if (method === 'mad') {
    const median = quantileOfSorted(sorted, 0.5);
    const mad = quantileOfSorted(
      values.map((v) => Math.abs(v - median)).sort((a, b) => a - b),
      0.5,
    );
    if (mad > 0)
      values.forEach((v, i) => {
        const z = (0.6745 * Math.abs(v - median)) / mad;
        if (z > 3.5) push(i, z / 7);
      });
  } else if (method === 'isolation_forest' && values.length >= 8) {
    const rows = values.map((v, i) => [v, i === 0 ? 0 : v - (values[i - 1] ?? v)]);
    const forest = new IsolationForest({ trees: 100, sampleSize: 256, seed: 1 }).fit(rows);
    rows.forEach((r, i) => {
      const s = forest.score(r);
      if (s > 0.6) push(i, (s - 0.5) * 2);
    });
  }
  return out;
}

/** Ordinary least squares slope per step, with the Mann-Kendall test's two-sided p-value. */
function trendOf(values: readonly number[]): SeriesAnalysis['trend'] {
  const n = values.length;
  if (n < 3) return { direction: 'flat', slope: 0, p_value: 1 };
  const { slope } = linearFit(
    values.map((_, x) => x),
    values,
  );
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign((values[j] ?? 0) - (values[i] ?? 0));
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  const z = s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * normalTail(Math.abs(z)));
  return { direction: pValue < 0.05 ? (slope > 0 ? 'up' : 'down') : 'flat', slope, p_value: pValue };
}

/**
 * The strongest repeating period: the highest autocorrelation peak at lags 2 to n/3 (so it
 * repeats at least three times), if it reaches 0.3; otherwise none.
 */
function seasonalityOf(values: readonly number[], mean: number): SeriesAnalysis['seasonality'] {
  const n = values.length;
  if (n < 12) return null;
  const denom = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  if (denom === 0) return null;
  const acf = (lag: number) => {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += ((values[i] ?? 0) - mean) * ((values[i - lag] ?? 0) - mean);
    return sum / denom;
  };
  const maxLag = Math.min(Math.floor(n / 3), 1000);
  const r = Array.from({ length: maxLag + 2 }, (_, lag) => (lag < 1 ? 1 : acf(lag)));
  let best: { period: number; strength: number } | null = null;
  for (let lag = 2; lag <= maxLag; lag++) {
    const v = r[lag] ?? 0;
    const isPeak = v > (r[lag - 1] ?? 0) && v >= (r[lag + 1] ?? -Infinity);
    if (isPeak && v >= 0.3 && (best === null || v > best.strength)) best = { period: lag, strength: v };
  }
  return best;
}

/**
 * Statistics, anomalies by each requested method, trend and seasonality of one series given as
 * a batch (the stateless `POST /analytics/analyze`). For a live stream use the detectors.
 */
export function analyzeSeries(
  values: readonly number[],
  methods: readonly AnalysisMethod[] = ['zscore', 'iqr', 'mad'],
): SeriesAnalysis {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
  return {
    statistics: {
      count: n,
      mean,
      std,
      min: sorted[0] ?? 0,
      max: sorted.at(-1) ?? 0,
      p50: quantileOfSorted(sorted, 0.5),
      p95: quantileOfSorted(sorted, 0.95),
      p99: quantileOfSorted(sorted, 0.99),
    },
    anomalies: Object.fromEntries(methods.map((m) => [m, flag(m, values, sorted, mean, std)])),
    trend: trendOf(values),
    seasonality: seasonalityOf(values, mean),
  };
}
