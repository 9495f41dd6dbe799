import fc from 'fast-check';
import { FUNCTIONS } from '#catalog/routes.ts';
import type { PredictionItem } from '#contracts/monitoring.schema.ts';
import { C, predictionCounters } from '#domain/monitoring/aggregates.ts';
import { BUCKET_MS, bucketOf, SEAL_GRACE_MS, versionBucket } from '#domain/monitoring/buckets.ts';
import { reconcilePredictionCounts } from '#domain/monitoring/reconcile.ts';
import { createMonitoringService } from '#domain/monitoring/service.ts';
import type { PredictionRecord } from '#domain/kernel/model.ts';
import {
  counterIds,
  FixedClock,
  MemoryAggregates,
  MemoryBatchClaims,
  MemoryConfig,
  MemoryEvents,
  MemoryModels,
  MemoryPredictions,
} from '../../support/in-memory.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');
/** Far enough after T0 that T0's bucket is closed and past its grace. */
const AFTER_SEAL = BUCKET_MS + SEAL_GRACE_MS + 1;

function setup(withClaims = false) {
  const deps = {
    predictions: new MemoryPredictions(),
    aggregates: new MemoryAggregates(),
    models: new MemoryModels(),
    config: new MemoryConfig(),
    events: new MemoryEvents(),
    clock: new FixedClock(T0),
    ids: counterIds(),
    ...(withClaims ? { claims: new MemoryBatchClaims() } : {}),
  };
  const service = createMonitoringService(deps);
  const reconcile = () => reconcilePredictionCounts(deps, 'churn');
  const count = async () => (await service.getPerformance('churn', 0)).performance.prediction_count;
  return { ...deps, service, reconcile, count };
}

const item = (id: string, over: Partial<PredictionItem['result']> = {}, version?: string): PredictionItem => ({
  model_name: 'churn',
  prediction_id: id,
  prediction_data: { input_features: { tenure: 12 } },
  result: { prediction: 'yes', confidence: 0.9, response_time: 0.1, ...over },
  ...(version !== undefined ? { model_version: version } : {}),
});

/** A stored prediction as the service writes it, for simulating a crash before its counters were added. */
const record = (id: string, ts: number, version?: string): PredictionRecord => ({
  prediction_id: id,
  model_name: 'churn',
  ts,
  bucket: bucketOf(ts),
  input_features: {},
  prediction: 'yes',
  confidence: 0.9,
  response_time: 0.1,
  ...(version !== undefined ? { model_version: version } : {}),
});

