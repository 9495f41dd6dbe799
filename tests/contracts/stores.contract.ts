import type { Notice } from '#domain/kernel/notice.ts';
import type { PredictionRecord } from '#domain/kernel/model.ts';
import { ConflictError } from '#domain/kernel/errors.ts';
import type { AlertInstance, AlertRecord } from '#domain/alerting/types.ts';
import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import type { ModelStore, PredictionHistory } from '#domain/kernel/model.ports.ts';
import type { AggregateStore, BatchClaims, PredictionStore } from '#domain/monitoring/monitoring.ports.ts';
import { isPredictionCounter } from '#domain/monitoring/aggregates.ts';
import type { AlertHistory, AlertingStore } from '#domain/alerting/alerting.ports.ts';

/**
 * Contract suites of the stores: each port's DynamoDB adapter (tests/adapters, against dynalite)
 * and its in-memory fake (tests/unit/fakes, carrying every domain test) run the same cases, so a
 * fake cannot drift from the adapter it stands in for.
 */

const prediction = (id: string, over: Partial<PredictionRecord> = {}): PredictionRecord => ({
  prediction_id: id,
  model_name: 'churn',
  ts: Date.parse('2026-03-01T12:00:00Z'),
  bucket: 'B#2026-03-01T12:00',
  input_features: { tenure: 3, plan: 'pro', tags: ['a', 'b'], nested: { x: null } },
  prediction: 'yes',
  confidence: 0.8,
  response_time: 0.12,
  ...over,
});

/** The behaviour every PredictionStore & PredictionHistory must show. */
export function predictionStoreContract(name: string, make: () => Promise<PredictionStore & PredictionHistory>): void {
  describe(`${name} honours the PredictionStore & PredictionHistory contract`, () => {
    it('stores every number validation accepts, beyond 2^53 and down to 1e-130, and reads back numbers', async () => {
      // Prepare
      const store = await make();
      const features = { big: 1e20, bigger: 1.5e125, small: 1e-130, negative: -123456789012345680000, zero: 0 };

      // Act
      await store.insertNew([prediction('n1', { input_features: features, prediction: 1e20 })]);
      await store.setOutcome(
        'n1',
        { actual: { y: 9.5e125 }, score: { score: 0.9 }, version: 1, leaseUntil: 1 },
        undefined,
      );
      const stored = await store.get('n1');

      // Assess
      expect(stored?.input_features).toEqual(features);
      expect(stored?.prediction).toBe(1e20);
      expect(stored?.actual).toEqual({ y: 9.5e125 });
    });

    it('inserts a new prediction once and reports the repeat as not inserted', async () => {
      // Prepare
      const store = await make();

      // Act
      const first = await store.insertNew([prediction('p1')]);
      const again = await store.insertNew([prediction('p1', { prediction: 'no' })]);

      // Assess
      expect([...first]).toEqual(['p1']);
      expect(again.size).toBe(0);
      expect((await store.get('p1'))?.prediction).toBe('yes');
      expect((await store.get('p1'))?.input_features).toEqual({
        tenure: 3,
        plan: 'pro',
        tags: ['a', 'b'],
        nested: { x: null },
      });
    });

    it('inserts a 120-item batch, skipping ids already stored', async () => {
      // Prepare
      const store = await make();
      await store.insertNew([prediction('b5'), prediction('b77')]);
      const batch = Array.from({ length: 120 }, (_, i) => prediction(`b${i}`));

      // Act
      const inserted = await store.insertNew(batch);

      // Assess
      expect(inserted.size).toBe(118);
      expect(inserted.has('b5')).toBe(false);
      expect(await store.get('b119')).toBeDefined();
    });

    it('sets an outcome pending and leased under a version check, with the score counted before, and settles it', async () => {
      // Prepare
      const store = await make();
      await store.insertNew([prediction('o1')]);
      const lease = { leaseUntil: 1_000 };

      // Act
      await store.setOutcome('o1', { actual: { y: 'yes' }, score: { score: 1 }, version: 1, ...lease }, undefined);
      const stale = store.setOutcome(
        'o1',
        { actual: { y: 'no' }, score: { score: 0 }, version: 1, ...lease },
        undefined,
      );

      // Assess
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get('o1')).toMatchObject({ actual: { y: 'yes' }, outcome_version: 1, outcome_pending: 1 });
      expect((await store.get('o1'))?.outcome_counted).toBeUndefined();
      // The lease goes to one caller once it lapsed, and only for the pending version.
      expect(await store.leaseOutcome('o1', 1, 2_000, 999)).toBeUndefined();
      expect(await store.leaseOutcome('o1', 2, 2_000, 1_001)).toBeUndefined();
      const leases = await Promise.all([
        store.leaseOutcome('o1', 1, 2_000, 1_001),
        store.leaseOutcome('o1', 1, 2_000, 1_001),
      ]);
      expect(leases.filter((l) => l !== undefined)).toHaveLength(1);
      expect(leases.find((l) => l !== undefined)).toMatchObject({ outcome_pending: 1, outcome_score: { score: 1 } });
      await store.releaseOutcome('o1', 1);
      expect(await store.leaseOutcome('o1', 1, 3_000, 1_500)).toMatchObject({ outcome_lease_until: 3_000 });
      await store.settleOutcome('o1', 1);
      expect((await store.get('o1'))?.outcome_pending).toBeUndefined();
      await store.setOutcome(
        'o1',
        { actual: { y: 'no' }, score: { score: 0 }, version: 2, counted: { score: 1 }, ...lease },
        1,
      );
      expect(await store.get('o1')).toMatchObject({ outcome_pending: 2, outcome_counted: { score: 1 } });
      await store.settleOutcome('o1', 1); // an older version: no-op
      expect((await store.get('o1'))?.outcome_pending).toBe(2);
      await store.settleOutcome('o1', 2);
      const settled = await store.get('o1');
      expect(settled?.outcome_pending).toBeUndefined();
      expect(settled?.outcome_counted).toBeUndefined();
      expect(settled?.outcome_lease_until).toBeUndefined();
      expect(settled?.outcome_score).toEqual({ score: 0 });
    });

    it('refuses an outcome for a prediction that does not exist', async () => {
      const store = await make();
      await expect(
        store.setOutcome('ghost', { actual: { y: 1 }, score: { score: 1 }, version: 1, leaseUntil: 1 }, undefined),
      ).rejects.toBeInstanceOf(ConflictError);
    });

    it('deletes predictions', async () => {
      const store = await make();
      await store.insertNew([prediction('d1'), prediction('d2'), prediction('d3')]);
      await store.deleteMany(['d1', 'd2']);
      await store.deleteMany(['d3']);
      expect([await store.get('d1'), await store.get('d2'), await store.get('d3')]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    });
  });
}

