import type { Provider } from './pricing.ts';

export interface GenerationParams {
  readonly temperature: number;
  readonly max_tokens: number;
  readonly top_p: number;
  readonly frequency_penalty: number;
}

/** An AI model the organisation calls, as an operator defines it (seed 003's model form). */
export interface AiModelSpec {
  /** Its id in paths and in `generate/text`'s `model`. */
  readonly name: string;
  readonly provider: Provider;
  /** The base URL, for OpenAI-compatible hosts and Ollama (and a proxy in front of the others). */
  readonly endpoint?: string;
  /** The provider's own model id (`gpt-4o-mini`, `us.anthropic.claude-3-5-haiku-20241022-v1:0`). */
  readonly model_id: string;
  readonly params: GenerationParams;
  /** The model the gateway falls back to when this one fails or its circuit is open. */
  readonly fallback_model?: string;
  /** Calls in flight at once across every gateway instance. */
  readonly max_concurrency?: number;
  readonly department?: string;
}

/** What the API shows of a key: never the key. */
export interface KeyInfo {
  readonly last4: string;
  readonly set_at: string;
}

export interface AiModel extends AiModelSpec {
  readonly created_at: string;
  readonly updated_at: string;
  /** Where the key is kept (a Secrets Manager name, or the local file's entry); never returned. */
  readonly key_ref?: string;
  readonly key?: KeyInfo;
  /** The newest health test's score and time. */
  readonly health?: { readonly score: number; readonly tested_at: string };
  readonly version: number;
}

export const USAGE_STATUSES = ['success', 'error'] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

/** One call to a provider, as a client reports it or the gateway logs it. */
export interface UsageInput {
  readonly request_id: string;
  /** Epoch ms. */
  readonly at: number;
  readonly model: string;
  readonly provider: Provider;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cached_input_tokens?: number;
  /** Seconds. */
  readonly latency: number;
  readonly status: UsageStatus;
  readonly error?: string;
  readonly user?: string;
  readonly department?: string;
}

/** A call as stored: its cost priced at ingestion with the price then in force. */
export interface UsageRecord extends UsageInput {
  readonly cost_usd: number | null;
  readonly price_source: string;
  /** `gateway` when the platform made the call (its cost already counted by the budget reservation). */
  readonly source: 'api' | 'gateway';
  /** The registered AI model the gateway called, when it did. */
  readonly ai_model?: string;
}

export const BUDGET_SCOPES = ['global', 'model', 'provider', 'department', 'key'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
export const BUDGET_PERIODS = ['daily', 'monthly'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export interface BudgetSpec {
  readonly name: string;
  /** What the budget covers: everything, one model id, provider, department, or key (the caller). */
  readonly scope: BudgetScope;
  /** The model id, provider, department or caller; absent for `global`. */
  readonly value?: string;
  readonly period: BudgetPeriod;
  readonly limit_usd: number;
}

export interface Budget extends BudgetSpec {
  readonly budget_id: string;
  readonly created_at: string;
}

/**
 * A budget's ledger for one period. `committed` is what the gateway has reserved and settled
 * (reservations open in `open`); `external` is the spend reported through the usage API, as
 * last summed. The gateway admits a call only while committed + external + its estimate fits.
 */
export interface Ledger {
  readonly committed: number;
  readonly external: number;
  readonly open: Readonly<Record<string, { readonly amount: number; readonly at: number }>>;
}
