import { BudgetExceededError, TooManyRequestsError, UpstreamError } from '#domain/kernel/errors.ts';
import { createAiModels } from '#domain/providers/ai-models.ts';
import { createBreakers } from '#domain/providers/breaker.ts';
import { createBudgets } from '#domain/providers/budgets.ts';
import { createGateway, tokenBound } from '#domain/providers/gateway.ts';
import {
  ProviderCallError,
  type GenAiCall,
  type GenAiTelemetry,
  type GenerationRequest,
  type ProviderClient,
} from '#domain/providers/providers.ports.ts';
import type { AiModelSpec } from '#domain/providers/types.ts';
import { createUsage } from '#domain/providers/usage.ts';
import { MemoryConfig } from '../../support/in-memory.ts';
import { MemoryAiModels, MemoryBudgets, MemoryUsage, MemoryVault } from '../../support/in-memory-providers.ts';

const spec = (name: string, over: Partial<AiModelSpec> = {}): AiModelSpec => ({
  name,
  provider: 'openai',
  model_id: 'gpt-4o-mini',
  params: { temperature: 0, max_tokens: 1000, top_p: 1, frequency_penalty: 0 },
  ...over,
});

/** A provider that answers by a script per model id, after `delayMs`; records every request it got. */
function scripted(script: (r: GenerationRequest, n: number) => 'ok' | ProviderCallError, delayMs = 0) {
  const calls: GenerationRequest[] = [];
  const client: ProviderClient = {
    async generate(r) {
      calls.push(r);
      const n = calls.filter((c) => c.model_id === r.model_id).length;
      if (delayMs > 0) await new Promise((res) => setTimeout(res, delayMs));
      const outcome = script(r, n);
      if (outcome !== 'ok') throw outcome;
      // As many tokens as the estimate assumes, so the actual cost equals the reservation.
      return {
        text: `answer from ${r.model_id}`,
        input_tokens: tokenBound(r.prompt),
        output_tokens: r.params.max_tokens,
        cached_input_tokens: 0,
        finish_reason: 'stop',
      };
    },
  };
  return { client, calls };
}

function setup(client: ProviderClient, telemetry?: GenAiTelemetry) {
  let now = Date.parse('2026-11-24T10:00:00Z');
  const clock = { now: () => now };
  const usageStore = new MemoryUsage();
  const budgetStore = new MemoryBudgets();
  const vault = new MemoryVault();
  const models = createAiModels({ store: new MemoryAiModels(), vault, clock });
  const usage = createUsage({ store: usageStore, config: new MemoryConfig(), clock });
  let id = 0;
  const ids = { next: (p: string) => `${p}_${++id}` };
  const budgets = createBudgets({ store: budgetStore, usage: usageStore, clock, ids });
  const gateway = createGateway({
    models,
    usage,
    budgets,
    gates: budgetStore,
    clients: { openai: client, anthropic: client },
    breakers: createBreakers(),
    ...(telemetry !== undefined ? { telemetry } : {}),
    clock,
    ids,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
    random: () => 0.5,
  });
  return { models, usage, usageStore, budgets, budgetStore, gateway, vault, advance: (ms: number) => (now += ms) };
}

