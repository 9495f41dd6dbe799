import {
  ProviderCallError,
  type GenerationRequest,
  type GenerationResult,
  type ProviderClient,
} from '#domain/providers/providers.ports.ts';

/** Statuses worth another try: timeouts, conflicts, rate limits, server errors, Anthropic's 529 overloaded. */
const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

/** POSTs JSON and answers the parsed body; non-2xx, network failures and timeouts become ProviderCallError. */
async function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new ProviderCallError(
      timeout
        ? `no answer within ${timeoutMs} ms`
        : `connection failed: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
      undefined,
      true,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 200);
    try {
      const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
      const m = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
      if (typeof m === 'string') message = m;
    } catch {
      // not JSON: keep the start of the text
    }
    throw new ProviderCallError(`HTTP ${response.status}: ${message}`, response.status, RETRYABLE.has(response.status));
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ProviderCallError('the provider answered with something that is not JSON', response.status, true);
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const trim = (url: string) => url.replace(/\/+$/, '');

/**
 * OpenAI's chat completions API, which OpenAI, Ollama (`/v1`) and most hosts of open models
 * speak. Cached prompt tokens (`prompt_tokens_details.cached_tokens`) are part of `prompt_tokens`.
 */
export const openAiCompatibleClient: ProviderClient = {
  async generate(r: GenerationRequest): Promise<GenerationResult> {
    const base = trim(
      r.endpoint ?? (r.provider === 'ollama' ? 'http://127.0.0.1:11434/v1' : 'https://api.openai.com/v1'),
    );
    const body = await postJson(
      `${base}/chat/completions`,
      r.key !== undefined ? { authorization: `Bearer ${r.key}` } : {},
      {
        model: r.model_id,
        messages: [{ role: 'user', content: r.prompt }],
        temperature: r.params.temperature,
        max_tokens: r.params.max_tokens,
        top_p: r.params.top_p,
        frequency_penalty: r.params.frequency_penalty,
      },
      r.timeout_ms,
    );
    const choice = (body.choices as { message?: { content?: unknown }; finish_reason?: unknown }[] | undefined)?.[0];
    const usage = (body.usage ?? {}) as {
      prompt_tokens?: unknown;
      completion_tokens?: unknown;
      prompt_tokens_details?: { cached_tokens?: unknown };
    };
    if (typeof choice?.message?.content !== 'string')
      throw new ProviderCallError('the answer has no choices[0].message.content', undefined, true);
    return {
      text: choice.message.content,
      input_tokens: num(usage.prompt_tokens),
      output_tokens: num(usage.completion_tokens),
      cached_input_tokens: num(usage.prompt_tokens_details?.cached_tokens),
      finish_reason: typeof choice.finish_reason === 'string' ? choice.finish_reason : 'unknown',
    };
  },
};

/** Anthropic's Messages API. Cache reads (`cache_read_input_tokens`) are reported apart from `input_tokens`. */
export const anthropicClient: ProviderClient = {
  async generate(r: GenerationRequest): Promise<GenerationResult> {
    const base = trim(r.endpoint ?? 'https://api.anthropic.com');
    const body = await postJson(
      `${base}/v1/messages`,
      { 'anthropic-version': '2023-06-01', ...(r.key !== undefined ? { 'x-api-key': r.key } : {}) },
      {
        model: r.model_id,
        max_tokens: r.params.max_tokens,
        messages: [{ role: 'user', content: r.prompt }],
        temperature: Math.min(1, r.params.temperature),
        top_p: r.params.top_p,
      },
      r.timeout_ms,
    );
    const content = (body.content as { type?: unknown; text?: unknown }[] | undefined) ?? [];
    const usage = (body.usage ?? {}) as {
      input_tokens?: unknown;
      output_tokens?: unknown;
      cache_read_input_tokens?: unknown;
    };
    return {
      text: content
        .filter((c) => c.type === 'text' && typeof c.text === 'string')
        .map((c) => c.text as string)
        .join(''),
      input_tokens: num(usage.input_tokens),
      output_tokens: num(usage.output_tokens),
      cached_input_tokens: num(usage.cache_read_input_tokens),
      finish_reason: typeof body.stop_reason === 'string' ? body.stop_reason : 'unknown',
    };
  },
};

/** Google's Gemini `generateContent`. Cached tokens (`cachedContentTokenCount`) are part of `promptTokenCount`. */
export const googleClient: ProviderClient = {
  async generate(r: GenerationRequest): Promise<GenerationResult> {
    const base = trim(r.endpoint ?? 'https://generativelanguage.googleapis.com');
    const body = await postJson(
      `${base}/v1beta/models/${encodeURIComponent(r.model_id)}:generateContent`,
      r.key !== undefined ? { 'x-goog-api-key': r.key } : {},
      {
        contents: [{ role: 'user', parts: [{ text: r.prompt }] }],
        generationConfig: {
          temperature: r.params.temperature,
          maxOutputTokens: r.params.max_tokens,
          topP: r.params.top_p,
          frequencyPenalty: r.params.frequency_penalty,
        },
      },
      r.timeout_ms,
    );
    const candidate = (
      body.candidates as { content?: { parts?: { text?: unknown }[] }; finishReason?: unknown }[] | undefined
    )?.[0];
    const usage = (body.usageMetadata ?? {}) as {
      promptTokenCount?: unknown;
      candidatesTokenCount?: unknown;
      cachedContentTokenCount?: unknown;
    };
    return {
      text: (candidate?.content?.parts ?? []).map((p) => (typeof p.text === 'string' ? p.text : '')).join(''),
      input_tokens: num(usage.promptTokenCount),
      output_tokens: num(usage.candidatesTokenCount),
      cached_input_tokens: num(usage.cachedContentTokenCount),
      finish_reason: typeof candidate?.finishReason === 'string' ? candidate.finishReason : 'unknown',
    };
  },
};
