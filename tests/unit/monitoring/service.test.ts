import { ConflictError, NotFoundError, ValidationError } from '#domain/kernel/errors.ts';
import type { PredictionItem } from '#contracts/monitoring.schema.ts';
import { CLAIM_HOLD_MS, createMonitoringService } from '#domain/monitoring/service.ts';
import {
  counterIds,
  FixedClock,
  MemoryAggregates,
  MemoryConfig,
  MemoryEvents,
  MemoryModels,
  MemoryPredictions,
} from '../../support/in-memory.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');

function setup() {
  const deps = {
    predictions: new MemoryPredictions(),
    aggregates: new MemoryAggregates(),
    models: new MemoryModels(),
    config: new MemoryConfig(),
    events: new MemoryEvents(),
    clock: new FixedClock(T0),
    ids: counterIds(),
  };
  return { ...deps, service: createMonitoringService(deps) };
}

const item = (
  over: Partial<PredictionItem> & { prediction?: PredictionItem['result']['prediction'] } = {},
): PredictionItem => ({
  model_name: 'churn',
  prediction_data: { input_features: { tenure: 12 } },
  result: { prediction: over.prediction ?? 'yes', confidence: 0.9, response_time: 0.1 },
  ...over,
});

/** The all-time prediction count the API reports (sealed total plus live buckets). */
async function counted(service: ReturnType<typeof setup>['service'], model = 'churn'): Promise<number> {
  return (await service.getPerformance(model, 0)).performance.prediction_count;
}