describe('reconcilePredictionCounts', () => {
  it('waits longer than any ingest request can run, so a sealed bucket gets no late prediction', () => {
    expect(FUNCTIONS.monitoringIngest.timeoutSeconds * 1000).toBeLessThan(SEAL_GRACE_MS / 2);
  });

  it('counts predictions a crash stored without counters, once their bucket is sealed', async () => {
    // Prepare: 3 logged normally, 2 stored by a request that died before adding its counters.
    const s = setup();
    await s.service.logPredictions([item('a'), item('b'), item('c')]);
    await s.predictions.insertNew([record('d', T0 + 1), record('e', T0 + 2)]);
    expect(await s.count()).toBe(3);

    // Act: the client's retry finds them stored; the bucket closes and is sealed.
    const retry = await s.service.logPredictions([item('d'), item('e')]);
    s.clock.advance(AFTER_SEAL);
    const result = await s.reconcile();

    // Assess
    expect(retry.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(result).toEqual({ sealed: 1, corrected: 1 });
    expect(await s.count()).toBe(5);
  });

  it('takes back an overcount and keeps the outcome counters', async () => {
    // Prepare: counters of 'a' added twice (two racing copies), and an outcome for it.
    const s = setup();
    await s.service.logPredictions([item('a'), item('b')]);
    const twice = predictionCounters(record('a', T0));
    await s.aggregates.increment([{ model_name: 'churn', bucket: bucketOf(T0), counters: twice, total: false }]);
    await s.service.updateResult({ prediction_id: 'a', actual_result: { label: 'yes' } });
    expect(await s.count()).toBe(3);

    // Act
    s.clock.advance(AFTER_SEAL);
    await s.reconcile();

    // Assess
    const perf = (await s.service.getPerformance('churn', 0)).performance;
    expect(perf.prediction_count).toBe(2);
    expect(perf.labelled_count).toBe(1);
    expect(perf.accuracy).toBe(1);
    const [bucket] = await s.aggregates.range('churn', bucketOf(T0), bucketOf(T0));
    expect(bucket?.counters[C.predictions]).toBe(2);
    expect(bucket?.counters[C.labelled]).toBe(1);
  });

  it('corrects the per-version buckets too', async () => {
    // Prepare
    const s = setup();
    await s.service.logPredictions([item('a', {}, 'v2')]);
    await s.predictions.insertNew([record('b', T0, 'v2')]);

    // Act
    s.clock.advance(AFTER_SEAL);
    await s.reconcile();

    // Assess
    const key = versionBucket('v2', bucketOf(T0));
    expect((await s.aggregates.range('churn', key, key))[0]?.counters[C.predictions]).toBe(2);
  });

  it('adds a bucket to the total once, however often it runs, and leaves open buckets alone', async () => {
    // Prepare
    const s = setup();
    await s.service.logPredictions([item('a')]);
    s.clock.advance(AFTER_SEAL);
    await s.service.logPredictions([item('b')]);

    // Act
    const runs = await Promise.all([s.reconcile(), s.reconcile(), s.reconcile()]);
    const later = await s.reconcile();

    // Assess
    expect(runs.map((r) => r.sealed).reduce((x, y) => x + y, 0)).toBe(1);
    expect(later.sealed).toBe(0);
    expect(await s.count()).toBe(2);
    expect((await s.aggregates.total('churn'))?.counters[C.predictions]).toBe(1);
  });

  it('resumes after a crash between setting a bucket and sealing it', async () => {
    // Prepare
    const s = setup();
    await s.service.logPredictions([item('a'), item('b')]);
    await s.predictions.insertNew([record('c', T0)]);
    s.clock.advance(AFTER_SEAL);
    const seal = s.aggregates.seal.bind(s.aggregates);
    s.aggregates.seal = () => Promise.reject(new Error('crash'));

    // Act
    await expect(s.reconcile()).rejects.toThrow('crash');
    s.aggregates.seal = seal;
    await s.reconcile();

    // Assess
    expect(await s.count()).toBe(3);
  });

  it('makes counts exact for any mix of retries, racing copies and crashes (property)', async () => {
    type Op =
      | { kind: 'log'; ids: number[] }
      | { kind: 'race'; id: number }
      | { kind: 'crash'; ids: number[] }
      | { kind: 'wait'; ms: number }
      | { kind: 'reconcile' };
    const id = fc.integer({ min: 0, max: 30 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('log' as const), ids: fc.array(id, { minLength: 1, maxLength: 5 }) }),
      fc.record({ kind: fc.constant('race' as const), id }),
      fc.record({ kind: fc.constant('crash' as const), ids: fc.array(id, { minLength: 1, maxLength: 5 }) }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 4 * BUCKET_MS }) }),
      fc.constant({ kind: 'reconcile' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const s = setup();
        for (const o of ops) {
          if (o.kind === 'log') await s.service.logPredictions(o.ids.map((i) => item(`p${i}`)));
          else if (o.kind === 'crash') {
            // Stored, never counted: the request died in between.
            await s.predictions.insertNew(o.ids.map((i) => record(`p${i}`, s.clock.now())));
          } else if (o.kind === 'race') {
            // Two copies of a request at once: both find the id new, both store it (the same
            // record) and both count it.
            const [logged] = await s.service.logPredictions([item(`p${o.id}`)]);
            const stored = s.predictions.items.get(`p${o.id}`);
            if (logged?.status === 'created' && stored !== undefined)
              await s.aggregates.increment([
                { model_name: 'churn', bucket: stored.bucket, counters: predictionCounters(stored), total: false },
              ]);
          } else if (o.kind === 'wait') s.clock.advance(o.ms);
          else if (s.models.items.has('churn')) await s.reconcile();
        }
        if (!s.models.items.has('churn')) return;
        s.clock.advance(AFTER_SEAL);
        await s.reconcile();
        expect(await s.count()).toBe(s.predictions.items.size);
        // The windows read time buckets: they add up to the same.
        const buckets = await s.aggregates.range('churn', 'B#', 'B#~');
        expect(buckets.reduce((n, b) => n + (b.counters[C.predictions] ?? 0), 0)).toBe(s.predictions.items.size);
      }),
      { numRuns: 150 },
    );
  });
});

describe('concurrent copies of one batch', () => {
  it('without batch claims, overcounts them until their bucket is sealed', async () => {
    // Prepare
    const s = setup(false);
    const batch = Array.from({ length: 50 }, (_, i) => item(`b${i}`));

    // Act
    await Promise.all(Array.from({ length: 10 }, () => s.service.logPredictions(batch)));
    const live = await s.count();
    s.clock.advance(AFTER_SEAL);
    await s.reconcile();

    // Assess
    expect(live).toBe(500);
    expect(await s.count()).toBe(50);
  });

  it('counts a batch sent 10 times at once exactly once, at once', async () => {
    // Prepare
    const s = setup(true);
    const batch = Array.from({ length: 50 }, (_, i) => item(`b${i}`));

    // Act
    const answers = await Promise.all(Array.from({ length: 10 }, () => s.service.logPredictions(batch)));

    // Assess
    const created = answers.map((a) => a.filter((r) => r.status === 'created').length);
    expect(created.reduce((x, y) => x + y, 0)).toBe(50);
    expect(await s.count()).toBe(50);
    expect(s.claims?.held.size).toBe(0);
  });
});
