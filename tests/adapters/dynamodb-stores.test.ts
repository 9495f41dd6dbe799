import { DynamoAggregateStore } from '#shared/adapters/dynamodb/aggregates.adapter.ts';
import { DynamoAlertStore } from '#shared/adapters/dynamodb/alerts.adapter.ts';
import { DynamoConfigStore } from '#shared/adapters/dynamodb/config.adapter.ts';
import { DynamoModelStore } from '#shared/adapters/dynamodb/models.adapter.ts';
import { DynamoPredictionStore } from '#shared/adapters/dynamodb/predictions.adapter.ts';
import { ConflictError } from '#shared/errors.ts';
import type { PredictionRecord } from '#shared/monitoring/types.ts';
import type { ModelAlert } from '#shared/ports/alerting.ts';
import { emulatorClients, freshTable } from '../support/aws.ts';

const clients = emulatorClients();

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

describe('DynamoPredictionStore (dynalite)', () => {
  it('inserts a new prediction once and reports the repeat as not inserted', async () => {
    // Prepare
    const store = new DynamoPredictionStore(clients.documents, await freshTable(clients.dynamodb, 'predictions'));

    // Act
    const first = await store.insertNew([prediction('p1')]);
    const again = await store.insertNew([prediction('p1', { prediction: 'no' })]);

    // Assess
    expect([...first]).toEqual(['p1']);
    expect(again.size).toBe(0);
    expect((await store.get('p1'))?.prediction).toBe('yes');
    expect((await store.get('p1'))?.input_features).toEqual({ tenure: 3, plan: 'pro', tags: ['a', 'b'], nested: { x: null } });
  });

  it('inserts a 120-item batch, skipping ids already stored', async () => {
    // Prepare
    const store = new DynamoPredictionStore(clients.documents, await freshTable(clients.dynamodb, 'predictions'));
    await store.insertNew([prediction('b5'), prediction('b77')]);
    const batch = Array.from({ length: 120 }, (_, i) => prediction(`b${i}`));

    // Act
    const inserted = await store.insertNew(batch);

    // Assess
    expect(inserted.size).toBe(118);
    expect(inserted.has('b5')).toBe(false);
    expect(await store.get('b119')).toBeDefined();
  });

  it('sets an outcome under a version check and reverts it', async () => {
    // Prepare
    const store = new DynamoPredictionStore(clients.documents, await freshTable(clients.dynamodb, 'predictions'));
    await store.insertNew([prediction('o1')]);
    const before = (await store.get('o1'))!;

    // Act
    await store.setOutcome('o1', { actual: { y: 'yes' }, score: { score: 1 }, version: 1 }, undefined);
    const stale = store.setOutcome('o1', { actual: { y: 'no' }, score: { score: 0 }, version: 1 }, undefined);

    // Assess
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    expect((await store.get('o1'))?.actual).toEqual({ y: 'yes' });
    await store.revertOutcome('o1', before, 1);
    expect((await store.get('o1'))?.outcome_version).toBeUndefined();
  });

  it('refuses an outcome for a prediction that does not exist', async () => {
    const store = new DynamoPredictionStore(clients.documents, await freshTable(clients.dynamodb, 'predictions'));
    await expect(store.setOutcome('ghost', { actual: { y: 1 }, score: { score: 1 }, version: 1 }, undefined)).rejects.toBeInstanceOf(ConflictError);
  });

  it('deletes predictions', async () => {
    const store = new DynamoPredictionStore(clients.documents, await freshTable(clients.dynamodb, 'predictions'));
    await store.insertNew([prediction('d1'), prediction('d2'), prediction('d3')]);
    await store.deleteMany(['d1', 'd2']);
    await store.deleteMany(['d3']);
    expect([await store.get('d1'), await store.get('d2'), await store.get('d3')]).toEqual([undefined, undefined, undefined]);
  });
});