/** The behaviour every PredictionStore & PredictionHistory must show. */
export function predictionHistoryContract(
  name: string,
  make: () => Promise<PredictionStore & PredictionHistory>,
): void {
  describe(`${name} honours the PredictionStore & PredictionHistory contract`, () => {
    it("reads a model's first and latest predictions through the by_model_time index", async () => {
      // Prepare
      const store = await make();
      await store.insertNew(Array.from({ length: 30 }, (_, i) => prediction(`h${i}`, { ts: 1000 + i })));
      await store.insertNew([prediction('other', { model_name: 'other', ts: 5000 })]);

      // Act
      const first = await store.earliest('churn', 3);
      const latest = await store.latest('churn', 1025, 10);

      // Assess
      expect(first.map((p) => p.prediction_id)).toEqual(['h0', 'h1', 'h2']);
      expect(latest.map((p) => p.prediction_id)).toEqual(['h29', 'h28', 'h27', 'h26', 'h25']);
    });

    it("pages through a model's predictions in [from, to) with the counted fields only", async () => {
      // Prepare
      const store = await make();
      await store.insertNew(
        Array.from({ length: 1200 }, (_, i) =>
          prediction(`c${i}`, { ts: 10_000 + i, ...(i % 2 === 0 ? { model_version: 'v1' } : { error: 'boom' }) }),
        ),
      );
      await store.insertNew([prediction('elsewhere', { model_name: 'other', ts: 10_500 })]);

      // Act
      const seen: unknown[] = [];
      for await (const page of store.countable('churn', 10_100, 11_100)) seen.push(...page);

      // Assess
      expect(seen).toHaveLength(1000);
      expect(seen[0]).toEqual({ ts: 10_100, response_time: 0.12, confidence: 0.8, model_version: 'v1' });
      expect(seen[1]).toEqual({ ts: 10_101, response_time: 0.12, confidence: 0.8, error: 'boom' });
      expect(seen.at(-1)).toMatchObject({ ts: 11_099 });
    });
  });
}

