import type { AiModelStore, BudgetStore, HealthStore, UsageStore } from '#domain/providers/providers.ports.ts';
import type { AiModel, Budget, UsageRecord } from '#domain/providers/types.ts';

export function aiModel(name: string, over: Partial<AiModel> = {}): AiModel {
  return {
    name,
    provider: 'openai_compatible',
    endpoint: 'http://127.0.0.1:9/v1',
    model_id: 'local-llm',
    params: { temperature: 0.7, max_tokens: 256, top_p: 1, frequency_penalty: 0 },
    created_at: '2026-11-24T10:00:00.000Z',
    updated_at: '2026-11-24T10:00:00.000Z',
    version: 1,
    ...over,
  };
}

export function usageRecord(id: string, at: number, over: Partial<UsageRecord> = {}): UsageRecord {
  return {
    request_id: id,
    at,
    model: 'gpt-4o-mini',
    provider: 'openai',
    input_tokens: 1000,
    output_tokens: 200,
    latency: 0.8,
    status: 'success',
    cost_usd: 0.00027,
    price_source: 'table:2024-07-18',
    source: 'api',
    ...over,
  };
}

const budget = (id: string): Budget => ({
  budget_id: id,
  name: `budget ${id}`,
  scope: 'global',
  period: 'daily',
  limit_usd: 1,
  created_at: '2026-11-24T10:00:00.000Z',
});

/** What every AiModelStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function aiModelStoreContract(name: string, make: () => Promise<AiModelStore>): void {
  describe(`${name} honours the AiModelStore contract`, () => {
    it('creates a model once, writes it only on the version read, lists by name and removes it', async () => {
      const store = await make();
      expect(await store.put(aiModel('b-model'), 0)).toBe(true);
      expect(await store.put(aiModel('b-model'), 0)).toBe(false);
      expect(await store.put(aiModel('a-model'), 0)).toBe(true);
      expect(await store.put(aiModel('b-model', { version: 2, model_id: 'other' }), 1)).toBe(true);
      expect(await store.put(aiModel('b-model', { version: 2, model_id: 'stale' }), 1)).toBe(false);
      expect((await store.get('b-model'))?.model_id).toBe('other');
      expect((await store.list()).map((m) => m.name)).toEqual(['a-model', 'b-model']);
      expect(await store.remove('a-model')).toBe(true);
      expect(await store.remove('a-model')).toBe(false);
      expect(await store.get('a-model')).toBeUndefined();
    });
  });
}

/** What every UsageStore must do. */
export function usageStoreContract(name: string, make: () => Promise<UsageStore>): void {
  describe(`${name} honours the UsageStore contract`, () => {
    it('stores each request id once and answers the ids it already had', async () => {
      const store = await make();
      const at = Date.parse('2026-11-24T10:00:00Z');
      const first = await store.put([usageRecord('r1', at), usageRecord('r2', at + 1000)]);
      expect([...first.duplicates]).toEqual([]);
      const again = await store.put([usageRecord('r2', at + 1000), usageRecord('r3', at + 2000)]);
      expect([...again.duplicates]).toEqual(['r2']);
      expect((await store.range(at, at + 3000)).map((r) => r.request_id).sort()).toEqual(['r1', 'r2', 'r3']);
    });

    it('answers the records of [from, to) across days, numbers and nulls as stored', async () => {
      const store = await make();
      const day1 = Date.parse('2026-11-23T23:59:59Z');
      const day2 = Date.parse('2026-11-24T00:00:01Z');
      await store.put([
        usageRecord('late', day1, { cost_usd: null, price_source: 'unpriced' }),
        usageRecord('early', day2, { cost_usd: 1.2345678901 }),
        usageRecord('after', day2 + 86_400_000),
      ]);
      const got = await store.range(day1, day2 + 1);
      expect(got.map((r) => r.request_id).sort()).toEqual(['early', 'late']);
      expect(got.find((r) => r.request_id === 'late')?.cost_usd).toBeNull();
      expect(got.find((r) => r.request_id === 'early')?.cost_usd).toBe(1.2345678901);
    });
  });
}

