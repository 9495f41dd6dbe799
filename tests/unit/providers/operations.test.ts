import { createBudgets } from '#domain/providers/budgets.ts';
import { HEALTH_TESTS, pointsOf } from '#domain/providers/health.ts';
import { burnRate, sloReport } from '#domain/providers/slo.ts';
import { createUsage } from '#domain/providers/usage.ts';
import { MemoryConfig } from '../../support/in-memory.ts';
import { MemoryBudgets, MemoryUsage } from '../../support/in-memory-providers.ts';
import { usageRecord } from '../../contracts/providers.contract.ts';

const now = Date.parse('2026-11-24T12:00:00Z');

describe('SLOs and burn rates', () => {
  it('computes availability, latency percentiles and both burn-rate windows from the calls', () => {
    // 1,000 calls over the last 6 h; 20 failures, all in the last 5 minutes.
    const records = Array.from({ length: 1000 }, (_, i) =>
      usageRecord(`r${i}`, now - 6 * 3_600_000 + (i + 1) * 21_600, {
        latency: (i % 100) / 40,
        status: i >= 980 ? 'error' : 'success',
      }),
    );
    const report = sloReport('gpt-4o-mini', 'openai', records, now);
    expect(report.availability).toBeCloseTo(0.98, 6);
    expect(report.objectives).toMatchObject({
      availability: false,
      error_rate: false,
      latency_p50: false,
      latency_p99: true,
    });
    // The last 5 minutes hold 13 calls, all failed: burn 1 / 0.001 = 1000.
    expect(report.burn_rates.fast_short).toBe(1000);
    expect(report.alert_values.slo_burn_fast).toBeGreaterThanOrEqual(14.4);
    expect(report.error_budget_remaining).toBeLessThan(0);
    expect(burnRate([], now, 3_600_000)).toBe(0);
  });
});

describe('health scoring', () => {
  it('gives 25 points a passed test within 1 s, half at 5 s or slower, none when failed', () => {
    expect(pointsOf(true, 800)).toBe(25);
    expect(pointsOf(true, 3000)).toBe(18.8);
    expect(pointsOf(true, 9000)).toBe(12.5);
    expect(pointsOf(false, 10)).toBe(0);
  });

  it("checks the manual's answers, and refuses the wrong ones", () => {
    const [connection, korean, evaluation, analysis] = HEALTH_TESTS;
    expect(connection.check('OK')).toBe(true);
    expect(korean.check('안녕하세요, 반갑습니다.')).toBe(true);
    expect(korean.check('Hello')).toBe(false);
    expect(evaluation.check('POSITIVE')).toBe(true);
    expect(evaluation.check('positive or negative')).toBe(false);
    expect(analysis.check('2.5%')).toBe(true);
    expect(analysis.check('2')).toBe(false);
    expect(analysis.check('The answer is 2.5')).toBe(true);
  });
});

describe('usage and budgets', () => {
  it('stores a retried batch once, answers duplicates, and reports by model, hour and cost per success', async () => {
    const store = new MemoryUsage();
    const usage = createUsage({ store, config: new MemoryConfig(), clock: { now: () => now } });
    const call = (id: string, model: string, status: 'success' | 'error' = 'success') => ({
      request_id: id,
      at: now - 3_600_000,
      model,
      provider: 'openai' as const,
      input_tokens: 1_000_000,
      output_tokens: 0,
      latency: 1,
      status,
    });
    const batch = [
      call('a', 'gpt-4o'),
      call('b', 'gpt-4o'),
      call('a', 'gpt-4o'),
      ...Array.from({ length: 9 }, (_, i) => call(`m${i}`, 'gpt-4o-mini')),
    ];
    expect(await usage.ingest(batch)).toMatchObject({ created: 11, duplicates: 1 });
    expect(await usage.ingest(batch)).toMatchObject({ created: 0, duplicates: 12 });
    const report = await usage.report(now - 86_400_000, now);
    expect(report.totals).toMatchObject({ calls: 11, cost_usd: 2 * 2.5 + 9 * 0.15 });
    expect(report.underused).toEqual([]);
    expect(report.by_hour.map((h) => h.key)).toEqual(['11']);
    expect(report.cost_per_success_ranking.map((r) => r.model)).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o']);
  });

  it('states spend, warning at 80 %, and a period-end forecast at the recent pace', async () => {
    const store = new MemoryUsage();
    const budgets = createBudgets({
      store: new MemoryBudgets(),
      usage: store,
      clock: { now: () => now },
      ids: { next: (p) => `${p}_1` },
    });
    const b = await budgets.create({ name: 'eng', scope: 'department', value: 'eng', period: 'daily', limit_usd: 10 });
    await store.put([
      usageRecord('x', now - 3_600_000, { department: 'eng', cost_usd: 8.5 }),
      usageRecord('y', now - 3_600_000, { department: 'ops', cost_usd: 100 }),
    ]);
    const status = await budgets.get(b.budget_id);
    expect(status).toMatchObject({ spent_usd: 8.5, state: 'warning', used: 0.85, period_key: '2026-11-24' });
    // 8.5 in the 12 h so far: another 8.5 by midnight.
    expect(status.forecast_usd).toBeCloseTo(17, 6);
  });
});

describe('the weekly report', () => {
  it('is due from Monday 09:00 UTC, published once per week with its figures and CSV', async () => {
    const { createAiOperations, weeklyReportTime } = await import('#domain/providers/operations.ts');
    expect(new Date(weeklyReportTime(Date.parse('2026-11-23T09:00:00Z'))).toISOString()).toBe(
      '2026-11-23T09:00:00.000Z',
    );
    expect(new Date(weeklyReportTime(Date.parse('2026-11-23T08:59:00Z'))).toISOString()).toBe(
      '2026-11-16T09:00:00.000Z',
    );
    expect(new Date(weeklyReportTime(Date.parse('2026-11-29T23:00:00Z'))).toISOString()).toBe(
      '2026-11-23T09:00:00.000Z',
    );

    const store = new MemoryUsage();
    const config = new MemoryConfig();
    const clock = { now: () => Date.parse('2026-11-23T09:03:00Z') };
    const usage = createUsage({ store, config, clock });
    await store.put([usageRecord('w1', Date.parse('2026-11-20T12:00:00Z'), { cost_usd: 1.5 })]);
    const published: unknown[] = [];
    let n = 0;
    const ops = createAiOperations({
      models: {} as never,
      usage,
      budgets: {} as never,
      health: {} as never,
      alerts: { evaluate: () => Promise.resolve() },
      clock,
      publisher: { publish: (notice) => Promise.resolve(void published.push(notice)) },
      config,
      ids: { next: (p) => `${p}_${++n}` },
    });
    const notice = await ops.weeklyReport(clock.now());
    expect(await ops.weeklyReport(clock.now() + 300_000)).toBeUndefined();
    expect(published).toHaveLength(1);
    expect(notice).toMatchObject({
      severity: 'info',
      title: 'AI usage and cost, week to 2026-11-23: 1 calls, $1.50',
      report: {
        kind: 'llm_weekly',
        totals: { calls: 1, cost_usd: 1.5 },
        top_models: [{ model: 'openai/gpt-4o-mini', calls: 1 }],
      },
    });
    expect(notice?.report?.csv.split('\n')[0]).toMatch(/^model,calls,/);
  });
});
