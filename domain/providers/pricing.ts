import { PRICE_TABLE, type Price } from './prices.ts';

export const PROVIDERS = ['openai', 'anthropic', 'bedrock', 'google', 'ollama', 'openai_compatible'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Self-hosted providers: their calls cost nothing unless an override prices them. */
const SELF_HOSTED: ReadonlySet<string> = new Set(['ollama', 'openai_compatible']);

/** Bedrock's cross-region inference profile prefixes. */
const REGION_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;
/** A version or date suffix: `-2024-08-06`, `-20241022-v2:0`, `-v1:0`, `:0`, `-latest`, `-001`. */
const VERSION_SUFFIX = /(?:-\d{4}-\d{2}-\d{2}|-\d{8}|-v\d+(?::\d+)?|:\d+|-latest|-\d{3})+$/;

/** The ids a model id may be priced under, most specific first. */
function candidates(provider: string, model: string): string[] {
  const ids = [model];
  const base = model.replace(VERSION_SUFFIX, '');
  if (base !== model) ids.push(base);
  // Ollama's tags (`llama3.1:8b`, `qwen2.5:14b-instruct`) price under the model's name.
  if (SELF_HOSTED.has(provider) && model.includes(':')) ids.push(model.slice(0, model.indexOf(':')));
  if (provider === 'bedrock' && REGION_PREFIX.test(model)) {
    const unprefixed = model.replace(REGION_PREFIX, '');
    ids.push(unprefixed);
    const unprefixedBase = unprefixed.replace(VERSION_SUFFIX, '');
    if (unprefixedBase !== unprefixed) ids.push(unprefixedBase);
  }
  return ids;
}

/**
 * The price in force for a call at `at` (epoch ms): among the overrides and the table, for the
 * most specific id that has one, the newest effective at or before `at` (an override wins a tie).
 * `free` for self-hosted providers without one; `undefined` when nothing prices the model.
 */
export function priceAt(
  provider: string,
  model: string,
  at: number,
  overrides: readonly Price[] = [],
): Price | 'free' | undefined {
  const day = new Date(at).toISOString().slice(0, 10);
  for (const id of candidates(provider, model)) {
    let best: Price | undefined;
    for (const list of [PRICE_TABLE, overrides])
      for (const p of list)
        if (p.provider === provider && p.model === id && p.effective_from <= day)
          if (best === undefined || p.effective_from >= best.effective_from) best = p;
    if (best !== undefined) return best;
  }
  return SELF_HOSTED.has(provider) ? 'free' : undefined;
}

export interface TokenCounts {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cached_input_tokens?: number;
}

/**
 * Cached tokens as each provider reports them. OpenAI, Google and OpenAI-compatible hosts count
 * cache hits inside the input tokens; Anthropic and Bedrock report them apart from the input
 * tokens (LangSmith's negative Bedrock costs came from subtracting them anyway).
 */
export function splitInput(provider: string, tokens: TokenCounts): { uncached: number; cached: number } {
  const cached = tokens.cached_input_tokens ?? 0;
  if (provider === 'anthropic' || provider === 'bedrock') return { uncached: tokens.input_tokens, cached };
  return { uncached: Math.max(0, tokens.input_tokens - cached), cached: Math.min(cached, tokens.input_tokens) };
}

export interface Cost {
  /** USD; null when no price covers the model (shown as unpriced, never as $0). */
  readonly cost_usd: number | null;
  /** The price used: `table:<date>`, `override:<date>`, `free` or `unpriced`. */
  readonly price_source: string;
}

/** What a call cost: never negative, cache reads at their own price (the input price when none is listed). */
export function costOf(
  provider: string,
  model: string,
  at: number,
  tokens: TokenCounts,
  overrides: readonly Price[] = [],
): Cost {
  const price = priceAt(provider, model, at, overrides);
  if (price === undefined) return { cost_usd: null, price_source: 'unpriced' };
  if (price === 'free') return { cost_usd: 0, price_source: 'free' };
  const { uncached, cached } = splitInput(provider, tokens);
  const usd =
    (uncached * price.input + cached * (price.cache_read ?? price.input) + tokens.output_tokens * price.output) / 1e6;
  const overridden = overrides.includes(price);
  return {
    cost_usd: Math.round(usd * 1e10) / 1e10,
    price_source: `${overridden ? 'override' : 'table'}:${price.effective_from}`,
  };
}