describe('the generation gateway', () => {
  it('lets 50 concurrent calls against a budget that fits 10 spend at most the budget (LiteLLM #11083, #26672)', async () => {
    const { client } = scripted(() => 'ok', 5);
    const { models, gateway, budgets, usageStore } = setup(client);
    await models.create(spec('mini'));
    const perCall = (tokenBound('hi') * 0.15 + 1000 * 0.6) / 1e6;
    const budget = await budgets.create({
      name: 'daily cap',
      scope: 'global',
      period: 'daily',
      limit_usd: perCall * 10 + 1e-9,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => gateway.generate({ prompt: 'hi', model: 'mini' })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
    expect(ok).toHaveLength(10);
    expect(refused.every((e) => e instanceof BudgetExceededError && e.message.includes("'daily cap'"))).toBe(true);
    const spent = [...usageStore.records.values()].reduce((s, r) => s + (r.cost_usd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(budget.limit_usd);
    expect((await budgets.get(budget.budget_id)).reserved_usd).toBe(0);
  });

  it('counts usage reported through the API toward admission as soon as its batch is stored, and alerts on it', async () => {
    const { client } = scripted(() => 'ok');
    const { models, gateway, budgetStore, usageStore } = setup(client);
    await models.create(spec('mini'));
    const evaluated: [string, Readonly<Record<string, number>>][] = [];
    const clock = { now: () => Date.parse('2026-11-24T10:00:00Z') };
    const budgets = createBudgets({
      store: budgetStore,
      usage: usageStore,
      clock,
      ids: { next: () => 'budget_1' },
      alerts: { evaluate: (scope, values) => Promise.resolve(void evaluated.push([scope, values])) },
    });
    const reporting = createUsage({
      store: usageStore,
      config: new MemoryConfig(),
      clock,
      onAdded: (records) => budgets.afterUsage(records),
    });
    await budgets.create({ name: 'openai daily', scope: 'provider', value: 'openai', period: 'daily', limit_usd: 1 });

    // 1M input tokens of gpt-4o-mini twice (one a retry): $0.15 once.
    const call = {
      request_id: 'r1',
      at: clock.now() - 60_000,
      model: 'gpt-4o-mini',
      provider: 'openai' as const,
      input_tokens: 1_000_000,
      output_tokens: 0,
      latency: 1,
      status: 'success' as const,
    };
    await reporting.ingest([call]);
    await reporting.ingest([call]);
    expect((await budgetStore.ledger('budget_1', '2026-11-24')).external).toBeCloseTo(0.15, 9);
    // Then $0.90 more: the budget has $0 left for a gateway call.
    await reporting.ingest([{ ...call, request_id: 'r2', input_tokens: 6_000_000 }]);
    expect(evaluated.at(-1)).toEqual(['budget:openai daily', { budget_used: 1.05 }]);
    await expect(gateway.generate({ prompt: 'hi', model: 'mini' })).rejects.toBeInstanceOf(BudgetExceededError);
  });

  it("records each provider call in OpenTelemetry's GenAI conventions, failures with their error type", async () => {
    const { client } = scripted((_r, n) => (n === 1 ? new ProviderCallError('HTTP 503: overloaded', 503, true) : 'ok'));
    const calls: GenAiCall[] = [];
    const { models, gateway } = setup(client, { record: (c) => void calls.push(c) });
    await models.create(spec('mini'));
    await gateway.generate({ prompt: 'hello', model: 'mini' });
    expect(calls).toEqual([
      expect.objectContaining({ system: 'openai', request_model: 'gpt-4o-mini', input_tokens: 0, error_type: '503' }),
      expect.objectContaining({
        system: 'openai',
        request_model: 'gpt-4o-mini',
        input_tokens: 21,
        output_tokens: 1000,
      }),
    ]);
    expect(calls[1]).not.toHaveProperty('error_type');
  });

  it('reads a key from the vault once, and a rotated key at the next call', async () => {
    const { client, calls } = scripted(() => 'ok');
    const { models, gateway, vault, advance } = setup(client);
    await models.create(spec('mini'), 'sk-first-1234567890');
    let reads = 0;
    const get = vault.get.bind(vault);
    vault.get = (ref) => {
      reads++;
      return get(ref);
    };
    for (let i = 0; i < 3; i++) await gateway.generate({ prompt: 'x', model: 'mini' });
    advance(1000);
    await models.update('mini', { ...spec('mini') }, 'sk-second-1234567890');
    await gateway.generate({ prompt: 'x', model: 'mini' });
    expect(reads).toBe(2);
    expect(calls.map((c) => c.key)).toEqual([
      'sk-first-1234567890',
      'sk-first-1234567890',
      'sk-first-1234567890',
      'sk-second-1234567890',
    ]);
  });

  it('retries a retryable failure with backoff and logs every call it made as usage', async () => {
    const { client, calls } = scripted((_r, n) =>
      n < 3 ? new ProviderCallError('HTTP 503: overloaded', 503, true) : 'ok',
    );
    const { models, gateway, usageStore } = setup(client);
    await models.create(spec('mini'));
    const out = await gateway.generate({ prompt: 'hello', model: 'mini' }, { user: 'alice' });
    expect(out.text).toBe('answer from gpt-4o-mini');
    expect(calls).toHaveLength(3);
    expect(out.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'ok']);
    const logged = [...usageStore.records.values()];
    expect(logged.map((r) => r.status)).toEqual(['error', 'error', 'success']);
    expect(logged.every((r) => r.user === 'alice' && r.source === 'gateway' && r.ai_model === 'mini')).toBe(true);
  });

  it('falls back on a failing provider, opens its circuit, and then skips it at once', async () => {
    const { client, calls } = scripted((r) =>
      r.model_id === 'gpt-4o-mini' ? new ProviderCallError('HTTP 500: down', 500, true) : 'ok',
    );
    const { models, gateway } = setup(client);
    await models.create(spec('backup', { provider: 'anthropic', model_id: 'claude-3-5-haiku-20241022' }));
    await models.create(spec('mini', { fallback_model: 'backup' }));
    const first = await gateway.generate({ prompt: 'x', model: 'mini' });
    expect(first).toMatchObject({ model: 'backup', fallback_used: true });
    await gateway.generate({ prompt: 'x', model: 'mini' });
    // 3 + 3 failures: the circuit opened at the 5th (minimum 5 calls, 50 % failed).
    const primaryCalls = () => calls.filter((c) => c.model_id === 'gpt-4o-mini').length;
    expect(primaryCalls()).toBe(5);
    const third = await gateway.generate({ prompt: 'x', model: 'mini' });
    expect(third.attempts[0]).toEqual({ model: 'mini', outcome: 'circuit_open' });
    expect(primaryCalls()).toBe(5);
    expect(gateway.circuits()['openai:default:gpt-4o-mini']?.state).toBe('open');
  });

  it('does not retry what the provider refused (401), and never shows the key it echoed', async () => {
    const key = 'sk-test-0123456789abcdefghij';
    const { client, calls } = scripted(
      () => new ProviderCallError(`HTTP 401: Incorrect API key provided: ${key}`, 401, false),
    );
    const { models, gateway, usageStore } = setup(client);
    await models.create(spec('mini'), key);
    const error = await gateway.generate({ prompt: 'x', model: 'mini' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.key).toBe(key);
    expect(JSON.stringify((error as UpstreamError).details)).not.toContain(key);
    expect(JSON.stringify([...usageStore.records.values()])).not.toContain(key);
    expect(JSON.stringify(await models.list())).not.toContain(key);
    expect((await models.list())[0]?.key).toMatchObject({ last4: 'ghij', rotate: false });
  });

  it('holds the per-model concurrency limit: calls beyond it are refused with a 429, not queued', async () => {
    const { client } = scripted(() => 'ok', 20);
    const { models, gateway } = setup(client);
    await models.create(spec('mini', { max_concurrency: 2 }));
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => gateway.generate({ prompt: 'x', model: 'mini' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect(r.reason).toBeInstanceOf(TooManyRequestsError);
    // The slots are free again afterwards.
    await expect(gateway.generate({ prompt: 'x', model: 'mini' })).resolves.toMatchObject({ model: 'mini' });
  });
});
