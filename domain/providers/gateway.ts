import { BudgetExceededError, TooManyRequestsError, UpstreamError } from '#domain/kernel/errors.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import type { AiModels } from './ai-models.ts';
import type { Breakers } from './breaker.ts';
import type { Budgets, Hold } from './budgets.ts';
import {
  ProviderCallError,
  type BudgetStore,
  type GenAiTelemetry,
  type GenerationResult,
  type ProviderClient,
} from './providers.ports.ts';
import type { Price } from './prices.ts';
import type { AiModel, GenerationParams } from './types.ts';
import type { Usage } from './usage.ts';

export interface RetryPolicy {
  /** Calls to one model before moving to its fallback. */
  readonly attempts: number;
  readonly base_ms: number;
  readonly max_ms: number;
  /** The whole request's deadline, across retries and fallbacks. */
  readonly deadline_ms: number;
  /** One provider call's timeout (shortened to what is left of the deadline). */
  readonly call_timeout_ms: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  base_ms: 200,
  max_ms: 2_000,
  deadline_ms: 25_000,
  call_timeout_ms: 10_000,
};
/** The longest fallback chain followed. */
const MAX_CHAIN = 5;

export interface GatewayDeps {
  readonly models: AiModels;
  readonly usage: Usage;
  readonly budgets: Budgets;
  readonly gates: Pick<BudgetStore, 'acquire' | 'release'>;
  readonly clients: Readonly<Record<string, ProviderClient>>;
  readonly breakers: Breakers;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Each provider call in OpenTelemetry's GenAI conventions (absent: none recorded). */
  readonly telemetry?: GenAiTelemetry;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly retry?: RetryPolicy;
}

export interface Attempt {
  readonly model: string;
  readonly outcome: 'ok' | 'failed' | 'circuit_open' | 'concurrency_limit' | 'budget_exceeded';
  readonly status?: number;
  readonly error?: string;
  readonly latency_ms?: number;
}

export interface Generation {
  readonly request_id: string;
  readonly text: string;
  /** The registered model that answered (a fallback when the asked one failed). */
  readonly model: string;
  readonly provider: string;
  readonly model_id: string;
  readonly fallback_used: boolean;
  readonly usage: {
    readonly input_tokens: number;
    readonly output_tokens: number;
    readonly cached_input_tokens: number;
    readonly cost_usd: number | null;
  };
  readonly latency_ms: number;
  readonly finish_reason: string;
  readonly attempts: readonly Attempt[];
}

/** A provider's answer with any secret it echoed masked (a key never reaches a response or a log line). */
export function redact(text: string, key: string | undefined): string {
  let out = text.slice(0, 300);
  if (key !== undefined && key.length >= 4) out = out.split(key).join('[redacted]');
  return out.replace(/\b(sk|key|AIza|xai|gsk)[-_A-Za-z0-9]{12,}/g, '[redacted]');
}

/** An upper bound on a prompt's tokens: no tokenizer counts more tokens than UTF-8 bytes, plus framing. */
export const tokenBound = (prompt: string): number => Buffer.byteLength(prompt, 'utf8') + 16;

/**
 * The generation gateway: calls a model's provider with retries (exponential backoff, full
 * jitter) on retryable errors, skips a provider whose circuit is open, follows the fallback
 * chain, holds a per-model concurrency limit across instances, reserves the call's cost in its
 * budgets first, and logs every call it makes as usage.
 */