/** The behaviour every BatchClaims must show. */
export function batchClaimsContract(name: string, make: () => Promise<BatchClaims>): void {
  describe(`${name} honours the BatchClaims contract`, () => {
    it('gives a claim to one of many at once, to nobody else until released or lapsed', async () => {
      // Prepare
      const claims = await make();

      // Act
      const won = await Promise.all(Array.from({ length: 10 }, (_, i) => claims.acquire('k', `h${i}`, 2_000, 1_000)));
      const winner = won.indexOf(true);
      const whileHeld = await claims.acquire('k', 'late', 2_000, 1_500);
      await claims.release('k', 'not-the-holder');
      const afterWrongRelease = await claims.acquire('k', 'late', 2_000, 1_500);
      await claims.release('k', `h${winner}`);
      const afterRelease = await claims.acquire('k', 'next', 9_000, 1_600);
      const afterLapse = await claims.acquire('k', 'rescuer', 20_000, 9_001);

      // Assess
      expect(won.filter(Boolean)).toHaveLength(1);
      expect([whileHeld, afterWrongRelease, afterRelease, afterLapse]).toEqual([false, false, true, true]);
    });
  });
}

/** The behaviour every AggregateStore must show. */
export function aggregateStoreContract(name: string, make: () => Promise<AggregateStore>): void {
  describe(`${name} honours the AggregateStore contract`, () => {
    it('adds an operation once per bucket however often it is repeated, until it is forgotten', async () => {
      // Prepare
      const store = await make();
      const deltas = [
        { model_name: 'once', bucket: 'B#2026-03-01T12:00', counters: { lab: 1, score_sum: 1 } },
        { model_name: 'once', bucket: 'V#v1#B#2026-03-01T12:00', counters: { lab: 1, score_sum: 1 }, total: false },
      ];

      // Act: the same operation three times, two of them at once, and another operation once
      await store.incrementOnce('op-1', deltas);
      await Promise.all([store.incrementOnce('op-1', deltas), store.incrementOnce('op-1', deltas)]);
      await store.incrementOnce('op-2', deltas.slice(0, 1));

      // Assess
      expect((await store.total('once'))?.counters).toEqual({ lab: 2, score_sum: 2 });
      const buckets = [...(await store.range('once', 'B#', 'B#~')), ...(await store.range('once', 'V#', 'V#~'))];
      expect(buckets.map((b) => [b.bucket, b.counters.lab])).toEqual([
        ['B#2026-03-01T12:00', 2],
        ['V#v1#B#2026-03-01T12:00', 1],
      ]);
      // Once forgotten, the marks are gone and the counters stay.
      await store.forget('op-1', deltas);
      await store.forget('op-9', [{ model_name: 'nobody', bucket: 'B#2026-03-01T12:00', counters: { lab: 1 } }]);
      expect((await store.total('once'))?.counters).toEqual({ lab: 2, score_sum: 2 });
      expect(await store.total('nobody')).toBeUndefined();
      await store.incrementOnce('op-1', deltas.slice(0, 1));
      expect((await store.total('once'))?.counters.lab).toBe(3);
    });

    it('loses no increment under 50 concurrent writers', async () => {
      // Prepare
      const store = await make();

      // Act
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.increment([
            {
              model_name: 'm',
              bucket: 'B#2026-03-01T12:00',
              counters: { n: 1, rt_sum: 0.5, h4: 1 },
              last_prediction: `2026-03-01T12:00:${String(i).padStart(2, '0')}Z`,
            },
          ]),
        ),
      );

      // Assess
      const total = await store.total('m');
      expect(total?.counters).toEqual({ n: 50, rt_sum: 25, h4: 50 });
      const [bucket] = await store.range('m', 'B#2026-03-01T11:00', 'B#2026-03-01T13:00');
      expect(bucket?.counters.n).toBe(50);
    });

    it('returns time buckets in range, oldest first, and the earliest ones without the total', async () => {
      // Prepare
      const store = await make();
      for (const b of ['B#2026-03-01T12:10', 'B#2026-03-01T12:00', 'B#2026-03-01T12:05']) {
        await store.increment([{ model_name: 'm', bucket: b, counters: { n: 1 } }]);
      }

      // Act
      const range = await store.range('m', 'B#2026-03-01T12:05', 'B#2026-03-01T12:10');
      const earliest = await store.earliest('m', 2);

      // Assess
      expect(range.map((b) => b.bucket)).toEqual(['B#2026-03-01T12:05', 'B#2026-03-01T12:10']);
      expect(earliest.map((b) => b.bucket)).toEqual(['B#2026-03-01T12:00', 'B#2026-03-01T12:05']);
      expect((await store.total('m'))?.counters.n).toBe(3);
    });

    it('keeps prediction deltas out of the total and records the versions a bucket saw', async () => {
      // Prepare
      const store = await make();

      // Act
      await store.increment([
        { model_name: 'm', bucket: 'B#2026-03-01T12:00', counters: { n: 2 }, total: false, versions: ['v1'] },
      ]);
      await store.increment([
        { model_name: 'm', bucket: 'B#2026-03-01T12:00', counters: { n: 1 }, total: false, versions: ['v2', 'v1'] },
      ]);

      // Assess
      const [bucket] = await store.range('m', 'B#2026-03-01T12:00', 'B#2026-03-01T12:00');
      expect(bucket?.counters.n).toBe(3);
      expect(bucket?.versions).toEqual(['v1', 'v2']);
      expect(await store.total('m')).toBeUndefined();
    });

    it('replaces the counters in scope, removing stale ones, and leaves the others', async () => {
      // Prepare
      const store = await make();
      const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`l${i}`, 1]));
      await store.increment([
        { model_name: 'm', bucket: 'B#2026-03-01T12:00', counters: { n: 9, lab: 2, score_sum: 1.5, ...many } },
      ]);

      // Act
      await store.replaceCounters('m', 'B#2026-03-01T12:00', { n: 4, l7: 4 }, isPredictionCounter);
      await store.replaceCounters('m', 'B#2026-03-01T12:05', { n: 1, l3: 1 }, isPredictionCounter);

      // Assess
      const [a, b] = await store.range('m', 'B#2026-03-01T12:00', 'B#2026-03-01T12:05');
      expect(a?.counters).toEqual({ n: 4, l7: 4, lab: 2, score_sum: 1.5 });
      expect(b?.counters).toEqual({ n: 1, l3: 1 });
    });

    it('seals each bucket into the total once, in order, even when two runs race', async () => {
      // Prepare
      const store = await make();
      await store.increment([{ model_name: 'm', bucket: 'B#2026-03-01T12:00', counters: { lab: 1 } }]);
      const big = Object.fromEntries(Array.from({ length: 230 }, (_, i) => [`l${i}`, 1]));

      // Act
      const first = await Promise.all([
        store.seal('m', 'B#2026-03-01T12:00', { n: 5, ...big }, '2026-03-01T12:04:00.000Z'),
        store.seal('m', 'B#2026-03-01T12:00', { n: 5, ...big }, '2026-03-01T12:04:00.000Z'),
      ]);
      const older = await store.seal('m', 'B#2026-03-01T11:55', { n: 100 });
      const next = await store.seal('m', 'B#2026-03-01T12:05', { n: 2 });

      // Assess
      expect(first.filter(Boolean)).toHaveLength(1);
      expect([older, next]).toEqual([false, true]);
      const total = await store.total('m');
      expect(total?.counters).toMatchObject({ n: 7, lab: 1, l0: 1, l229: 1 });
      expect(total?.sealed_through).toBe('B#2026-03-01T12:05');
      expect(total?.last_prediction).toBe('2026-03-01T12:04:00.000Z');
    });
  });
}