describe('MonitoringService.logPredictions', () => {
  it('stores a prediction, registers the model with its inferred task and counts it', async () => {
    // Prepare
    const { service, models, predictions } = setup();

    // Act
    const [result] = await service.logPredictions([item()]);

    // Assess
    expect(result).toEqual({ index: 0, prediction_id: 'churn_1', status: 'created' });
    expect(models.items.get('churn')?.task_type).toBe('classification');
    expect(predictions.items.get('churn_1')?.bucket).toBe('B#2026-03-01T12:00');
    expect(await counted(service)).toBe(1);
  });

  it('counts a retried prediction_id once and answers duplicate', async () => {
    // Prepare
    const { service } = setup();
    await service.logPredictions([item({ prediction_id: 'p-1' })]);

    // Act
    const [retry] = await service.logPredictions([item({ prediction_id: 'p-1' })]);

    // Assess
    expect(retry?.status).toBe('duplicate');
    expect(await counted(service)).toBe(1);
  });

  it('counts an id repeated inside one batch once', async () => {
    const { service } = setup();
    const results = await service.logPredictions([
      item({ prediction_id: 'a' }),
      item({ prediction_id: 'a' }),
      item({ prediction_id: 'b' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', 'duplicate', 'created']);
    expect(await counted(service)).toBe(2);
  });

  it('rejects a string prediction for a regression model and writes nothing', async () => {
    // Prepare
    const { service, models, predictions } = setup();

    // Act
    const attempt = service.logPredictions([
      item({ model_name: 'sales', prediction: 10 }),
      item({ model_name: 'sales', prediction: 'ten' }),
    ]);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ details: [{ path: 'predictions.1.result.prediction' }] });
    expect(models.items.size).toBe(0);
    expect(predictions.items.size).toBe(0);
  });

  it('rejects a declared task type that contradicts the stored one', async () => {
    const { service } = setup();
    await service.logPredictions([item()]);
    await expect(service.logPredictions([item({ task_type: 'regression', prediction: 3 })])).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('removes the inserted predictions when counting fails, so the retry counts them', async () => {
    // Prepare
    const { service, aggregates, predictions } = setup();
    aggregates.failNextIncrement = true;

    // Act
    await expect(service.logPredictions([item({ prediction_id: 'x' })])).rejects.toThrow('increment failed');
    const [retry] = await service.logPredictions([item({ prediction_id: 'x' })]);

    // Assess
    expect(retry?.status).toBe('created');
    expect(predictions.items.has('x')).toBe(true);
    expect(await counted(service)).toBe(1);
  });

  it('leaves no model behind when a first request fails to store or count', async () => {
    // Prepare
    const { service, models, predictions, aggregates } = setup();
    predictions.failNextInsert = true;

    // Act
    await expect(service.logPredictions([item({ model_name: 'fresh_a' })])).rejects.toThrow('insert failed');
    aggregates.failNextIncrement = true;
    await expect(service.logPredictions([item({ model_name: 'fresh_b' })])).rejects.toThrow('increment failed');

    // Assess
    expect([...models.items.keys()]).toEqual([]);
    expect(predictions.items.size).toBe(0);
  });

  it('takes back its predictions and counts when a racing first use registered another task type', async () => {
    // Prepare: the other request registers the model as regression between our check and our registration
    const { service, models, predictions } = setup();
    const createIfAbsent = models.createIfAbsent.bind(models);
    models.createIfAbsent = async (record) => {
      await createIfAbsent({ ...record, task_type: 'regression' });
      return createIfAbsent(record);
    };

    // Act
    const failed = service.logPredictions([item({ prediction_id: 'r1' }), item({ prediction_id: 'r2' })]);

    // Assess
    await expect(failed).rejects.toBeInstanceOf(ConflictError);
    expect(predictions.items.size).toBe(0);
    expect(models.items.get('churn')?.task_type).toBe('regression');
    expect(await counted(service)).toBe(0);
  });

  it('asks for an evaluation at once and after the window, once per window per model', async () => {
    // Prepare
    const { service, events, clock } = setup();

    // Act
    await service.logPredictions([item()]);
    await service.logPredictions([item()]);
    clock.advance(5_000);
    await service.logPredictions([item()]);

    // Assess
    expect(events.sent).toEqual([
      { models: ['churn'], delay: 0 },
      { models: ['churn'], delay: 5 },
      { models: ['churn'], delay: 0 },
      { models: ['churn'], delay: 5 },
    ]);
  });
});

describe('MonitoringService.updateResult', () => {
  it('rejects a non-numeric regression outcome with a ValidationError naming actual_result', async () => {
    // Prepare
    const { service } = setup();
    await service.logPredictions([item({ model_name: 'sales', prediction_id: 's1', prediction: 1_250_000 })]);

    // Act
    const attempt = service.updateResult({ prediction_id: 's1', actual_result: { actual_sales: 'ten' } });

    // Assess
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({ details: [{ path: 'actual_result' }] });
  });

  it('scores the outcome and adds it to the prediction bucket', async () => {
    // Prepare
    const { service, aggregates } = setup();
    await service.logPredictions([item({ model_name: 'sales', prediction_id: 's1', prediction: 1_250_000 })]);

    // Act
    const out = await service.updateResult({ prediction_id: 's1', actual_result: { actual_sales: 1_280_000 } });

    // Assess
    expect(out.updated).toBe(true);
    expect(out.score).toBeCloseTo(0.9765625);
    const total = await aggregates.total('sales');
    expect(total?.counters.lab).toBe(1);
    expect(total?.counters.abs_sum).toBe(30_000);
  });

  it('is idempotent for the same outcome and corrects by the difference for a new one', async () => {
    // Prepare
    const { service, aggregates } = setup();
    await service.logPredictions([item({ prediction_id: 'c1' })]);
    await service.updateResult({ prediction_id: 'c1', actual_result: { label: 'no' } });

    // Act
    const again = await service.updateResult({ prediction_id: 'c1', actual_result: { label: 'no' } });
    const corrected = await service.updateResult({ prediction_id: 'c1', actual_result: { label: 'yes' } });

    // Assess
    expect(again.updated).toBe(false);
    expect(corrected.updated).toBe(true);
    const total = await aggregates.total('churn');
    expect(total?.counters.lab).toBe(1);
    expect(total?.counters.score_sum).toBe(1);
  });

  it('answers NotFound for an unknown prediction', async () => {
    const { service } = setup();
    await expect(service.updateResult({ prediction_id: 'nope', actual_result: { a: 1 } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('refuses to score a failed prediction', async () => {
    const { service } = setup();
    await service.logPredictions([
      { ...item({ prediction_id: 'f1' }), result: { response_time: 1, error: 'timeout' } },
    ]);
    await expect(service.updateResult({ prediction_id: 'f1', actual_result: { a: 'yes' } })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it.each([0, 1, 2])(
    'counts an outcome exactly once when counting fails after %i of its 3 bucket writes and the client retries',
    async (writes) => {
      // Prepare: a served prediction counts in its time bucket, its version's bucket and the total
      const { service, aggregates, predictions } = setup();
      await service.logPredictions([{ ...item({ prediction_id: 'r1' }), model_version: 'v1' }]);
      aggregates.failIncrementOnceAfter = writes;

      // Act
      await expect(service.updateResult({ prediction_id: 'r1', actual_result: { label: 'yes' } })).rejects.toThrow(
        'increment failed',
      );
      const stored = predictions.items.get('r1');
      const retry = await service.updateResult({ prediction_id: 'r1', actual_result: { label: 'yes' } });

      // Assess: stored and pending after the failure; counted once after the retry, marks dropped
      expect(stored).toMatchObject({ actual: { label: 'yes' }, outcome_pending: 1 });
      expect(retry.updated).toBe(false);
      expect(predictions.items.get('r1')?.outcome_pending).toBeUndefined();
      expect((await aggregates.total('churn'))?.counters.lab).toBe(1);
      const buckets = [
        ...(await aggregates.range('churn', 'B#', 'B#~')),
        ...(await aggregates.range('churn', 'V#', 'V#~')),
      ];
      expect(buckets.map((b) => b.counters.lab)).toEqual([1, 1]);
      expect([...aggregates.marks.values()].every((m) => m.size === 0)).toBe(true);
    },
  );

  it('repairs an outcome a crashed request left pending once its lease lapsed, and answers 409 before', async () => {
    // Prepare: a request stored the outcome and died before counting it
    const deps = setup();
    const service = createMonitoringService({
      ...deps,
      sleep: (ms: number) => {
        deps.clock.advance(ms);
        return Promise.resolve();
      },
    });
    await service.logPredictions([item({ prediction_id: 'k1' })]);
    await deps.predictions.setOutcome(
      'k1',
      { actual: { label: 'yes' }, score: { score: 1 }, version: 1, leaseUntil: deps.clock.now() + CLAIM_HOLD_MS },
      undefined,
    );

    // Act
    const early = service.updateResult({ prediction_id: 'k1', actual_result: { label: 'yes' } });
    await expect(early).rejects.toBeInstanceOf(ConflictError);
    deps.clock.advance(CLAIM_HOLD_MS);
    const late = await service.updateResult({ prediction_id: 'k1', actual_result: { label: 'yes' } });

    // Assess
    expect(late.updated).toBe(false);
    expect((await deps.aggregates.total('churn'))?.counters.lab).toBe(1);
    expect(deps.predictions.items.get('k1')?.outcome_pending).toBeUndefined();
  });

  it('finishes a pending outcome before a different one corrects it', async () => {
    // Prepare: the first outcome failed half way
    const { service, aggregates } = setup();
    await service.logPredictions([item({ prediction_id: 'r2' })]);
    aggregates.failIncrementOnceAfter = 1;
    await expect(service.updateResult({ prediction_id: 'r2', actual_result: { label: 'yes' } })).rejects.toThrow();

    // Act
    const corrected = await service.updateResult({ prediction_id: 'r2', actual_result: { label: 'no' } });

    // Assess: one labelled outcome, scored by the second answer
    expect(corrected.updated).toBe(true);
    const total = await aggregates.total('churn');
    expect(total?.counters.lab).toBe(1);
    expect(total?.counters.score_sum ?? 0).toBe(0);
  });
});

describe('MonitoringService reads', () => {
  it('reports performance with history and a status from the recent window', async () => {
    // Prepare: 30 predictions, 21 right of 30 labelled -> accuracy 0.7 is not below 0.7 but within the margin
    const { service, clock } = setup();
    for (let i = 0; i < 30; i++) {
      await service.logPredictions([item({ prediction_id: `p${i}` })]);
      await service.updateResult({ prediction_id: `p${i}`, actual_result: { label: i < 21 ? 'yes' : 'no' } });
      clock.advance(60_000);
    }

    // Act
    const { performance, history } = await service.getPerformance('churn', 24);

    // Assess
    expect(performance.prediction_count).toBe(30);
    expect(performance.accuracy).toBeCloseTo(0.7);
    expect(performance.status).toBe('warning');
    expect(history.length).toBe(6);
    expect(history.reduce((n, h) => n + h.prediction_count, 0)).toBe(30);
  });

  it('answers NotFound for a model never logged', async () => {
    const { service } = setup();
    await expect(service.getPerformance('ghost', 24)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('summarises the fleet', async () => {
    // Prepare
    const { service } = setup();
    await service.logPredictions([
      item({ prediction_id: 'a1' }),
      item({ model_name: 'sales', prediction_id: 'b1', prediction: 5 }),
    ]);

    // Act
    const summary = await service.getSummary();

    // Assess
    expect(summary).toMatchObject({
      total_models: 2,
      total_predictions: 2,
      monitoring_active: true,
      auto_retrain_enabled: true,
    });
    expect(summary.status_distribution).toEqual({ healthy: 2, warning: 0, critical: 0, training: 0 });
  });

  it('merges threshold updates over the defaults', async () => {
    const { service } = setup();
    const updated = await service.putThresholds({ accuracy_threshold: 0.8 });
    expect(updated).toMatchObject({
      accuracy_threshold: 0.8,
      response_time_threshold: 2,
      error_rate_threshold: 0.1,
      drift_threshold: 0.2,
    });
    expect(await service.getThresholds()).toEqual(updated);
  });
});
