import type { OutcomeScore, PredictionRecord } from '#domain/kernel/model.ts';
import { isSketchKey, sketchKey, sketchQuantile } from '#lib/stats/log-sketch.ts';

/**
 * Counters kept per model and bucket. Every field is a sum, so buckets add up and a window's
 * statistics are a sum of its buckets (atomic `ADD` in DynamoDB, no read-modify-write).
 */
export type Counters = Record<string, number>;

/** Counter names; `l<i>` and `lz` hold the response-time sketch (lib/stats/log-sketch.ts). */
export const C = {
  predictions: 'n',
  errors: 'err',
  responseTimeSum: 'rt_sum',
  confidenceSum: 'conf_sum',
  confidenceCount: 'conf_n',
  labelled: 'lab',
  scoreSum: 'score_sum',
  absErrorSum: 'abs_sum',
  sqErrorSum: 'sq_sum',
  regressionCount: 'reg_n',
} as const;

const PREDICTION_COUNTERS = new Set<string>([
  C.predictions,
  C.errors,
  C.responseTimeSum,
  C.confidenceSum,
  C.confidenceCount,
]);

/**
 * True for the counters a logged prediction sets (as opposed to its later outcome): these are
 * recomputed from the stored predictions when a bucket is sealed.
 */
export const isPredictionCounter = (name: string): boolean => PREDICTION_COUNTERS.has(name) || isSketchKey(name);

/** Only the counters `keep` accepts. */
export function pickCounters(c: Counters, keep: (name: string) => boolean): Counters {
  return Object.fromEntries(Object.entries(c).filter(([name]) => keep(name)));
}

/** One atomic increment of a model's bucket (and, by the store, of its all-time total). */
export interface AggregateDelta {
  readonly model_name: string;
  readonly bucket: string;
  readonly counters: Counters;
  /** ISO time of the newest prediction in this delta, kept as `last_prediction`. */
  readonly last_prediction?: string;
  /**
   * Also add to the model's all-time total. @default true. False for per-version buckets, and
   * for logged predictions: those reach the total when their bucket is sealed (reconcile.ts).
   */
  readonly total?: boolean;
  /** Model versions whose per-version buckets this prediction delta also touched (kept as a set on the bucket). */
  readonly versions?: readonly string[];
}

/** A stored bucket: its counters and key. */
export interface AggregateBucket {
  readonly model_name: string;
  readonly bucket: string;
  readonly counters: Counters;
  readonly last_prediction?: string;
  /** Model versions seen in the bucket (time buckets). */
  readonly versions?: readonly string[];
  /** The all-time total only: the newest time bucket whose prediction counters it holds. */
  readonly sealed_through?: string;
}

function add(into: Counters, name: string, value: number): void {
  into[name] = (into[name] ?? 0) + value;
}

/** Adds every counter of `c` into `into`, in place. */
export function addCounters(into: Counters, c: Readonly<Counters>): void {
  for (const [name, value] of Object.entries(c)) add(into, name, value);
}

/** Counters one logged prediction contributes. */
export function predictionCounters(p: Pick<PredictionRecord, 'response_time' | 'confidence' | 'error'>): Counters {
  const c: Counters = {};
  add(c, C.predictions, 1);
  if (p.error !== undefined) add(c, C.errors, 1);
  add(c, C.responseTimeSum, p.response_time);
  add(c, sketchKey(p.response_time), 1);
  if (p.confidence !== undefined) {
    add(c, C.confidenceSum, p.confidence);
    add(c, C.confidenceCount, 1);
  }
  return c;
}

/** Counters an outcome contributes; with `previous`, the difference for a corrected outcome. */
export function outcomeCounters(score: OutcomeScore, previous?: OutcomeScore): Counters {
  const c: Counters = {};
  if (previous === undefined) add(c, C.labelled, 1);
  add(c, C.scoreSum, score.score - (previous?.score ?? 0));
  if (score.abs_error !== undefined) {
    add(c, C.absErrorSum, score.abs_error - (previous?.abs_error ?? 0));
    add(c, C.sqErrorSum, (score.sq_error ?? 0) - (previous?.sq_error ?? 0));
    if (previous === undefined) add(c, C.regressionCount, 1);
  }
  return c;
}

/**
 * Groups per-prediction counters into one delta per (model, bucket), so a batch of 500
 * predictions costs a handful of atomic updates.
 */
export function mergeDeltas(deltas: readonly AggregateDelta[]): AggregateDelta[] {
  const byKey = new Map<
    string,
    {
      model_name: string;
      bucket: string;
      counters: Counters;
      last_prediction?: string;
      total?: boolean;
      versions?: string[];
    }
  >();
  for (const d of deltas) {
    const key = `${d.model_name}\u0000${d.bucket}\u0000${String(d.total !== false)}`;
    let acc = byKey.get(key);
    if (acc === undefined) {
      acc = {
        model_name: d.model_name,
        bucket: d.bucket,
        counters: {},
        ...(d.total === false ? { total: false } : {}),
      };
      byKey.set(key, acc);
    }
    addCounters(acc.counters, d.counters);
    for (const v of d.versions ?? []) if (!(acc.versions ??= []).includes(v)) acc.versions.push(v);
    if (
      d.last_prediction !== undefined &&
      (acc.last_prediction === undefined || d.last_prediction > acc.last_prediction)
    ) {
      acc.last_prediction = d.last_prediction;
    }
  }
  return [...byKey.values()];
}

/** Sums buckets into one set of counters. */
export function sumCounters(buckets: readonly { counters: Counters }[]): Counters {
  const total: Counters = {};
  for (const b of buckets) addCounters(total, b.counters);
  return total;
}

/** Statistics derived from counters. Null where there is nothing to compute from. */
export interface WindowStats {
  readonly prediction_count: number;
  readonly error_count: number;
  readonly labelled_count: number;
  readonly accuracy: number | null;
  readonly error_rate: number | null;
  readonly avg_response_time: number | null;
  readonly p95_response_time: number | null;
  readonly avg_confidence: number | null;
  readonly mae: number | null;
  readonly rmse: number | null;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * Turns counters into statistics.
 *
 * @example
 * statsOf({ n: 4, err: 1, rt_sum: 0.8, lab: 2, score_sum: 1.5 }).accuracy // 0.75
 */
export function statsOf(c: Counters): WindowStats {
  const n = c[C.predictions] ?? 0;
  const lab = c[C.labelled] ?? 0;
  const regN = c[C.regressionCount] ?? 0;
  const sq = c[C.sqErrorSum] ?? 0;
  return {
    prediction_count: n,
    error_count: c[C.errors] ?? 0,
    labelled_count: lab,
    accuracy: ratio(c[C.scoreSum] ?? 0, lab),
    error_rate: ratio(c[C.errors] ?? 0, n),
    avg_response_time: ratio(c[C.responseTimeSum] ?? 0, n),
    p95_response_time: percentileFromHistogram(c, 0.95),
    avg_confidence: ratio(c[C.confidenceSum] ?? 0, c[C.confidenceCount] ?? 0),
    mae: ratio(c[C.absErrorSum] ?? 0, regN),
    rmse: regN > 0 ? Math.sqrt(Math.max(0, sq) / regN) : null,
  };
}

/**
 * A response-time percentile from the summed counters: within 1% of a response time actually
 * logged (relative-error sketch), so never more than 1% beyond the largest one.
 */
export function percentileFromHistogram(c: Counters, q: number): number | null {
  return sketchQuantile(c, q);
}