/** The behaviour every ModelStore must show. */
export function modelStoreContract(name: string, make: () => Promise<ModelStore>): void {
  describe(`${name} honours the ModelStore contract`, () => {
    it('stores the drift report of strong drift, whose p-values fall below 1e-130', async () => {
      // Prepare
      const store = await make();
      await store.createIfAbsent({ model_name: 'm', task_type: 'classification', created_at: 'x' });
      const feature = {
        feature: 'x',
        kind: 'numeric' as const,
        test: 'ks' as const,
        statistic: 0.8,
        p_value: 1e-200,
        p_value_adjusted: 1e-199,
        distance: 0.8,
        limit: 0.1,
        drifted: true,
        reference_size: 500,
        current_size: 1000,
        histogram: { labels: ['a'], reference: [1], current: [1] },
      };
      const report = {
        drift_score: 0.8,
        drifted_features: 1,
        tested_features: 1,
        features: [feature],
        skipped: [],
        reference_size: 500,
        current_size: 1000,
      };

      // Act
      await store.saveScan(
        'm',
        { drift_score: 0.8, data_drift_score: 0.8, performance_drift: null, scanned_at: 'now', report },
        undefined,
      );
      const stored = await store.get('m');

      // Assess
      expect(stored?.drift?.drift_score).toBe(0.8);
      expect(stored?.drift?.report.features[0]?.p_value).toBeLessThan(1e-130);
      expect(stored?.drift?.report.features[0]?.statistic).toBe(0.8);
    });

    it('registers a model once and lets one of two racing evaluators move its status', async () => {
      // Prepare
      const store = await make();
      const created = await store.createIfAbsent({
        model_name: 'm',
        task_type: 'regression',
        created_at: '2026-03-01T00:00:00Z',
      });
      const second = await store.createIfAbsent({
        model_name: 'm',
        task_type: 'classification',
        created_at: '2026-03-02T00:00:00Z',
      });

      // Act
      const moves = await Promise.all([
        store.transitionStatus('m', undefined, 'warning', 'now'),
        store.transitionStatus('m', undefined, 'warning', 'now'),
      ]);

      // Assess
      expect(second).toEqual(created);
      expect(moves.filter(Boolean)).toHaveLength(1);
      expect(await store.transitionStatus('m', 'warning', 'critical', 'later')).toBe(true);
      expect((await store.get('m'))?.status).toBe('critical');
      expect((await store.list()).map((m) => m.model_name)).toEqual(['m']);
    });

    it('keeps one wake-up and one retrain request per cool-down', async () => {
      // Prepare
      const store = await make();
      await store.createIfAbsent({ model_name: 'm', task_type: 'classification', created_at: 'x' });

      // Act / Assess
      expect(await store.claimWakeup('m', '2026-01-01T00:05:00Z', '2026-01-01T00:00:00Z')).toBe(true);
      expect(await store.claimWakeup('m', '2026-01-01T00:10:00Z', '2026-01-01T00:01:00Z')).toBe(false);
      expect(await store.claimWakeup('m', '2026-01-01T00:03:00Z', '2026-01-01T00:01:00Z')).toBe(true);
      expect(await store.claimWakeup('m', '2026-01-01T00:20:00Z', '2026-01-01T00:04:00Z')).toBe(true);
      expect(await store.claimRetrainRequest('m', '2026-01-01T00:00:00Z', '2025-12-31T18:00:00Z')).toBe(true);
      expect(await store.claimRetrainRequest('m', '2026-01-01T01:00:00Z', '2025-12-31T19:00:00Z')).toBe(false);
      expect(await store.claimRetrainRequest('m', '2026-01-01T07:00:00Z', '2026-01-01T01:00:00Z')).toBe(true);
      expect(await store.claimRetrainRequest('ghost', 'a', 'b')).toBe(false);
    });
  });
}

