import type { Price } from './prices.ts';
import type { AiModel, Budget, GenerationParams, Ledger, UsageRecord } from './types.ts';
import type { HealthResult } from './health.ts';

/** AI model definitions, each written on its version (optimistic concurrency). */
export interface AiModelStore {
  /** Writes when the stored version is `expected` (0: absent); false otherwise. */
  put(model: AiModel, expected: number): Promise<boolean>;
  get(name: string): Promise<AiModel | undefined>;
  list(): Promise<AiModel[]>;
  remove(name: string): Promise<boolean>;
}

/** Provider API keys: Secrets Manager in AWS, an encrypted file locally. */
export interface KeyVault {
  /** Stores (or replaces) a model's key; answers where it is kept. */
  put(name: string, key: string): Promise<string>;
  get(ref: string): Promise<string | undefined>;
  remove(ref: string): Promise<void>;
}

/** Calls, one record per `request_id` (a second write of the same id changes nothing). */
export interface UsageStore {
  /** Stores the records whose ids are new; answers the ids that were already there. */
  put(records: readonly UsageRecord[]): Promise<{ duplicates: ReadonlySet<string> }>;
  /** Every record with `at` in [from, to), oldest day first. */
  range(from: number, to: number): Promise<UsageRecord[]>;
}

/** Budgets, their per-period ledgers and the per-model concurrency gates. */
export interface BudgetStore {
  putBudget(budget: Budget): Promise<void>;
  getBudget(id: string): Promise<Budget | undefined>;
  listBudgets(): Promise<Budget[]>;
  removeBudget(id: string): Promise<boolean>;
  ledger(id: string, period: string): Promise<Ledger>;
  /**
   * Opens reservation `rid` of `amount` when the committed total is at most `ceiling` (so after
   * it, at most `ceiling + amount`); atomic, so concurrent callers cannot both see the same room.
   * False when it does not fit. A reservation already open under `rid` is not opened twice.
   */
  reserve(id: string, period: string, rid: string, amount: number, ceiling: number, at: number): Promise<boolean>;
  /** Closes reservation `rid`, replacing its amount by `actual`; once (false when not open). */
  settle(id: string, period: string, rid: string, actual: number): Promise<boolean>;
  setExternal(id: string, period: string, external: number): Promise<void>;
  /** Adds reported spend to a period's ledger (atomic; the scheduled re-sum then sets the exact figure). */
  addExternal(id: string, period: string, amount: number): Promise<Ledger>;
  /** Takes one of `max` slots of a model under `rid` until `until` (epoch ms); false when all are taken. */
  acquire(model: string, rid: string, max: number, until: number, now: number): Promise<boolean>;
  release(model: string, rid: string): Promise<void>;
}

/** Health test results per AI model. */
export interface HealthStore {
  add(result: HealthResult): Promise<void>;
  /** Newest first. */
  results(model: string, limit: number): Promise<HealthResult[]>;
}

/** A provider call's failure: `status` from the provider (none for a network failure or timeout). */
export class ProviderCallError extends Error {
  public constructor(
    message: string,
    public readonly status: number | undefined,
    public readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProviderCallError';
  }
}

export interface GenerationRequest {
  readonly provider: string;
  readonly endpoint?: string;
  readonly model_id: string;
  readonly key?: string;
  readonly prompt: string;
  readonly params: GenerationParams;
  readonly timeout_ms: number;
}

export interface GenerationResult {
  readonly text: string;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cached_input_tokens: number;
  readonly finish_reason: string;
}

/** Calls one provider's API; throws ProviderCallError. */
export interface ProviderClient {
  generate(request: GenerationRequest): Promise<GenerationResult>;
}

/**
 * One provider call in OpenTelemetry's GenAI semantic conventions (`gen_ai.client.token.usage`
 * per token type, `gen_ai.client.operation.duration`), for the platform's metrics.
 */
export interface GenAiCall {
  /** `gen_ai.system`: the provider. */
  readonly system: string;
  /** `gen_ai.request.model`: the provider's model id. */
  readonly request_model: string;
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** `gen_ai.usage.cache_read.input_tokens`. */
  readonly cache_read_tokens: number;
  /** Seconds. */
  readonly duration: number;
  /** `error.type`: the HTTP status or `timeout`/`network`; absent when it answered. */
  readonly error_type?: string;
}

export interface GenAiTelemetry {
  record(call: GenAiCall): void;
}

/** The alert manager, as AI operations use it. */
export interface ProviderAlerts {
  evaluate(scope: string, values: Readonly<Record<string, number>>): Promise<unknown>;
}

export type { Price };