/** What every BudgetStore must do; the concurrency case is the budget guarantee itself. */
export function budgetStoreContract(name: string, make: () => Promise<BudgetStore>): void {
  describe(`${name} honours the BudgetStore contract`, () => {
    it('keeps budgets, lists them by name and removes one with its ledgers', async () => {
      const store = await make();
      await store.putBudget(budget('b2'));
      await store.putBudget(budget('b1'));
      expect((await store.listBudgets()).map((b) => b.budget_id)).toEqual(['b1', 'b2']);
      expect(await store.reserve('b1', '2026-11-24', 'r', 0.1, 0.9, 1)).toBe(true);
      expect(await store.removeBudget('b1')).toBe(true);
      expect(await store.removeBudget('b1')).toBe(false);
      expect(await store.getBudget('b1')).toBeUndefined();
      expect((await store.ledger('b1', '2026-11-24')).committed).toBe(0);
    });

    it('lets 50 concurrent reservations of 0.1 against a ceiling that fits 10 open exactly 10', async () => {
      const store = await make();
      await store.putBudget(budget('cc'));
      // committed <= 0.9 - the reservation must fit under 1.0 with its own 0.1.
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.reserve('cc', '2026-11-24', `r${i}`, 0.1, 0.9 + 1e-9, 1)),
      );
      expect(results.filter(Boolean)).toHaveLength(10);
      const ledger = await store.ledger('cc', '2026-11-24');
      expect(ledger.committed).toBeCloseTo(1, 9);
      expect(Object.keys(ledger.open)).toHaveLength(10);
    });

    it('opens a reservation once and settles it once, replacing the estimate by the actual', async () => {
      const store = await make();
      await store.putBudget(budget('st'));
      expect(await store.reserve('st', 'p', 'x', 0.5, 10, 1)).toBe(true);
      expect(await store.reserve('st', 'p', 'x', 0.5, 10, 1)).toBe(false);
      expect(await store.settle('st', 'p', 'x', 0.2)).toBe(true);
      expect(await store.settle('st', 'p', 'x', 0.2)).toBe(false);
      const ledger = await store.ledger('st', 'p');
      expect(ledger.committed).toBeCloseTo(0.2, 9);
      expect(ledger.open).toEqual({});
      await store.setExternal('st', 'p', 3.5);
      expect((await store.ledger('st', 'p')).external).toBe(3.5);
      await Promise.all([store.addExternal('st', 'p', 0.25), store.addExternal('st', 'p', 0.25)]);
      expect((await store.addExternal('st', 'p', 1)).external).toBeCloseTo(5, 9);
    });

    it('holds a per-model concurrency limit and frees the leases of callers that died', async () => {
      const store = await make();
      const got = await Promise.all(Array.from({ length: 8 }, (_, i) => store.acquire('m', `c${i}`, 3, 1000, 0)));
      expect(got.filter(Boolean)).toHaveLength(3);
      const holder = got.findIndex(Boolean);
      await store.release('m', `c${holder}`);
      await store.release('m', `c${holder}`); // twice: frees one slot only
      expect(await store.acquire('m', 'late', 3, 1000, 0)).toBe(true);
      expect(await store.acquire('m', 'later', 3, 1000, 0)).toBe(false);
      // Past every lease's expiry, a new caller takes a slot from the dead.
      expect(await store.acquire('m', 'after', 3, 5000, 2000)).toBe(true);
    });
  });
}

/** What every HealthStore must do. */
export function healthStoreContract(name: string, make: () => Promise<HealthStore>): void {
  describe(`${name} honours the HealthStore contract`, () => {
    it('keeps results per model, newest first, a repeated test time once', async () => {
      const store = await make();
      const result = (model: string, at: string, score: number) => ({
        model,
        tested_at: at,
        score,
        parts: [{ test: 'connection' as const, passed: score > 0, latency_ms: 12, points: score, error: null }],
      });
      await store.add(result('m', '2026-11-24T10:00:00.000Z', 25));
      await store.add(result('m', '2026-11-24T11:00:00.000Z', 0));
      await store.add(result('m', '2026-11-24T11:00:00.000Z', 25));
      await store.add(result('other', '2026-11-24T12:00:00.000Z', 25));
      const got = await store.results('m', 10);
      expect(got.map((r) => [r.tested_at, r.score])).toEqual([
        ['2026-11-24T11:00:00.000Z', 0],
        ['2026-11-24T10:00:00.000Z', 25],
      ]);
      expect(await store.results('m', 1)).toHaveLength(1);
    });
  });
}
