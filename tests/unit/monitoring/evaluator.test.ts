import { createAlertManager } from '#domain/alerting/manager.ts';
import { createStatusEvaluator } from '#domain/monitoring/evaluator.ts';
import { createMonitoringService } from '#domain/monitoring/service.ts';
import {
  counterIds,
  FixedClock,
  MemoryAggregates,
  MemoryAlerting,
  MemoryConfig,
  MemoryEvents,
  MemoryHistory,
  MemoryMetrics,
  MemoryModels,
  MemoryPredictions,
} from '../../support/in-memory.ts';

function setup() {
  const shared = {
    aggregates: new MemoryAggregates(),
    predictions: new MemoryPredictions(),
    models: new MemoryModels(),
    config: new MemoryConfig(),
    clock: new FixedClock(Date.parse('2026-03-01T12:00:00Z')),
  };
  const history = new MemoryHistory();
  const metrics = new MemoryMetrics();
  const events = new MemoryEvents();
  const service = createMonitoringService({
    ...shared,
    events: new MemoryEvents(),
    ids: counterIds(),
    metrics,
  });
  const alerts = createAlertManager({
    store: new MemoryAlerting(),
    history,
    publisher: history,
    config: shared.config,
    clock: shared.clock,
    ids: counterIds(),
  });
  const evaluator = createStatusEvaluator({ ...shared, alerts, metrics, events });
  let n = 0;
  const traffic = async (count: number, rightShare: number) => {
    for (let i = 0; i < count; i++) {
      const id = `p${++n}`;
      await service.logPredictions([
        {
          model_name: 'm',
          prediction_id: id,
          prediction_data: { input_features: {} },
          result: { prediction: 'a', response_time: 0.1 },
        },
      ]);
      await service.updateResult({ prediction_id: id, actual_result: { y: i < count * rightShare ? 'a' : 'b' } });
    }
  };
  return { ...shared, history, metrics, events, evaluator, traffic, service };
}

describe('StatusEvaluator', () => {
  it('records the first status without notifying when healthy', async () => {
    // Prepare
    const { evaluator, traffic, history, models } = setup();
    await traffic(30, 0.95);

    // Act
    const out = await evaluator.evaluate('m');

    // Assess
    expect(out?.status).toBe('healthy');
    expect(models.items.get('m')?.status).toBe('healthy');
    expect(history.published).toHaveLength(0);
  });

  it('reads the thresholds and the platform settings once per evaluation, alert rules included', async () => {
    // Prepare
    const { evaluator, traffic, config } = setup();
    await traffic(30, 0.5);
    const get = vi.spyOn(config, 'get');

    // Act
    await evaluator.evaluate('m');

    // Assess
    const reads = get.mock.calls.map(([key]) => key);
    expect(reads.filter((k) => k === 'settings')).toHaveLength(1);
    expect(reads.filter((k) => k === 'thresholds')).toHaveLength(1);
  });

  it('notifies through the default rules when accuracy crosses its threshold, and resolves on recovery', async () => {
    // Prepare
    const { evaluator, traffic, history, clock, config } = setup();
    await config.put('thresholds', { evaluation_window_minutes: 5 });
    await traffic(30, 0.95);
    await evaluator.evaluate('m');

    // Act: accuracy collapses in the next window, then recovers in the one after
    clock.advance(10 * 60_000);
    await traffic(30, 0.3);
    const bad = await evaluator.evaluate('m');
    clock.advance(10 * 60_000);
    await traffic(30, 0.95);
    const good = await evaluator.evaluate('m');

    // Assess
    expect(bad?.status).toBe('critical');
    expect(bad?.alerts.notices[0]).toMatchObject({
      severity: 'critical',
      state: 'firing',
      alerts: [expect.objectContaining({ rule: 'accuracy_low_critical' })],
    });
    expect(good?.status).toBe('healthy');
    expect(good?.alerts.notices[0]).toMatchObject({ state: 'resolved' });
    expect(history.published.map((n) => n.state)).toEqual(['firing', 'resolved']);
  });

  it('does not judge accuracy on fewer labelled outcomes than min_samples', async () => {
    const { evaluator, traffic, history } = setup();
    await traffic(10, 0);
    const out = await evaluator.evaluate('m');
    expect(out?.status).toBe('healthy');
    expect(history.published).toHaveLength(0);
  });

  it('schedules one wake-up for a pending rule, however often it is evaluated', async () => {
    // Prepare
    const { evaluator, traffic, events, config } = setup();
    await config.put('alert_rules', {
      rules: [
        {
          name: 'acc',
          metric: 'accuracy',
          comparison: '<',
          threshold: 0.7,
          for_seconds: 120,
          severity: 'critical',
          labels: {},
          actions: [],
          enabled: true,
        },
      ],
    });
    await traffic(30, 0.2);

    // Act
    await evaluator.evaluate('m');
    await evaluator.evaluate('m');

    // Assess
    expect(events.sent).toEqual([{ models: ['m'], delay: 120 }]);
  });

  it('writes a snapshot of the health metrics to the metric store', async () => {
    const { evaluator, traffic, metrics } = setup();
    await traffic(30, 0.9);
    await evaluator.evaluate('m');
    expect(metrics.points.map((p) => p.name).sort()).toEqual([
      'model.accuracy',
      'model.error_rate',
      'model.p95_response_time',
      'model.response_time',
    ]);
    expect(metrics.points[0]?.dimensions).toEqual({ model_name: 'm' });
  });

  it('serves its snapshots back as metric history, with the label-free estimate and its interval', async () => {
    // Prepare: two evaluations a minute apart, the second after a drift scan stored an estimate.
    const { evaluator, traffic, models, clock, service } = setup();
    await traffic(30, 0.9);
    await evaluator.evaluate('m');
    const first = clock.now();
    clock.advance(60_000);
    const record = models.items.get('m');
    if (record === undefined) throw new Error('model not registered');
    models.items.set('m', {
      ...record,
      estimate: {
        estimated_accuracy: 0.8,
        standard_error: 0.02,
        ci95: [0.76, 0.84],
        current_size: 30,
        calibration_size: 30,
        estimated_at: new Date(clock.now()).toISOString(),
      },
    });
    await evaluator.evaluate('m');

    // Act
    const history = await service.getMetricHistory('m', 1);

    // Assess
    expect(history.accuracy).toEqual([
      [first, 0.9],
      [clock.now(), 0.9],
    ]);
    expect(history.estimated_accuracy).toEqual([[clock.now(), 0.8]]);
    expect(history.estimated_accuracy_low).toEqual([[clock.now(), 0.76]]);
    expect(history.estimated_accuracy_high).toEqual([[clock.now(), 0.84]]);
    expect(history.drift_score).toEqual([]);
    expect((await service.getMetricHistory('m', 0.001)).accuracy).toHaveLength(1);
    await expect(service.getMetricHistory('ghost', 1)).rejects.toThrow(/ghost/);
  });

  it('ignores an unknown model', async () => {
    const { evaluator } = setup();
    expect(await evaluator.evaluate('ghost')).toBeUndefined();
  });
});
