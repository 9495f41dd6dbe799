/**
 * Time buckets for per-model aggregates. Reads sum a bounded number of buckets, so their cost
 * depends on the time range asked for, never on how many predictions were stored.
 */
export const BUCKET_MINUTES = 5;
export const BUCKET_MS = BUCKET_MINUTES * 60_000;

/**
 * How long after its end a time bucket may still receive predictions: a prediction's time is
 * taken when its request arrives, and its write lands before the function's timeout (29 s for
 * the ingest routes; an infra test checks they stay below this). After it the stored records of
 * the bucket are final, so its counters are recomputed from them and sealed.
 */
export const SEAL_GRACE_MS = 120_000;

/** Sort-key prefix of time buckets; `TOTAL` holds the all-time counters. */
export const TIME_BUCKET_PREFIX = 'B#';
export const TOTAL_BUCKET = 'TOTAL';

/**
 * The bucket key of an instant: `B#` + the ISO minute the bucket starts at, so keys sort by time.
 *
 * @example
 * bucketOf(Date.parse('2026-01-01T10:07:30Z')) // 'B#2026-01-01T10:05'
 */
export function bucketOf(epochMs: number): string {
  const start = Math.floor(epochMs / BUCKET_MS) * BUCKET_MS;
  return TIME_BUCKET_PREFIX + new Date(start).toISOString().slice(0, 16);
}

/** The instant (epoch ms) a bucket key starts at. */
export function bucketStart(bucket: string): number {
  return Date.parse(`${bucket.slice(TIME_BUCKET_PREFIX.length)}:00.000Z`);
}

/** The per-version bucket key: `V#<version>#` + the time bucket, kept beside the model-level one. */
export function versionBucket(version: string, bucket: string): string {
  return `V#${version}#${bucket}`;
}

/** The key of the bucket after `bucket`. */
export function nextBucket(bucket: string): string {
  return bucketOf(bucketStart(bucket) + BUCKET_MS);
}
