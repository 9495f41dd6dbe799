import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startFakeLlm, type FakeLlm } from '#local/fake-llm.ts';
import { apiClient, newDataDir, roleTokens, startStack, type RunningStack } from '../support/local-stack.ts';

const A = '/api/v1/aiops';
const KEY = 'sk-e2e-SECRET-4f9a7c21d8b3e6a0';
const ROTATED = 'sk-e2e-ROTATED-77aa99bb11cc33dd';

/** Every file under a directory, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('AI operations through the local stack', () => {
  let llm: FakeLlm;
  let stack: RunningStack;
  let dir = '';
  let tokens: Awaited<ReturnType<typeof roleTokens>>;
  let api: ReturnType<typeof apiClient>;
  /** Every response body, to prove no key ever left the vault. */
  const bodies: string[] = [];
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', p: string, token: string, body?: unknown) => {
    const res = await api(method, p, { token, ...(body !== undefined ? { body } : {}) });
    bodies.push(JSON.stringify(res.body));
    return res;
  };

  beforeAll(async () => {
    llm = await startFakeLlm();
    dir = newDataDir();
    stack = await startStack(dir, ['--no-throttle', '--no-demo']);
    tokens = await roleTokens(dir);
    api = apiClient(stack.url);
  });
  afterAll(async () => {
    await stack.stop();
    await llm.close();
  });

  it('registers AI models with keys it never shows, rotates a key, and refuses bad definitions', async () => {
    const created = await call('POST', `${A}/ai-models`, tokens.operator, {
      name: 'local-ok',
      provider: 'openai_compatible',
      endpoint: llm.url,
      model_id: 'local-llm',
      api_key: KEY,
      department: 'platform',
    });
    expect(created.status).toBe(201);
    expect(created.body.model).toMatchObject({
      name: 'local-ok',
      params: { temperature: 0.7, max_tokens: 1024 },
      key: { last4: KEY.slice(-4), age_days: 0, rotate: false },
      health: null,
    });
    const primary = await call('POST', `${A}/ai-models`, tokens.operator, {
      name: 'local-primary',
      provider: 'openai_compatible',
      endpoint: llm.url,
      model_id: 'primary-failing',
      fallback_model: 'local-ok',
    });
    expect(primary.status).toBe(201);
    const rotated = await call('PUT', `${A}/ai-models/local-ok`, tokens.operator, {
      provider: 'openai_compatible',
      endpoint: llm.url,
      model_id: 'local-llm',
      api_key: ROTATED,
      department: 'platform',
    });
    expect(rotated.body.model).toMatchObject({ key: { last4: ROTATED.slice(-4) } });

    const loop = await call('PUT', `${A}/ai-models/local-ok`, tokens.operator, {
      provider: 'openai_compatible',
      model_id: 'local-llm',
      fallback_model: 'local-primary',
    });
    expect(loop).toMatchObject({ status: 400 });
    expect((loop.body.error as { message: string }).message).toMatch(/loops/);
    const unknownProvider = await call('POST', `${A}/ai-models`, tokens.operator, {
      name: 'x',
      provider: 'acme',
      model_id: 'm',
    });
    expect(unknownProvider.status).toBe(400);
    // The gateway would send prompts and keys there: the cloud metadata endpoint is refused.
    const metadata = await call('POST', `${A}/ai-models`, tokens.operator, {
      name: 'imds',
      provider: 'openai_compatible',
      endpoint: 'http://169.254.169.254/latest',
      model_id: 'm',
    });
    expect(metadata.status).toBe(400);
    expect((metadata.body.error as { message: string }).message).toMatch(
      /metadata endpoint may not be an AI model endpoint/,
    );
    const duplicate = await call('POST', `${A}/ai-models`, tokens.operator, {
      name: 'local-ok',
      provider: 'ollama',
      model_id: 'm',
    });
    expect(duplicate.status).toBe(409);
    expect((await call('DELETE', `${A}/ai-models/local-ok`, tokens.operator)).status).toBe(409);
    expect(
      (await call('POST', `${A}/ai-models`, tokens.viewer, { name: 'v', provider: 'ollama', model_id: 'm' })).status,
    ).toBe(403);
    const listed = await call('GET', `${A}/ai-models`, tokens.viewer);
    expect((listed.body.models as { name: string }[]).map((m) => m.name)).toEqual(['local-ok', 'local-primary']);
  });

  it('stores reported calls once per request id, costed at ingestion, Bedrock included, and reports them', async () => {
    const now = Date.now();
    const calls = [
      {
        request_id: 'u1',
        model: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
        provider: 'bedrock',
        input_tokens: 1_000_000,
        output_tokens: 0,
        cached_input_tokens: 1_000_000,
      },
      {
        request_id: 'u2',
        model: 'gpt-4o-mini',
        provider: 'openai',
        input_tokens: 1_000_000,
        output_tokens: 1_000_000,
        department: 'search',
      },
      {
        request_id: 'u3',
        model: 'mystery-model',
        provider: 'openai',
        input_tokens: 10,
        output_tokens: 10,
        status: 'error',
        error: 'HTTP 500',
      },
    ].map((c) => ({ timestamp: new Date(now - 60_000).toISOString(), latency: 0.4, status: 'success', ...c }));
    const first = await call('POST', `${A}/llm/usage`, tokens.ingest, { calls });
    expect(first.body).toMatchObject({ created: 3, duplicates: 0 });
    expect((first.body.results as { cost_usd: number | null }[]).map((r) => r.cost_usd)).toEqual([0.88, 0.75, null]);
    const retry = await call('POST', `${A}/llm/usage`, tokens.ingest, { calls });
    expect(retry.body).toMatchObject({ created: 0, duplicates: 3 });

    // Bad input is refused whole, naming the field, and stores nothing.
    for (const bad of [{ input_tokens: -1 }, { latency: -1 }, { provider: 'acme' }, { timestamp: 'yesterday' }]) {
      const res = await call('POST', `${A}/llm/usage`, tokens.ingest, {
        calls: [{ ...calls[1], request_id: 'bad', ...bad }],
      });
      expect(res.status).toBe(400);
    }
    const priceBelowZero = await call('PUT', `${A}/llm/prices`, tokens.operator, {
      provider: 'openai_compatible',
      model: 'local-llm',
      input: -1,
      output: 1,
      effective_from: '2026-01-01',
    });
    expect(priceBelowZero.status).toBe(400);

    const report = await call('GET', `${A}/llm/reports?days=1`, tokens.viewer);
    expect(report.body.totals).toMatchObject({ calls: 3, errors: 1, unpriced_calls: 1, cost_usd: 1.63 });
    expect((report.body.by_department as { key: string }[]).map((d) => d.key).sort()).toEqual(['(none)', 'search']);
    const csv = await fetch(`${stack.url}${A}/llm/reports?days=1&format=csv`, {
      headers: { authorization: `Bearer ${tokens.viewer}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toMatch(/^group,key,calls,successes,errors/);
  });

  it('answers through the fallback when the primary fails, and logs each call it made', async () => {
    const res = await call('POST', `${A}/generate/text`, tokens.ingest, {
      prompt: 'Reply with the single word OK.',
      model: 'local-primary',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ text: 'OK', model: 'local-ok', fallback_used: true });
    expect((res.body.attempts as { outcome: string }[]).map((a) => a.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
      'ok',
    ]);
    // The rotated key went to the provider; the first one no longer does.
    expect(llm.authorizations.at(-1)).toBe(`Bearer ${ROTATED}`);
    const unknown = await call('POST', `${A}/generate/text`, tokens.ingest, { prompt: 'x', model: 'nobody' });
    expect(unknown.status).toBe(404);
  });

  it('lets 50 concurrent calls against a budget spend at most the budget, naming the budget that tripped', async () => {
    await call('POST', `${A}/ai-models`, tokens.operator, {
      name: 'metered',
      provider: 'openai_compatible',
      endpoint: llm.url,
      model_id: 'metered-llm',
      params: { max_tokens: 10 },
    });
    // $1,000 per million tokens: each call may cost up to (2 + 16 + 10) tokens = $0.028.
    await call('PUT', `${A}/llm/prices`, tokens.operator, {
      provider: 'openai_compatible',
      model: 'metered-llm',
      input: 1000,
      output: 1000,
      effective_from: '2020-01-01',
    });
    const budget = await call('POST', `${A}/llm/budgets`, tokens.operator, {
      name: 'metered daily',
      scope: 'model',
      value: 'metered-llm',
      period: 'daily',
      limit_usd: 0.28,
    });
    expect(budget.status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        api('POST', `${A}/generate/text`, { token: tokens.ingest, body: { prompt: 'hi', model: 'metered' } }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status !== 200 && r.status !== 429).map((r) => [r.status, r.body])).toEqual([]);
    expect(ok.length).toBeGreaterThanOrEqual(10);
    expect(refused.length).toBeGreaterThan(0);
    expect((refused[0]?.body.error as { code: string; message: string }).code).toBe('BUDGET_EXCEEDED');
    expect((refused[0]?.body.error as { message: string }).message).toContain("'metered daily'");
    const spent = ok.reduce((s, r) => s + (r.body.usage as { cost_usd: number }).cost_usd, 0);
    expect(spent).toBeLessThanOrEqual(0.28);
    const budgets = await call('GET', `${A}/llm/budgets`, tokens.viewer);
    const status = (budgets.body.budgets as { name: string; spent_usd: number; reserved_usd: number }[]).find(
      (b) => b.name === 'metered daily',
    );
    expect(status?.spent_usd).toBeCloseTo(spent, 9);
    expect(status?.reserved_usd).toBe(0);
  });

  it("runs the manual's four health tests, scores the model and keeps the history; SLOs list the provider models", async () => {
    const res = await call('POST', `${A}/ai-models/local-ok/test`, tokens.operator);
    expect(res.status).toBe(200);
    const result = res.body.result as { score: number; parts: { test: string; passed: boolean }[] };
    expect(result.parts.map((p) => [p.test, p.passed])).toEqual([
      ['connection', true],
      ['korean', true],
      ['evaluation', true],
      ['analysis', true],
    ]);
    expect(result.score).toBeGreaterThan(95);
    const failing = await call('POST', `${A}/ai-models/local-primary/test`, tokens.operator);
    expect((failing.body.result as { score: number }).score).toBe(0);
    const history = await call('GET', `${A}/ai-models/local-ok/health`, tokens.viewer);
    expect((history.body.results as unknown[]).length).toBe(1);
    const models = await call('GET', `${A}/ai-models`, tokens.viewer);
    expect(
      (models.body.models as { name: string; health: { score: number } | null }[]).find((m) => m.name === 'local-ok')
        ?.health?.score,
    ).toBe(result.score);
    const slos = await call('GET', `${A}/llm/slos?days=1`, tokens.viewer);
    const rows = slos.body.models as { model: string; provider: string; availability: number | null }[];
    expect(rows.find((m) => m.model === 'primary-failing')).toMatchObject({
      provider: 'openai_compatible',
      availability: 0,
    });
    expect(rows.find((m) => m.model === 'local-llm')?.availability).toBe(1);
  });

  it('never lets a key out: not in a response, not in the stack output, not in its stored data', () => {
    for (const body of bodies) {
      expect(body).not.toContain(KEY);
      expect(body).not.toContain(ROTATED);
    }
    expect(stack.output()).not.toContain(KEY);
    expect(stack.output()).not.toContain(ROTATED);
    for (const file of files(dir)) {
      const content = readFileSync(file).toString('latin1');
      expect(content.includes(KEY) || content.includes(ROTATED), file).toBe(false);
    }
  });
});
