import type { ModelRecord } from '#domain/kernel/model.ts';
import type { Thresholds } from '#domain/kernel/settings.ts';
import type { AggregateStore } from './monitoring.ports.ts';
import {
  isPredictionCounter,
  pickCounters,
  statsOf,
  sumCounters,
  type AggregateBucket,
  type WindowStats,
} from './aggregates.ts';
import { bucketOf, bucketStart, nextBucket, TIME_BUCKET_PREFIX, versionBucket } from './buckets.ts';
import { accuracyDrift, computeStatus, type StatusVerdict } from './status.ts';

/** Everything known about a model's health at one instant, read from aggregates only. */
export interface Assessment {
  readonly window: WindowStats;
  /** Whether `window` covers the serving version's own predictions or the whole model's. */
  readonly windowScope: 'model' | 'version';
  readonly allTime: WindowStats;
  readonly lastPrediction: string | null;
  readonly referenceAccuracy: number | null;
  readonly driftScore: number | null;
  readonly estimatedAccuracy: number | null;
  readonly verdict: StatusVerdict;
  /** Time buckets covering the requested history, oldest first. */
  readonly history: readonly AggregateBucket[];
}

/** How many of the oldest buckets to read when looking for the reference window. */
const REFERENCE_SCAN_BUCKETS = 100;

/**
 * Reads a model's recent buckets, all-time total and reference window and judges its status.
 * Cost: three bounded queries, whatever the number of stored predictions (a fourth while the
 * sealing of closed buckets lags behind the history range).
 *
 * 1. Read the time buckets of the longer of the history range and the evaluation window.
 * 2. Read the all-time total and the oldest buckets (the reference window).
 * 3. Derive window stats, drift (accuracy decline against the reference) and the status.
 */
export async function assessModel(
  aggregates: AggregateStore,
  model: ModelRecord,
  thresholds: Thresholds,
  now: number,
  historyHours = 0,
  /** The model's total when the caller has just read it (undefined inside: the model has none). */
  known?: { readonly total: AggregateBucket | undefined },
): Promise<Assessment> {
  const windowFrom = now - thresholds.evaluation_window_minutes * 60_000;
  const from = Math.min(windowFrom, now - historyHours * 3_600_000);
  const [buckets, total, earliest] = await Promise.all([
    aggregates.range(model.model_name, bucketOf(from), bucketOf(now)),
    known === undefined ? aggregates.total(model.model_name) : known.total,
    aggregates.earliest(model.model_name, REFERENCE_SCAN_BUCKETS),
  ]);
  // A bucket belongs to the window when it overlaps it.
  const windowStartBucket = bucketOf(windowFrom);
  let window = statsOf(sumCounters(buckets.filter((b) => b.bucket >= windowStartBucket)));
  let windowScope: Assessment['windowScope'] = 'model';
  // A model served by the platform is judged by its serving version's own predictions, once
  // that version has enough of them in the window (so a new champion is not blamed for the old).
  if (model.champion_version !== undefined) {
    const served = statsOf(
      sumCounters(
        await aggregates.range(
          model.model_name,
          versionBucket(model.champion_version, windowStartBucket),
          versionBucket(model.champion_version, bucketOf(now)),
        ),
      ),
    );
    if (served.prediction_count >= thresholds.min_samples) {
      window = served;
      windowScope = 'version';
    }
  }
  // The total holds the sealed buckets' predictions; the buckets after them add theirs.
  const sealedThrough = total?.sealed_through;
  const firstOpen = sealedThrough === undefined ? TIME_BUCKET_PREFIX : nextBucket(sealedThrough);
  const rangeStart = bucketOf(from);
  const older = firstOpen < rangeStart ? await aggregates.range(model.model_name, firstOpen, rangeStart) : [];
  const open = [...older.filter((b) => b.bucket < rangeStart), ...buckets].filter(
    (b) => b.bucket >= firstOpen && b.bucket.startsWith(TIME_BUCKET_PREFIX),
  );
  const allTime = statsOf(
    sumCounters([
      total ?? { counters: {} },
      ...open.map((b) => ({ counters: pickCounters(b.counters, isPredictionCounter) })),
    ]),
  );
  const lastPrediction = [total, ...open].reduce<string | null>(
    (latest, b) =>
      b?.last_prediction !== undefined && (latest === null || b.last_prediction > latest) ? b.last_prediction : latest,
    null,
  );
  // A served model's expected accuracy is its champion's holdout score; otherwise the oldest outcomes set it.
  const referenceAccuracy =
    model.champion_score ?? referenceAccuracyOf(earliest, thresholds.reference_size, thresholds.min_samples);
  const recentAccuracy = window.labelled_count > 0 ? window.accuracy : null;
  const performanceDrift = accuracyDrift(referenceAccuracy, recentAccuracy);
  // The scan's data drift and the live accuracy decline, whichever is larger.
  const scanned = model.drift?.data_drift_score ?? null;
  const driftScore = scanned === null ? performanceDrift : Math.max(scanned, performanceDrift ?? 0);
  const estimatedAccuracy = model.estimate?.estimated_accuracy ?? null;
  const verdict = computeStatus(window, thresholds, driftScore, model.training_active === true, estimatedAccuracy);
  const historyFrom = bucketOf(now - historyHours * 3_600_000);
  return {
    window,
    windowScope,
    allTime,
    lastPrediction,
    referenceAccuracy,
    driftScore,
    estimatedAccuracy,
    verdict,
    history: historyHours > 0 ? buckets.filter((b) => b.bucket >= historyFrom) : [],
  };
}