export function createGateway(deps: GatewayDeps) {
  const { models, usage, budgets, gates, clients, breakers, clock, ids } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const retry = deps.retry ?? DEFAULT_RETRY;

  // One circuit per provider target (provider, endpoint and model id), as Portkey's targets: one
  // model failing at a host does not cut off the host's other models.
  const circuitOf = (m: AiModel) => `${m.provider}:${m.endpoint ?? 'default'}:${m.model_id}`;

  /** One request as it goes down the chain: what was asked, by whom, since when, and what was tried. */
  interface Run {
    readonly request: { readonly prompt: string; readonly model: string; readonly params?: Partial<GenerationParams> };
    readonly caller: { readonly user?: string };
    readonly started: number;
    readonly requestId: string;
    /** The price overrides, read once for the whole request. */
    readonly prices: readonly Price[];
    readonly attempts: Attempt[];
    calls: number;
  }

  /** One provider call, recorded in the breaker and logged as usage (errors with any echoed key masked). */
  async function callOnce(run: Run, model: AiModel, params: GenerationParams, key: string | undefined) {
    const at = clock.now();
    const client = clients[model.provider];
    let result: GenerationResult | undefined;
    let failure: ProviderCallError | undefined;
    try {
      if (client === undefined)
        throw new ProviderCallError(`no client for provider ${model.provider}`, undefined, false);
      result = await client.generate({
        provider: model.provider,
        ...(model.endpoint !== undefined ? { endpoint: model.endpoint } : {}),
        model_id: model.model_id,
        ...(key !== undefined ? { key } : {}),
        prompt: run.request.prompt,
        params,
        timeout_ms: Math.min(retry.call_timeout_ms, run.started + retry.deadline_ms - at),
      });
    } catch (e) {
      failure =
        e instanceof ProviderCallError
          ? e
          : new ProviderCallError(e instanceof Error ? e.message : String(e), undefined, true);
    }
    const latencyMs = clock.now() - at;
    // A provider's own verdict on the request (400, 401, 404) is not its health failing.
    const unhealthy =
      failure !== undefined && (failure.status === undefined || failure.status === 429 || failure.status >= 500);
    breakers.record(circuitOf(model), !unhealthy, clock.now());
    const tokens = {
      input_tokens: result?.input_tokens ?? 0,
      output_tokens: result?.output_tokens ?? 0,
      cached_input_tokens: result?.cached_input_tokens ?? 0,
    };
    deps.telemetry?.record({
      system: model.provider,
      request_model: model.model_id,
      input_tokens: tokens.input_tokens,
      output_tokens: tokens.output_tokens,
      cache_read_tokens: tokens.cached_input_tokens,
      duration: latencyMs / 1000,
      ...(failure !== undefined
        ? { error_type: failure.status !== undefined ? String(failure.status) : 'network' }
        : {}),
    });
    const record = await usage.logGatewayCall(
      {
        request_id: `${run.requestId}#${run.calls++}`,
        at,
        model: model.model_id,
        provider: model.provider,
        ...tokens,
        latency: latencyMs / 1000,
        status: result !== undefined ? 'success' : 'error',
        ...(failure !== undefined ? { error: redact(failure.message, key) } : {}),
        ...(run.caller.user !== undefined ? { user: run.caller.user } : {}),
        ...(model.department !== undefined ? { department: model.department } : {}),
      },
      { aiModel: model.name, reserved: true, prices: run.prices },
    );
    return { result, failure, latencyMs, cost: record.cost_usd };
  }

  /** Calls one model with retries (exponential backoff, full jitter) while its circuit lets calls through. */
  async function withRetries(
    run: Run,
    model: AiModel,
    index: number,
    holds: readonly Hold[],
  ): Promise<Generation | undefined> {
    const params = { ...model.params, ...run.request.params };
    const key = await models.keyOf(model);
    for (let attempt = 0; attempt < retry.attempts; attempt++) {
      if (run.started + retry.deadline_ms - clock.now() <= 0) return undefined;
      if (!breakers.allow(circuitOf(model), clock.now())) {
        run.attempts.push({ model: model.name, outcome: 'circuit_open' });
        return undefined;
      }
      const { result, failure, latencyMs, cost } = await callOnce(run, model, params, key);
      if (result !== undefined) {
        await budgets.settle(holds, cost ?? 0);
        run.attempts.push({ model: model.name, outcome: 'ok', latency_ms: latencyMs });
        return {
          request_id: run.requestId,
          text: result.text,
          model: model.name,
          provider: model.provider,
          model_id: model.model_id,
          fallback_used: index > 0,
          usage: {
            input_tokens: result.input_tokens,
            output_tokens: result.output_tokens,
            cached_input_tokens: result.cached_input_tokens,
            cost_usd: cost,
          },
          latency_ms: clock.now() - run.started,
          finish_reason: result.finish_reason,
          attempts: run.attempts,
        };
      }
      run.attempts.push({
        model: model.name,
        outcome: 'failed',
        ...(failure?.status !== undefined ? { status: failure.status } : {}),
        error: redact(failure?.message ?? 'failed', key),
        latency_ms: latencyMs,
      });
      if (failure?.retryable !== true) return undefined;
      if (attempt + 1 < retry.attempts) {
        const backoff = random() * Math.min(retry.max_ms, retry.base_ms * 2 ** attempt);
        await sleep(Math.min(backoff, Math.max(0, run.started + retry.deadline_ms - clock.now())));
      }
    }
    return undefined;
  }

  /**
   * One model of the chain: a concurrency slot, its cost reserved in the budgets, then the calls.
   * Answers the generation, or undefined to go on with the next model (the reason in `attempts`).
   */
  async function tryModel(
    run: Run,
    model: AiModel,
    index: number,
  ): Promise<Generation | BudgetExceededError | undefined> {
    const slot = `${run.requestId}#${index}`;
    if (model.max_concurrency !== undefined) {
      const until = run.started + retry.deadline_ms + 5_000;
      if (!(await gates.acquire(model.name, slot, model.max_concurrency, until, clock.now()))) {
        run.attempts.push({ model: model.name, outcome: 'concurrency_limit' });
        return undefined;
      }
    }
    try {
      const params = { ...model.params, ...run.request.params };
      const estimate = usage.estimate(
        model.provider,
        model.model_id,
        { input_tokens: tokenBound(run.request.prompt), output_tokens: params.max_tokens },
        run.prices,
      );
      const scope = {
        model: model.model_id,
        provider: model.provider,
        ...(model.department !== undefined ? { department: model.department } : {}),
        ...(run.caller.user !== undefined ? { user: run.caller.user } : {}),
      };
      let holds: Hold[];
      try {
        holds = await budgets.reserve(scope, slot, estimate.cost_usd ?? 0);
      } catch (e) {
        if (!(e instanceof BudgetExceededError)) throw e;
        run.attempts.push({ model: model.name, outcome: 'budget_exceeded', error: e.message });
        return e;
      }
      const answer = await withRetries(run, model, index, holds).catch(async (e: unknown) => {
        await budgets.settle(holds, 0);
        throw e;
      });
      // A model that did not answer spent nothing: its reservation goes back.
      if (answer === undefined) await budgets.settle(holds, 0);
      return answer;
    } finally {
      if (model.max_concurrency !== undefined) await gates.release(model.name, slot);
    }
  }

  return {
    circuits: () => breakers.snapshot(clock.now()),

    async generate(request: Run['request'], caller: Run['caller'] = {}): Promise<Generation> {
      const chain = await models.chain(request.model, MAX_CHAIN);
      const run: Run = {
        request,
        caller,
        started: clock.now(),
        requestId: ids.next('gen'),
        prices: await usage.overrides(),
        attempts: [],
        calls: 0,
      };
      let budgetError: BudgetExceededError | undefined;
      for (const [index, model] of chain.entries()) {
        const outcome = await tryModel(run, model, index);
        if (outcome instanceof BudgetExceededError) budgetError ??= outcome;
        else if (outcome !== undefined) return outcome;
      }
      const { attempts } = run;
      if (budgetError !== undefined && attempts.every((a) => a.outcome === 'budget_exceeded')) throw budgetError;
      if (
        attempts.length > 0 &&
        attempts.every((a) => a.outcome === 'concurrency_limit' || a.outcome === 'budget_exceeded')
      )
        throw new TooManyRequestsError(
          `Every model in the chain of '${request.model}' is at its concurrency limit or budget`,
          {
            details: { attempts },
          },
        );
      throw new UpstreamError(`No model in the chain of '${request.model}' answered`, { details: { attempts } });
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;
