import { performanceDrift } from '#domain/monitoring/assess.ts';
import { createDriftService } from '#domain/drift/service.ts';
import { createMonitoringService } from '#domain/monitoring/service.ts';
import {
  counterIds,
  FixedClock,
  MemoryAggregates,
  MemoryConfig,
  MemoryEvents,
  MemoryModels,
  MemoryPredictions,
  MemoryRetrain,
} from '../../support/in-memory.ts';
import { mulberry32, normal } from '../../support/random.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');

/** The stores drift and monitoring share in these tests; performance drift reads the same counters. */
function sharedDeps() {
  const aggregates = new MemoryAggregates();
  return {
    aggregates,
    performance: performanceDrift(aggregates),
    models: new MemoryModels(),
    config: new MemoryConfig(),
    clock: new FixedClock(T0),
  };
}

function setup() {
  const deps = sharedDeps();
  const predictions = new MemoryPredictions();
  const retrain = new MemoryRetrain();
  const monitoring = createMonitoringService({ ...deps, predictions, events: new MemoryEvents(), ids: counterIds() });
  const drift = createDriftService({ ...deps, history: predictions, retrain });
  const rand = mulberry32(11);
  let n = 0;
  /** Logs `count` classifier predictions one second apart, with outcomes. */
  const log = async (count: number, mean: number, rightShare: number) => {
    for (let i = 0; i < count; i++) {
      const id = `p${++n}`;
      const right = rand() < rightShare;
      await monitoring.logPredictions([
        {
          model_name: 'fraud',
          prediction_id: id,
          prediction_data: { input_features: { amount: normal(rand, mean, 10), region: rand() < 0.5 ? 'eu' : 'us' } },
          result: { prediction: 'no', confidence: right ? 0.9 : 0.6, response_time: 0.1 },
        },
      ]);
      await monitoring.updateResult({ prediction_id: id, actual_result: { y: right ? 'no' : 'yes' } });
      deps.clock.advance(1000);
    }
  };
  return { ...deps, drift, retrain, log };
}

describe('DriftService', () => {
  it('finds no drift and estimates accuracy when nothing changed', async () => {
    // Prepare
    const { drift, log, models } = setup();
    await log(600, 100, 0.9);

    // Act
    const out = await drift.scanModel('fraud');

    // Assess
    expect(out.drift.data_drift_score).toBe(0);
    expect(out.estimate?.estimated_accuracy).toBeGreaterThan(0.8);
    expect(models.items.get('fraud')?.drift?.report.features.map((f) => f.feature)).toEqual([
      '__confidence__',
      '__prediction__',
      'amount',
      'region',
    ]);
  });

  it('scores a shifted input, requests a retrain once, and respects the cool-down', async () => {
    // Prepare: 500 reference predictions, then the inputs move by three standard deviations
    const { drift, log, retrain, clock } = setup();
    await log(500, 100, 0.9);
    clock.advance(2 * 3600_000);
    await log(300, 130, 0.9);

    // Act
    const first = await drift.scanModel('fraud');
    const second = await drift.scanModel('fraud');

    // Assess
    expect(first.drift.report.features.find((f) => f.feature === 'amount')?.drifted).toBe(true);
    expect(first.drift.drift_score).toBeGreaterThanOrEqual(0.2);
    expect(first.retrainRequested).toBe(true);
    expect(second.retrainRequested).toBe(false);
    expect(retrain.requests).toEqual([expect.objectContaining({ model_name: 'fraud', reason: 'model_drift' })]);
  });

  it('does not request a retrain when auto-retrain is off', async () => {
    const { drift, log, retrain, clock, config } = setup();
    await config.put('settings', { auto_retrain_enabled: false });
    await log(500, 100, 0.9);
    clock.advance(2 * 3600_000);
    await log(300, 130, 0.9);
    expect((await drift.scanModel('fraud')).retrainRequested).toBe(false);
    expect(retrain.requests).toHaveLength(0);
  });

  it('scans every model and reports failures without stopping', async () => {
    const { drift, log } = setup();
    await log(50, 100, 0.9);
    const out = await drift.scanAll();
    expect(out).toEqual({ scanned: 1, failed: [], retrain_requested: [] });
  });
});

describe('DriftService with a trained champion', () => {
  it("compares against the champion's training snapshot instead of the first predictions", async () => {
    // Prepare: the first predictions sit at 100, but the champion was trained on inputs around 130
    const deps = sharedDeps();
    const predictions = new MemoryPredictions();
    const monitoring = createMonitoringService({ ...deps, predictions, events: new MemoryEvents(), ids: counterIds() });
    const rand = mulberry32(5);
    for (let i = 0; i < 300; i++) {
      await monitoring.logPredictions([
        {
          model_name: 'm',
          prediction_data: { input_features: { amount: normal(rand, i < 150 ? 100 : 130, 10) } },
          result: { prediction: 'no', confidence: 0.9, response_time: 0.1 },
        },
      ]);
      deps.clock.advance(1000);
    }
    await deps.models.update('m', { champion_version: 'v1' });
    await deps.config.put('drift', { current_size: 100 });
    await deps.config.put('thresholds', { reference_size: 150 });
    const snapshot = Array.from({ length: 300 }, () => ({ amount: normal(rand, 130, 10) }));
    const withSnapshot = createDriftService({
      ...deps,
      history: predictions,
      retrain: new MemoryRetrain(),
      references: { forChampion: () => Promise.resolve(snapshot) },
    });
    const withoutSnapshot = createDriftService({ ...deps, history: predictions, retrain: new MemoryRetrain() });

    // Act
    const a = await withSnapshot.scanModel('m');
    const b = await withoutSnapshot.scanModel('m');

    // Assess: against the snapshot the recent inputs (half at 130) drift less than against the first predictions (all at 100)
    expect(a.drift.report.features.map((f) => f.feature)).toEqual(['amount']);
    expect(b.drift.report.features.map((f) => f.feature)).toContain('__prediction__');
    expect(a.drift.report.features[0]!.distance).toBeLessThan(
      b.drift.report.features.find((f) => f.feature === 'amount')!.distance,
    );
  });
});

describe('DriftService.scanAll', () => {
  it('reads the settings documents once per scan, not once per model', async () => {
    // Prepare
    const deps = sharedDeps();
    for (const name of ['a', 'b', 'c']) {
      await deps.models.createIfAbsent({ model_name: name, task_type: 'classification', created_at: 'x' });
    }
    const drift = createDriftService({ ...deps, history: new MemoryPredictions(), retrain: new MemoryRetrain() });
    const get = vi.spyOn(deps.config, 'get');

    // Act
    const result = await drift.scanAll();

    // Assess
    expect(result.scanned).toBe(3);
    expect(get.mock.calls.filter(([key]) => key === 'thresholds')).toHaveLength(1);
  });
});