/** How a model (or its serving version) does live, and what that figure rests on. */
export interface LiveAccuracy {
  readonly accuracy: number | null;
  readonly source: 'outcomes' | 'estimate' | 'none';
}

/**
 * The live accuracy of an assessment: realised once `min_samples` predictions of the window have
 * outcomes, else the label-free estimate. With `ownPredictionsOnly`, outcomes count only when the
 * window is the serving version's own (a new champion is not judged by its predecessor's).
 */
export function liveAccuracy(a: Assessment, t: Thresholds, ownPredictionsOnly = false): LiveAccuracy {
  const realised = a.window.labelled_count >= t.min_samples && (!ownPredictionsOnly || a.windowScope === 'version');
  if (realised && a.window.accuracy !== null) return { accuracy: a.window.accuracy, source: 'outcomes' };
  if (a.estimatedAccuracy !== null) return { accuracy: a.estimatedAccuracy, source: 'estimate' };
  return { accuracy: null, source: 'none' };
}

/**
 * The accuracy of the reference window: the labelled outcomes of the oldest buckets that together
 * hold `size` predictions (the same first predictions the drift scan compares against). Null until
 * those buckets exist and `minLabelled` of their predictions have outcomes.
 */
export function referenceAccuracyOf(
  earliest: readonly AggregateBucket[],
  size: number,
  minLabelled: number,
): number | null {
  const taken: AggregateBucket[] = [];
  let predictions = 0;
  for (const b of earliest) {
    taken.push(b);
    predictions += b.counters.n ?? 0;
    if (predictions >= size) break;
  }
  if (predictions < size) return null;
  const stats = statsOf(sumCounters(taken));
  return stats.labelled_count >= minLabelled ? stats.accuracy : null;
}

/** One history point in the seed's shape. */
export interface HistoryPoint {
  readonly timestamp: string;
  readonly accuracy: number | null;
  readonly response_time: number | null;
  readonly confidence: number | null;
  readonly error_rate: number | null;
  readonly p95_response_time: number | null;
  readonly prediction_count: number;
}

export function historyPoints(buckets: readonly AggregateBucket[]): HistoryPoint[] {
  return buckets.map((b) => {
    const s = statsOf(b.counters);
    return {
      timestamp: new Date(bucketStart(b.bucket)).toISOString(),
      accuracy: s.accuracy,
      response_time: s.avg_response_time,
      confidence: s.avg_confidence,
      error_rate: s.error_rate,
      p95_response_time: s.p95_response_time,
      prediction_count: s.prediction_count,
    };
  });
}

/**
 * Performance drift of a model (accuracy decline against its reference) from its counters: what
 * the drift scan adds to data drift.
 *
 * @example
 * createDriftService({ ..., performance: performanceDrift(aggregates) });
 */
export function performanceDrift(aggregates: AggregateStore) {
  return {
    of: async (model: ModelRecord, thresholds: Thresholds, now: number): Promise<number | null> =>
      (await assessModel(aggregates, model, thresholds, now)).driftScore,
  };
}