/** The behaviour every ConfigStore must show. */
export function configStoreContract(name: string, make: () => Promise<ConfigStore>): void {
  describe(`${name} honours the ConfigStore contract`, () => {
    it('stores and returns documents by key, and keeps the first of racing putIfAbsent calls', async () => {
      const store = await make();
      expect(await store.get('thresholds')).toBeUndefined();
      await store.put('thresholds', { accuracy_threshold: 0.8 });
      expect(await store.get('thresholds')).toEqual({ accuracy_threshold: 0.8 });
      const [a, b] = await Promise.all([
        store.putIfAbsent('secret', { v: 'a' }),
        store.putIfAbsent('secret', { v: 'b' }),
      ]);
      expect(a).toEqual(b);
    });
  });
}

/** The behaviour every AlertHistory must show. */
export function alertHistoryContract(name: string, make: (now: () => number) => Promise<AlertHistory>): void {
  describe(`${name} honours the AlertHistory contract`, () => {
    const record = (id: string, model: string, started: string, over: Partial<AlertRecord> = {}): AlertRecord => ({
      alert_id: id,
      model_name: model,
      rule: 'accuracy_low_critical',
      metric: 'accuracy',
      comparison: '<',
      threshold: 0.7,
      severity: 'critical',
      state: 'firing',
      value: 0.5,
      title: `${model}: accuracy_low_critical`,
      labels: { model_name: model },
      started_at: started,
      fired_at: started,
      notifications: 1,
      updated_at: started,
      ...over,
    });

    it('lists episodes newest first, across models or for one, with filters, hides expired ones, and finds one by id', async () => {
      // Prepare
      const now = Date.parse('2026-03-10T00:00:00Z');
      const store = await make(() => now);
      await store.put(record('a1', 'm1', '2026-03-09T01:00:00.000Z'));
      await store.put(record('a2', 'm2', '2026-03-09T02:00:00.000Z', { severity: 'warning' }));
      await store.put(record('a3', 'm1', '2026-03-09T03:00:00.000Z', { state: 'resolved' }));
      await store.put(record('old', 'm1', '2026-01-01T00:00:00.000Z'));
      await store.put(
        record('a1', 'm1', '2026-03-09T01:00:00.000Z', { state: 'resolved', updated_at: '2026-03-09T04:00:00.000Z' }),
      );

      // Act
      const all = await store.list({ limit: 10 });
      const m1 = await store.list({ model_name: 'm1', limit: 10 });
      const warnings = await store.list({ severity: 'warning', limit: 10 });
      const firing = await store.list({ state: 'firing', limit: 10 });

      // Assess
      expect(all.map((a) => a.alert_id)).toEqual(['a3', 'a2', 'a1']);
      expect(m1.map((a) => a.alert_id)).toEqual(['a3', 'a1']);
      expect(warnings.map((a) => a.alert_id)).toEqual(['a2']);
      expect(firing.map((a) => a.alert_id)).toEqual(['a2']);
      expect(await store.get('a1')).toEqual(
        record('a1', 'm1', '2026-03-09T01:00:00.000Z', { state: 'resolved', updated_at: '2026-03-09T04:00:00.000Z' }),
      );
      expect(await store.get('missing')).toBeUndefined();
    });

    it('keeps notices with their delivery statuses', async () => {
      // Prepare
      const store = await make(() => Date.parse('2026-03-10T00:00:00Z'));
      const notice: Notice = {
        notice_id: 'n1',
        model_name: 'm1',
        audience: 'primary',
        severity: 'critical',
        state: 'firing',
        title: 't',
        alerts: [],
        created_at: '2026-03-09T01:00:00.000Z',
      };
      await store.putNotice(notice);

      // Act
      await store.putDelivery('m1', {
        notice_id: 'n1',
        target: 'http://a/hook',
        status: 'failed',
        attempts: 1,
        error: 'HTTP 500',
        http_status: 500,
        updated_at: '2026-03-09T01:00:01.000Z',
      });
      await store.putDelivery('m1', {
        notice_id: 'n1',
        target: 'http://a/hook',
        status: 'delivered',
        attempts: 2,
        http_status: 200,
        updated_at: '2026-03-09T01:00:11.000Z',
      });

      // Assess
      expect(await store.listNotices({ limit: 5 })).toEqual([
        {
          ...notice,
          deliveries: [
            {
              notice_id: 'n1',
              target: 'http://a/hook',
              status: 'delivered',
              attempts: 2,
              http_status: 200,
              updated_at: '2026-03-09T01:00:11.000Z',
            },
          ],
        },
      ]);
    });
  });
}

