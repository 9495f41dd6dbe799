import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { startStackProcess } from '#local/child.ts';
import { startFakeLlm } from '#local/fake-llm.ts';
import { rawBatchWriteRate } from './api.bench.ts';
import { fmt, load, percentile, row } from './lib.ts';

const A = '/api/v1/aiops';

async function stack() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-bench-ai-'));
  const running = await startStackProcess(dataDir, ['--no-demo', '--no-throttle']);
  const token = await mintToken(await loadOrCreateKeys(dataDir), { roles: ['admin'] });
  const send = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${running.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  };
  return { running, send };
}

const calls = (batch: number, n: number, now: number) =>
  Array.from({ length: n }, (_, i) => ({
    timestamp: new Date(now - ((i * 7919) % 3_600_000)).toISOString(),
    request_id: `bench-${batch}-${i}`,
    model: ['gpt-4o-mini', 'claude-3-5-haiku-20241022', 'us.amazon.nova-lite-v1:0'][i % 3],
    provider: ['openai', 'anthropic', 'bedrock'][i % 3],
    input_tokens: 1000 + (i % 500),
    output_tokens: 200 + (i % 100),
    cached_input_tokens: i % 4 === 0 ? 300 : 0,
    latency: 0.5 + (i % 10) / 10,
    status: i % 50 === 0 ? 'error' : 'success',
    department: ['support', 'search', 'marketing'][i % 3],
  }));

/** Usage ingest through the local API (batches of 1,000, 4 in flight) next to the raw emulator rate in the same run. */
export async function benchLlmUsage(batches: number): Promise<void> {
  console.log(
    `\nLLM usage ingest: ${batches} batches of 1,000 calls, 4 in flight, 2 budgets covering them (local stack)`,
  );
  const { running, send } = await stack();
  try {
    const now = Date.now();
    // Each batch adds its cost to the ledgers of the budgets that cover it.
    await send('POST', `${A}/llm/budgets`, { name: 'all monthly', scope: 'global', period: 'monthly', limit_usd: 1e6 });
    await send('POST', `${A}/llm/budgets`, {
      name: 'support daily',
      scope: 'department',
      value: 'support',
      period: 'daily',
      limit_usd: 1e5,
    });
    await send('POST', `${A}/llm/usage`, { calls: calls(-1, 100, now) });
    const start = performance.now();
    const latencies = await load(batches, 4, async (i) => {
      const res = await send('POST', `${A}/llm/usage`, { calls: calls(i, 1000, now) });
      if (res.status !== 200) throw new Error(`usage: ${res.status} ${JSON.stringify(res.body)}`);
    });
    const rate = (batches * 1000) / ((performance.now() - start) / 1000);
    row('calls/s through the API', fmt(rate));
    row('batch latency p50 / p95', `${fmt(percentile(latencies, 0.5))} ms / ${fmt(percentile(latencies, 0.95))} ms`);
    const retry = await send('POST', `${A}/llm/usage`, { calls: calls(0, 1000, now) });
    row('a retried batch: created / duplicates', `${String(retry.body.created)} / ${String(retry.body.duplicates)}`);
    const raw = await rawBatchWriteRate(running.dynamodbEndpoint, 20_000);
    row('raw dynalite BatchWriteItem (25 items, 4 in flight), same emulator', `${fmt(raw)} items/s`);
    row('ingest rate / raw write rate', fmt(rate / raw, 2));
  } finally {
    await running.stop();
  }
}

/**
 * The gateway: overhead per call over calling the local provider directly (p50/p99), the spend
 * past a budget under 50 concurrent calls (target 0), and the time from a provider failing to
 * its circuit opening and its traffic moving to the fallback.
 */
