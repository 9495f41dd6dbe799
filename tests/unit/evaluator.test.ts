import { alertFor, createStatusEvaluator } from '#shared/monitoring/evaluator.ts';
import { createMonitoringService } from '#shared/monitoring/service.ts';
import { counterIds, FixedClock, MemoryAggregates, MemoryAlerts, MemoryConfig, MemoryEvents, MemoryMetrics, MemoryModels, MemoryPredictions } from '../support/in-memory.ts';

function setup() {
  const shared = { aggregates: new MemoryAggregates(), models: new MemoryModels(), config: new MemoryConfig(), clock: new FixedClock(Date.parse('2026-03-01T12:00:00Z')), ids: counterIds() };
  const alerts = new MemoryAlerts();
  const metrics = new MemoryMetrics();
  const service = createMonitoringService({ ...shared, predictions: new MemoryPredictions(), events: new MemoryEvents() });
  const evaluator = createStatusEvaluator({ ...shared, alerts, publisher: alerts, metrics });
  let n = 0;
  const traffic = async (count: number, rightShare: number) => {
    for (let i = 0; i < count; i++) {
      const id = `p${++n}`;
      await service.logPredictions([{ model_name: 'm', prediction_id: id, prediction_data: { input_features: {} }, result: { prediction: 'a', response_time: 0.1 } }]);
      await service.updateResult({ prediction_id: id, actual_result: { y: i < count * rightShare ? 'a' : 'b' } });
    }
  };
  return { ...shared, alerts, metrics, evaluator, traffic };
}

describe('alertFor', () => {
  it.each([
    [undefined, 'warning', { severity: 'warning', state: 'firing' }],
    ['healthy', 'critical', { severity: 'critical', state: 'firing' }],
    ['warning', 'critical', { severity: 'critical', state: 'firing' }],
    ['critical', 'healthy', { severity: 'info', state: 'resolved' }],
    ['warning', 'healthy', { severity: 'info', state: 'resolved' }],
    ['critical', 'warning', undefined],
    [undefined, 'healthy', undefined],
    ['healthy', 'training', undefined],
  ] as const)('from %s to %s gives %o', (from, to, expected) => {
    expect(alertFor(from, to)).toEqual(expected);
  });
});

describe('StatusEvaluator', () => {
  it('records the first status without alerting when healthy', async () => {
    // Prepare
    const { evaluator, traffic, alerts, models } = setup();
    await traffic(30, 0.95);

    // Act
    const out = await evaluator.evaluate('m');

    // Assess
    expect(out?.status).toBe('healthy');
    expect(models.items.get('m')?.status).toBe('healthy');
    expect(alerts.published).toHaveLength(0);
  });

  it('fires a critical alert on crossing the accuracy threshold and a resolve notice on recovery', async () => {
    // Prepare
    const { evaluator, traffic, alerts, clock, config } = setup();
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
    expect(bad?.alert).toMatchObject({ severity: 'critical', state: 'firing', previous_status: 'healthy', status: 'critical', model_name: 'm' });
    expect(bad?.alert?.title).toContain('accuracy');
    expect(good?.alert).toMatchObject({ severity: 'info', state: 'resolved', status: 'healthy' });
    expect(alerts.published.map((a) => a.state)).toEqual(['firing', 'resolved']);
    expect(alerts.stored).toHaveLength(2);
  });

  it('does not repeat an alert while the status stays the same', async () => {
    // Prepare
    const { evaluator, traffic, alerts } = setup();
    await traffic(30, 0.2);

    // Act
    await evaluator.evaluate('m');
    await evaluator.evaluate('m');
    await evaluator.evaluate('m');

    // Assess
    expect(alerts.published).toHaveLength(1);
  });

  it('lets only one of two racing evaluators announce a change', async () => {
    // Prepare
    const { evaluator, traffic, alerts } = setup();
    await traffic(30, 0.2);

    // Act
    await Promise.all([evaluator.evaluate('m'), evaluator.evaluate('m')]);

    // Assess
    expect(alerts.published).toHaveLength(1);
  });

  it('writes a snapshot of the health metrics to the metric store', async () => {
    const { evaluator, traffic, metrics } = setup();
    await traffic(30, 0.9);
    await evaluator.evaluate('m');
    expect(metrics.points.map((p) => p.name).sort()).toEqual(['model.accuracy', 'model.error_rate', 'model.response_time']);
    expect(metrics.points[0]?.dimensions).toEqual({ model_name: 'm' });
  });

  it('ignores an unknown model', async () => {
    const { evaluator } = setup();
    expect(await evaluator.evaluate('ghost')).toBeUndefined();
  });
});
