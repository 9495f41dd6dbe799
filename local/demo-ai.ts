import { startFakeLlm, type FakeLlm } from './fake-llm.ts';

/**
 * The AI-operations part of the demo: a local OpenAI-compatible model server (a stand-in for a
 * self-hosted model), three registered models (one flaky, falling back to the assistant),
 * prices for them, two budgets, a week of usage reported by the organisation's other callers
 * (OpenAI, Anthropic and Bedrock models by department), then live gateway calls and reports
 * every 10 s, and a health test of each model at start.
 */
export interface AiDemoOptions {
  readonly url: string;
  readonly token: string;
  readonly adminToken: string;
  readonly onError?: (error: unknown) => void;
}

/** Calls the organisation reports: provider, model id, department, calls per hour, tokens in and out. */
const REPORTED = [
  { provider: 'openai', model: 'gpt-4o-mini', department: 'support', perHour: 40, input: 1200, output: 300 },
  {
    provider: 'anthropic',
    model: 'claude-3-5-haiku-20241022',
    department: 'search',
    perHour: 25,
    input: 2500,
    output: 400,
  },
  {
    provider: 'bedrock',
    model: 'us.amazon.nova-lite-v1:0',
    department: 'marketing',
    perHour: 10,
    input: 3000,
    output: 800,
  },
  { provider: 'openai', model: 'gpt-4o', department: 'marketing', perHour: 2, input: 4000, output: 1000 },
] as const;

export function startAiDemo(options: AiDemoOptions): { stop(): Promise<void> } {
  const state = { running: true };
  const alive = () => state.running;
  let llm: FakeLlm | undefined;
  let timer: NodeJS.Timeout | undefined;
  let seq = 0;
  const started = Date.now();
  const send = async (method: string, path: string, body: unknown, token = options.adminToken): Promise<unknown> => {
    const res = await fetch(`${options.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok && res.status !== 409 && res.status !== 429 && res.status !== 502)
      throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const reported = (hourStart: number, share = 1) =>
    REPORTED.flatMap((r) =>
      Array.from({ length: Math.max(0, Math.round(r.perHour * share * (0.7 + 0.6 * Math.random()))) }, () => {
        seq += 1;
        const failed = Math.random() < 0.003;
        return {
          timestamp: new Date(
            Math.min(Date.now(), hourStart + Math.floor(Math.random() * 3_600_000 * share)),
          ).toISOString(),
          request_id: `demo-${started}-${seq}`,
          model: r.model,
          provider: r.provider,
          input_tokens: Math.round(r.input * (0.5 + Math.random())),
          output_tokens: failed ? 0 : Math.round(r.output * (0.5 + Math.random())),
          cached_input_tokens: r.provider === 'openai' ? Math.round(r.input * 0.3) : 0,
          latency: Math.round((0.4 + Math.random() * 1.2) * 1000) / 1000,
          status: failed ? 'error' : 'success',
          ...(failed ? { error: 'HTTP 503: overloaded' } : {}),
          user: `${r.department}-app`,
          department: r.department,
        };
      }),
    );

  void (async () => {
    llm = await startFakeLlm();
    if (!alive()) return;
    // Registered, or re-pointed at this run's server when a restart finds them registered.
    const model = async (name: string, modelId: string, extra: Record<string, unknown> = {}) => {
      const spec = {
        provider: 'openai_compatible',
        endpoint: llm?.url,
        model_id: modelId,
        params: { temperature: 0.3, max_tokens: 256 },
        department: 'support',
        api_key: `sk-demo-${name}-${started.toString(36)}`,
        ...extra,
      };
      const created = (await send('POST', '/api/v1/aiops/ai-models', { name, ...spec })) as { success: boolean };
      if (!created.success) await send('PUT', `/api/v1/aiops/ai-models/${name}`, spec);
    };
    await model('assistant', 'assistant-llm');
    await model('summarizer', 'summarizer-flaky', { fallback_model: 'assistant', max_concurrency: 4 });
    await model('batch-writer', 'writer-llm', { department: 'marketing' });
    for (const id of ['assistant-llm', 'summarizer-flaky', 'writer-llm'])
      await send('PUT', '/api/v1/aiops/llm/prices', {
        provider: 'openai_compatible',
        model: id,
        input: 0.5,
        output: 1.5,
        effective_from: '2026-01-01',
        source: 'demo: GPU hours of the self-hosted server',
      });
    await send('POST', '/api/v1/aiops/llm/budgets', {
      name: 'all AI daily',
      scope: 'global',
      period: 'daily',
      limit_usd: 25,
    });
    await send('POST', '/api/v1/aiops/llm/budgets', {
      name: 'support monthly',
      scope: 'department',
      value: 'support',
      period: 'monthly',
      limit_usd: 60,
    });
    // A week of reported usage, hour by hour.
    const hours = Array.from({ length: 7 * 24 }, (_, i) => started - (7 * 24 - i) * 3_600_000);
    for (let i = 0; i < hours.length && alive(); i += 6) {
      const calls = hours.slice(i, i + 6).flatMap((h) => reported(h));
      for (let j = 0; j < calls.length; j += 1000)
        await send('POST', '/api/v1/aiops/llm/usage', { calls: calls.slice(j, j + 1000) }, options.token);
    }
    for (const name of ['assistant', 'summarizer', 'batch-writer'])
      await send('POST', `/api/v1/aiops/ai-models/${name}/test`, {});
    const tick = async () => {
      const prompts = [
        'Summarise the last incident in one line.',
        'Reply with the single word OK.',
        '안녕하세요, 오늘 배포 상태는?',
      ];
      await Promise.all([
        send('POST', '/api/v1/aiops/generate/text', { model: 'summarizer', prompt: prompts[seq % 3] }, options.token),
        send(
          'POST',
          '/api/v1/aiops/generate/text',
          { model: 'assistant', prompt: prompts[(seq + 1) % 3] },
          options.token,
        ),
        send(
          'POST',
          '/api/v1/aiops/generate/text',
          { model: 'batch-writer', prompt: 'Write a product blurb.' },
          options.token,
        ),
      ]);
      // The organisation's other calls of the last 10 s (some ticks have none).
      const calls = reported(Date.now() - 10_000, 10 / 3600);
      if (calls.length > 0) await send('POST', '/api/v1/aiops/llm/usage', { calls }, options.token);
      seq += 1;
    };
    const loop = () => {
      timer = setTimeout(() => {
        if (!alive()) return;
        tick()
          .catch((error: unknown) => options.onError?.(error))
          .finally(loop);
      }, 10_000);
    };
    await tick();
    loop();
  })().catch((error: unknown) => options.onError?.(error));

  return {
    stop: async () => {
      state.running = false;
      if (timer !== undefined) clearTimeout(timer);
      await llm?.close();
    },
  };
}