/** The behaviour every AlertingStore must show. */
export function alertingStoreContract(name: string, make: () => Promise<AlertingStore>): void {
  describe(`${name} honours the AlertingStore contract`, () => {
    it('writes instances under a version check and manages silences', async () => {
      // Prepare
      const store = await make();
      const instance: AlertInstance = {
        model_name: 'm',
        rule: 'r',
        alert_id: 'a1',
        state: 'firing',
        severity: 'critical',
        value: 0.5,
        started_at: 'x',
        notifications: 0,
        version: 1,
      };

      // Act
      const created = await store.putInstance(instance, undefined);
      const duplicate = await store.putInstance(instance, undefined);
      const moved = await Promise.all([
        store.putInstance({ ...instance, version: 2, notifications: 1 }, 1),
        store.putInstance({ ...instance, version: 2, notifications: 1 }, 1),
      ]);
      await store.putSilence({
        silence_id: 's1',
        matchers: { model_name: 'm' },
        starts_at: 'a',
        ends_at: 'b',
        comment: 'c',
        created_by: 'd',
        created_at: 'e',
      });

      // Assess
      expect([created, duplicate]).toEqual([true, false]);
      expect(moved.filter(Boolean)).toHaveLength(1);
      expect(await store.getInstances('m')).toEqual([{ ...instance, version: 2, notifications: 1 }]);
      expect(await store.getInstances('other')).toEqual([]);
      expect((await store.getSilences()).map((s) => s.silence_id)).toEqual(['s1']);
      expect(await store.deleteSilence('s1')).toBe(true);
      expect(await store.deleteSilence('s1')).toBe(false);
    });
  });
}