export async function benchGateway(calls = 200): Promise<void> {
  console.log(`\nGeneration gateway (local stack, local OpenAI-compatible providers)`);
  const primary = await startFakeLlm();
  const backup = await startFakeLlm();
  const { running, send } = await stack();
  try {
    const model = (name: string, url: string, id: string, extra: Record<string, unknown> = {}) =>
      send('POST', `${A}/ai-models`, {
        name,
        provider: 'openai_compatible',
        endpoint: url,
        model_id: id,
        params: { max_tokens: 16 },
        ...extra,
      });
    await model('backup', backup.url, 'backup-llm');
    await model('primary', primary.url, 'primary-llm', { fallback_model: 'backup' });
    const body = {
      model: 'primary-llm',
      messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
      max_tokens: 16,
    };
    const direct: number[] = [];
    const through: number[] = [];
    for (let i = 0; i < 20; i++) await send('POST', `${A}/generate/text`, { model: 'primary', prompt: 'warm' });
    for (let i = 0; i < calls; i++) {
      let t = performance.now();
      await (await fetch(`${primary.url}/chat/completions`, { method: 'POST', body: JSON.stringify(body) })).text();
      direct.push(performance.now() - t);
      t = performance.now();
      const res = await send('POST', `${A}/generate/text`, {
        model: 'primary',
        prompt: 'Reply with the single word OK.',
      });
      if (res.status !== 200) throw new Error(`generate: ${res.status}`);
      through.push(performance.now() - t);
    }
    direct.sort((a, b) => a - b);
    through.sort((a, b) => a - b);
    row('direct call p50 / p99', `${fmt(percentile(direct, 0.5), 1)} ms / ${fmt(percentile(direct, 0.99), 1)} ms`);
    row(
      'through the gateway p50 / p99',
      `${fmt(percentile(through, 0.5), 1)} ms / ${fmt(percentile(through, 0.99), 1)} ms`,
    );
    row(
      'gateway overhead p50 / p99',
      `${fmt(percentile(through, 0.5) - percentile(direct, 0.5), 1)} ms / ${fmt(percentile(through, 0.99) - percentile(direct, 0.99), 1)} ms`,
    );

    // Budgets under concurrency: 5 rounds of 50 concurrent calls against a budget that fits 10.
    let worst = -Infinity;
    let admitted = 0;
    for (let round = 0; round < 5; round++) {
      const id = `metered-${round}`;
      await model(id, backup.url, `${id}-llm`, { params: { max_tokens: 10 } });
      await send('PUT', `${A}/llm/prices`, {
        provider: 'openai_compatible',
        model: `${id}-llm`,
        input: 1000,
        output: 1000,
        effective_from: '2020-01-01',
      });
      // Each call may cost (2 + 16 + 10) tokens x $1,000 per million = $0.028.
      await send('POST', `${A}/llm/budgets`, {
        name: `round ${round}`,
        scope: 'model',
        value: `${id}-llm`,
        period: 'daily',
        limit_usd: 0.28,
      });
      const results = await Promise.all(
        Array.from({ length: 50 }, () => send('POST', `${A}/generate/text`, { model: id, prompt: 'hi' })),
      );
      const ok = results.filter((r) => r.status === 200);
      admitted += ok.length;
      const spent = ok.reduce((s, r) => s + ((r.body.usage as { cost_usd: number | null }).cost_usd ?? 0), 0);
      worst = Math.max(worst, spent - 0.28);
    }
    row(
      'budget overspend under 50 concurrent calls, worst of 5 rounds (target 0)',
      `$${fmt(Math.max(0, worst), 4)} (${fmt(admitted / 5, 1)} calls admitted a round)`,
    );

    // A provider outage: steady traffic, then the primary fails every call.
    let stop = false;
    let failedAt = 0;
    let firstFallback = 0;
    let circuitOpen = 0;
    const worker = async () => {
      while (!stop) {
        const res = await send('POST', `${A}/generate/text`, { model: 'primary', prompt: 'ping' });
        const at = performance.now();
        if (failedAt === 0 || res.status !== 200) continue;
        if (res.body.fallback_used === true && firstFallback === 0) firstFallback = at;
        const attempts = res.body.attempts as { outcome: string }[];
        if (attempts[0]?.outcome === 'circuit_open' && circuitOpen === 0) circuitOpen = at;
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    await new Promise((r) => setTimeout(r, 1000));
    primary.failing(true);
    failedAt = performance.now();
    const deadline = Date.now() + 30_000;
    while ((firstFallback === 0 || circuitOpen === 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(workers);
    row(
      'provider failing -> first answer from the fallback',
      firstFallback === 0 ? 'not within 30 s' : `${fmt(firstFallback - failedAt)} ms`,
    );
    row(
      'provider failing -> circuit open (calls skip it at once)',
      circuitOpen === 0 ? 'not within 30 s' : `${fmt(circuitOpen - failedAt)} ms`,
    );
  } finally {
    await running.stop();
    await primary.close();
    await backup.close();
  }
}
