import type { BatchHeader } from '#domain/services/batch.ts';
import type { ForecastModelRecord } from '#domain/services/forecasts.ts';
import type { BatchStore, ForecastStore, NamedModelStore, SuggestionStore } from '#domain/services/services.ports.ts';
import type { Suggestion } from '#domain/services/suggestions.ts';

const record = (service: string, metric: ForecastModelRecord['metric'], trainedAt: string): ForecastModelRecord => ({
  service,
  metric,
  model: 'recent_median',
  period: 288,
  step_ms: 300_000,
  horizon: 288,
  widths: [{ q80: 1, q95: 2 }],
  holdout: { mae: 1, mase: 0.5, mape: null, interval_coverage: 0.8 },
  samples: 1000,
  trained_at: trainedAt,
});

/** What every ForecastStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function forecastStoreContract(name: string, make: () => Promise<ForecastStore>): void {
  describe(`${name} honours the ForecastStore contract`, () => {
    it("keeps one forecaster per service and metric, a retrain replacing it, and lists a service's by metric", async () => {
      const store = await make();
      await store.put(record('web', 'memory', '2026-11-24T10:00:00.000Z'));
      await store.put(record('web', 'cpu', '2026-11-24T10:00:00.000Z'));
      await store.put(record('web', 'cpu', '2026-11-24T11:00:00.000Z'));
      await store.put(record('api', 'cpu', '2026-11-24T10:00:00.000Z'));
      expect((await store.list('web')).map((r) => [r.metric, r.trained_at])).toEqual([
        ['cpu', '2026-11-24T11:00:00.000Z'],
        ['memory', '2026-11-24T10:00:00.000Z'],
      ]);
      expect(await store.list('none')).toEqual([]);
    });
  });
}

const suggestion = (id: string, createdAt: string, service = 'web'): Suggestion => ({
  suggestion_id: id,
  service,
  category: 'errors',
  title: 'Fix it',
  description: 'd',
  priority: 'high',
  expected_impact: { metric: 'error_rate', change_percent: -50, basis: 'b' },
  steps: ['s'],
  evidence: ['e'],
  created_at: createdAt,
});

/** What every SuggestionStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function suggestionStoreContract(name: string, make: () => Promise<SuggestionStore>): void {
  describe(`${name} honours the SuggestionStore contract`, () => {
    it('keeps a suggestion once a day per id and lists a range newest first', async () => {
      const store = await make();
      await store.save([suggestion('a', '2026-11-22T10:00:00.000Z'), suggestion('b', '2026-11-23T10:00:00.000Z')]);
      await store.save([
        suggestion('b', '2026-11-23T11:00:00.000Z'),
        suggestion('c', '2026-11-23T09:00:00.000Z', 'api'),
      ]);
      const listed = await store.list('web', Date.parse('2026-11-23T00:00:00Z'), Date.parse('2026-11-24T00:00:00Z'));
      expect(listed.map((s) => [s.suggestion_id, s.created_at])).toEqual([['b', '2026-11-23T11:00:00.000Z']]);
      expect(await store.list('web', 0, Date.parse('2026-11-24T00:00:00Z'))).toHaveLength(2);
    });
  });
}

/** What every BatchStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function batchStoreContract(name: string, make: () => Promise<BatchStore>): void {
  describe(`${name} honours the BatchStore contract`, () => {
    it('keeps a batch with its services and finishes each once', async () => {
      const store = await make();
      const header: BatchHeader = {
        batch_id: 'batch_1',
        analyses: ['anomalies'],
        services: 2,
        created_at: '2026-11-24T10:00:00.000Z',
        created_by: 'ops',
      };
      await store.create(header, [
        { batch_id: 'batch_1', service: 'web', status: 'queued' },
        { batch_id: 'batch_1', service: 'api', status: 'queued' },
      ]);
      const done = { batch_id: 'batch_1', service: 'web', status: 'done' as const, result: { n: 1 }, finished_at: 'x' };
      expect(await store.finish(done)).toBe(true);
      expect(await store.finish({ ...done, status: 'failed', error: 'late' })).toBe(false);
      expect(await store.item('batch_1', 'web')).toEqual(done);
      expect(await store.get('batch_1')).toEqual({
        header,
        items: [{ batch_id: 'batch_1', service: 'api', status: 'queued' }, done],
      });
      expect(await store.get('batch_2')).toBeUndefined();
    });
  });
}

/** What every NamedModelStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function namedModelStoreContract(name: string, make: () => Promise<NamedModelStore>): void {
  describe(`${name} honours the NamedModelStore contract`, () => {
    it('keeps one model per name, a put replacing it, and lists them by name', async () => {
      const store = await make();
      const base = {
        type: 'forecast' as const,
        service: 'web',
        metric: 'cpu',
        created_at: '2026-11-24T10:00:00.000Z',
        trained_at: '2026-11-24T10:00:00.000Z',
        figures: { mase: 0.5, mape: null },
      };
      await store.put({ ...base, name: 'b' });
      await store.put({ ...base, name: 'a', params: { detector: 'iqr' } });
      await store.put({ ...base, name: 'b', trained_at: '2026-11-24T11:00:00.000Z' });
      expect((await store.list()).map((m) => [m.name, m.trained_at])).toEqual([
        ['a', '2026-11-24T10:00:00.000Z'],
        ['b', '2026-11-24T11:00:00.000Z'],
      ]);
      expect(await store.get('a')).toEqual({ ...base, name: 'a', params: { detector: 'iqr' } });
      expect(await store.get('none')).toBeUndefined();
    });
  });
}