describe('DynamoAggregateStore (dynalite)', () => {
  it('loses no increment under 50 concurrent writers', async () => {
    // Prepare
    const store = new DynamoAggregateStore(clients.documents, await freshTable(clients.dynamodb, 'aggregates'));

    // Act
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.increment([{ model_name: 'm', bucket: 'B#2026-03-01T12:00', counters: { n: 1, rt_sum: 0.5, h4: 1 }, last_prediction: `2026-03-01T12:00:${String(i).padStart(2, '0')}Z` }]),
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
    const store = new DynamoAggregateStore(clients.documents, await freshTable(clients.dynamodb, 'aggregates'));
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
});

describe('DynamoModelStore (dynalite)', () => {
  it('registers a model once and lets one of two racing evaluators move its status', async () => {
    // Prepare
    const store = new DynamoModelStore(clients.documents, await freshTable(clients.dynamodb, 'models'));
    const created = await store.createIfAbsent({ model_name: 'm', task_type: 'regression', created_at: '2026-03-01T00:00:00Z' });
    const second = await store.createIfAbsent({ model_name: 'm', task_type: 'classification', created_at: '2026-03-02T00:00:00Z' });

    // Act
    const moves = await Promise.all([store.transitionStatus('m', undefined, 'warning', 'now'), store.transitionStatus('m', undefined, 'warning', 'now')]);

    // Assess
    expect(second).toEqual(created);
    expect(moves.filter(Boolean)).toHaveLength(1);
    expect(await store.transitionStatus('m', 'warning', 'critical', 'later')).toBe(true);
    expect((await store.get('m'))?.status).toBe('critical');
    expect((await store.list()).map((m) => m.model_name)).toEqual(['m']);
  });
});

describe('DynamoConfigStore (dynalite)', () => {
  it('stores and returns documents by key', async () => {
    const store = new DynamoConfigStore(clients.documents, await freshTable(clients.dynamodb, 'config'));
    expect(await store.get('thresholds')).toBeUndefined();
    await store.put('thresholds', { accuracy_threshold: 0.8 });
    expect(await store.get('thresholds')).toEqual({ accuracy_threshold: 0.8 });
  });
});

describe('DynamoAlertStore (dynalite)', () => {
  const alert = (id: string, model: string, created: string, over: Partial<ModelAlert> = {}): ModelAlert => ({
    alert_id: id,
    model_name: model,
    severity: 'critical',
    state: 'firing',
    previous_status: 'healthy',
    status: 'critical',
    title: `${model} is critical`,
    checks: [{ metric: 'accuracy', value: 0.5, threshold: 0.7, state: 'critical' }],
    created_at: created,
    ...over,
  });

  it('lists alerts newest first, across models or for one, with filters, and hides expired ones', async () => {
    // Prepare
    const now = Date.parse('2026-03-10T00:00:00Z');
    const store = new DynamoAlertStore(clients.documents, await freshTable(clients.dynamodb, 'alerts'), () => now);
    await store.put(alert('a1', 'm1', '2026-03-09T01:00:00Z'));
    await store.put(alert('a2', 'm2', '2026-03-09T02:00:00Z', { severity: 'warning' }));
    await store.put(alert('a3', 'm1', '2026-03-09T03:00:00Z', { severity: 'info', state: 'resolved' }));
    await store.put(alert('old', 'm1', '2026-01-01T00:00:00Z'));

    // Act
    const all = await store.list({ limit: 10 });
    const m1 = await store.list({ model_name: 'm1', limit: 10 });
    const warnings = await store.list({ severity: 'warning', limit: 10 });
    const firing = await store.list({ state: 'firing', limit: 1 });

    // Assess
    expect(all.map((a) => a.alert_id)).toEqual(['a3', 'a2', 'a1']);
    expect(m1.map((a) => a.alert_id)).toEqual(['a3', 'a1']);
    expect(warnings.map((a) => a.alert_id)).toEqual(['a2']);
    expect(firing.map((a) => a.alert_id)).toEqual(['a2']);
    expect(all[0]).toEqual(alert('a3', 'm1', '2026-03-09T03:00:00Z', { severity: 'info', state: 'resolved' }));
  });
});
