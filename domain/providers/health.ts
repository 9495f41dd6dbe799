import type { Clock } from '#domain/kernel/time.ts';
import type { AiModels } from './ai-models.ts';
import { redact } from './gateway.ts';
import { ProviderCallError, type HealthStore, type ProviderClient } from './providers.ports.ts';
import type { Usage } from './usage.ts';

/** The manual's four connection tests, each with a prompt and a check of the answer. */
export const HEALTH_TESTS = [
  {
    name: 'connection',
    prompt: 'Reply with the single word OK.',
    check: (text: string) => /\bok\b/i.test(text),
  },
  {
    name: 'korean',
    prompt: '다음 문장을 그대로 한 번 반복하세요: 안녕하세요, 반갑습니다.',
    check: (text: string) => text.includes('안녕하세요'),
  },
  {
    name: 'evaluation',
    prompt:
      'Classify the sentiment of this review as POSITIVE or NEGATIVE. Answer with one word.\nReview: "The update fixed every crash and the app is fast now. I love it."',
    check: (text: string) => /\bpositive\b/i.test(text) && !/\bnegative\b/i.test(text),
  },
  {
    name: 'analysis',
    prompt:
      'A service answered 1,200 requests and 30 of them failed. What percent failed? Answer with the number only.',
    check: (text: string) => /(^|[^0-9.])2\.50*\s*%?(?![0-9])/.test(text),
  },
] as const;

export type HealthTestName = (typeof HEALTH_TESTS)[number]['name'];

/** One test's outcome. */
export interface HealthPart {
  readonly test: HealthTestName;
  readonly passed: boolean;
  readonly latency_ms: number;
  /** Of 25: the full 25 when passed within 1 s, down to 12.5 at 5 s or more; 0 when failed. */
  readonly points: number;
  readonly error: string | null;
}

export interface HealthResult {
  readonly model: string;
  readonly tested_at: string;
  /** 0-100: the sum of the four parts' points. */
  readonly score: number;
  readonly parts: readonly HealthPart[];
}

/** Points of a test: 25 when it passed within 1 s, falling linearly to 12.5 at 5 s and slower. */
export function pointsOf(passed: boolean, latencyMs: number): number {
  if (!passed) return 0;
  const slow = Math.min(1, Math.max(0, (latencyMs - 1000) / 4000));
  return Math.round((25 - 12.5 * slow) * 10) / 10;
}

export interface HealthDeps {
  readonly models: AiModels;
  readonly usage: Usage;
  readonly store: HealthStore;
  readonly clients: Readonly<Record<string, ProviderClient>>;
  readonly clock: Clock;
  /** One test's timeout. */
  readonly timeout_ms?: number;
}

/**
 * Health tests of an AI model: the four tests straight to its provider (no retry, no fallback,
 * so a failing provider shows as failing), each logged as usage of the caller `health-test`.
 */
export function createHealthTests({ models, usage, store, clients, clock, timeout_ms = 15_000 }: HealthDeps) {
  return {
    async run(name: string): Promise<HealthResult> {
      const model = await models.require(name);
      const key = await models.keyOf(model);
      const client = clients[model.provider];
      const testedAt = new Date(clock.now()).toISOString();
      const prices = await usage.overrides();
      const parts: HealthPart[] = [];
      for (const [i, test] of HEALTH_TESTS.entries()) {
        const at = clock.now();
        let text = '';
        let error: string | null = null;
        let tokens = { input_tokens: 0, output_tokens: 0, cached_input_tokens: 0 };
        try {
          if (client === undefined)
            throw new ProviderCallError(`no client for provider ${model.provider}`, undefined, false);
          const result = await client.generate({
            provider: model.provider,
            ...(model.endpoint !== undefined ? { endpoint: model.endpoint } : {}),
            model_id: model.model_id,
            ...(key !== undefined ? { key } : {}),
            prompt: test.prompt,
            params: { ...model.params, temperature: 0, max_tokens: Math.min(model.params.max_tokens, 64) },
            timeout_ms,
          });
          text = result.text;
          tokens = result;
        } catch (e) {
          error = redact(e instanceof Error ? e.message : String(e), key);
        }
        const latency = clock.now() - at;
        const passed = error === null && test.check(text);
        parts.push({
          test: test.name,
          passed,
          latency_ms: latency,
          points: pointsOf(passed, latency),
          error: error ?? (passed ? null : 'the answer did not pass the check'),
        });
        await usage.logGatewayCall(
          {
            request_id: `health_${name}_${testedAt}_${i}`,
            at,
            model: model.model_id,
            provider: model.provider,
            input_tokens: tokens.input_tokens,
            output_tokens: tokens.output_tokens,
            cached_input_tokens: tokens.cached_input_tokens,
            latency: latency / 1000,
            status: error === null ? 'success' : 'error',
            ...(error !== null ? { error } : {}),
            user: 'health-test',
            ...(model.department !== undefined ? { department: model.department } : {}),
          },
          { aiModel: model.name, reserved: false, prices },
        );
      }
      const score = Math.round(parts.reduce((s, p) => s + p.points, 0) * 10) / 10;
      const result: HealthResult = { model: name, tested_at: testedAt, score, parts };
      await store.add(result);
      await models.recordHealth(name, score, testedAt);
      return result;
    },

    async history(name: string, limit: number): Promise<HealthResult[]> {
      await models.require(name);
      return store.results(name, limit);
    },
  };
}

export type HealthTests = ReturnType<typeof createHealthTests>;
