import type { Clock } from '#domain/kernel/time.ts';
import type { AggregateStore, PredictionStore } from './monitoring.ports.ts';
import {
  addCounters,
  isPredictionCounter,
  predictionCounters,
  type AggregateBucket,
  type Counters,
} from './aggregates.ts';
import {
  BUCKET_MS,
  bucketOf,
  bucketStart,
  nextBucket,
  SEAL_GRACE_MS,
  TIME_BUCKET_PREFIX,
  versionBucket,
} from './buckets.ts';

export interface ReconcileDeps {
  readonly predictions: Pick<PredictionStore, 'countable'>;
  readonly aggregates: AggregateStore;
  readonly clock: Clock;
  /** @default SEAL_GRACE_MS */
  readonly graceMs?: number;
}

export interface ReconcileResult {
  /** Buckets whose counters were recomputed and added to the total by this run. */
  readonly sealed: number;
  /** Of those, how many had live counters that differed from their stored predictions. */
  readonly corrected: number;
  /**
   * The total as read, when the run changed nothing (the usual case): a caller about to assess
   * the model reuses it instead of reading it again.
   */
  readonly unchangedTotal?: { readonly total: AggregateBucket | undefined };
}

interface BucketFacts {
  counters: Counters;
  versions: Set<string>;
  lastTs: number;
}

/**
 * Makes a model's prediction counters exact: recomputes every closed, unsealed time bucket from
 * the predictions actually stored in it and adds it to the all-time total exactly once.
 *
 * Live counters are added when a request logs predictions, which is fast but not exact: two
 * concurrent copies of a batch may both count it, and a crash between storing predictions and
 * adding their counters leaves them uncounted (the client's retry then finds them stored). Once
 * a bucket can receive no more predictions (its end plus SEAL_GRACE_MS), its stored predictions
 * are final, so counting them again gives the exact figure whatever happened before.
 *
 * 1. Read the total's `sealed_through`; stop if every closed bucket is sealed.
 * 2. Count the stored predictions after it, per time bucket and per model version.
 * 3. For each closed bucket, oldest first: set its prediction counters (and its versions') to
 *    the count (idempotent), then add the count to the total, conditional on `sealed_through`
 *    (exactly once, even with two runs at once or a crash between the steps).
 */
export async function reconcilePredictionCounts(deps: ReconcileDeps, modelName: string): Promise<ReconcileResult> {
  const { predictions, aggregates, clock } = deps;
  const lastClosed = bucketOf(clock.now() - (deps.graceMs ?? SEAL_GRACE_MS) - BUCKET_MS);
  const total = await aggregates.total(modelName);
  const sealedThrough = total?.sealed_through;
  if (sealedThrough !== undefined && sealedThrough >= lastClosed)
    return { sealed: 0, corrected: 0, unchangedTotal: { total } };

  const first = sealedThrough === undefined ? TIME_BUCKET_PREFIX : nextBucket(sealedThrough);
  const live = new Map(
    (await aggregates.range(modelName, first, lastClosed))
      .filter((b) => b.bucket.startsWith(TIME_BUCKET_PREFIX))
      .map((b) => [b.bucket, b]),
  );
  const stored = new Map<string, BucketFacts>();
  const fromMs = sealedThrough === undefined ? 0 : bucketStart(first);
  for await (const page of predictions.countable(modelName, fromMs, bucketStart(lastClosed) + BUCKET_MS)) {
    for (const record of page) {
      const bucket = bucketOf(record.ts);
      let facts = stored.get(bucket);
      if (facts === undefined) stored.set(bucket, (facts = { counters: {}, versions: new Set(), lastTs: 0 }));
      const counters = predictionCounters(record);
      addCounters(facts.counters, counters);
      facts.lastTs = Math.max(facts.lastTs, record.ts);
      if (record.model_version !== undefined) {
        facts.versions.add(record.model_version);
        const key = versionBucket(record.model_version, bucket);
        const v = stored.get(key) ?? { counters: {}, versions: new Set<string>(), lastTs: 0 };
        addCounters(v.counters, counters);
        stored.set(key, v);
      }
    }
  }

  let sealed = 0;
  let corrected = 0;
  const buckets = [...new Set([...live.keys(), ...[...stored.keys()].filter((k) => k.startsWith(TIME_BUCKET_PREFIX))])]
    .filter((b) => b <= lastClosed)
    .sort();
  for (const bucket of buckets) {
    const exact = stored.get(bucket);
    const counters = exact?.counters ?? {};
    const before = live.get(bucket);
    const versions = new Set([...(before?.versions ?? []), ...(exact?.versions ?? [])]);
    await aggregates.replaceCounters(modelName, bucket, counters, isPredictionCounter);
    for (const v of versions) {
      const key = versionBucket(v, bucket);
      await aggregates.replaceCounters(modelName, key, stored.get(key)?.counters ?? {}, isPredictionCounter);
    }
    const lastPrediction = exact !== undefined ? new Date(exact.lastTs).toISOString() : undefined;
    if (await aggregates.seal(modelName, bucket, counters, lastPrediction)) {
      sealed += 1;
      if (!sameCounters(counters, before?.counters ?? {})) corrected += 1;
    }
  }
  // Nothing (more) to count: move the mark on, so the next run starts after it.
  if (buckets.at(-1) !== lastClosed) await aggregates.seal(modelName, lastClosed, {});
  return { sealed, corrected };
}

/** Whether the prediction counters of two sets agree (within float rounding of sums). */
function sameCounters(a: Counters, b: Counters): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)].filter(isPredictionCounter));
  for (const name of names) {
    const x = a[name] ?? 0;
    const y = b[name] ?? 0;
    if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) return false;
  }
  return true;
}
