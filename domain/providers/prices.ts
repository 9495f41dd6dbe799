/**
 * The price table: USD per million tokens, versioned by the date each price took effect, each
 * with where it was read. Cost is computed at ingestion with the price in force at the call's
 * time (Langfuse's rule), so a later price change never rewrites history. Operators add
 * overrides through the API (`PUT /api/v1/aiops/llm/prices`); an override beats the table from
 * its `effective_from` on.
 *
 * Matching: a price's `model` is the provider's model id. Bedrock's cross-region inference
 * profiles (`us.`, `eu.`, `apac.`, `jp.`, `global.` before the model id) bill at the source
 * region's on-demand price, so the prefix is matched away; a price may name a prefixed id to
 * price a region apart. Dated model ids (`gpt-4o-2024-08-06`, `...-20241022-v2:0`) match their
 * base entry when no exact one exists.
 */
export interface Price {
  readonly provider: string;
  readonly model: string;
  /** Per million input tokens that were not read from the cache. */
  readonly input: number;
  readonly output: number;
  /** Per million input tokens read from the prompt cache; absent: the input price (never 0 by omission). */
  readonly cache_read?: number;
  /** ISO date the price took effect. */
  readonly effective_from: string;
  readonly source: string;
}

const OPENAI = 'https://openai.com/api/pricing (read 2025-06-01)';
const ANTHROPIC = 'https://www.anthropic.com/pricing#api (read 2025-06-01)';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/pricing (read 2025-06-01)';
const BEDROCK = 'https://aws.amazon.com/bedrock/pricing/ (us-east-1 on-demand, read 2025-06-01)';

export const PRICE_TABLE: readonly Price[] = [
  // OpenAI: cached input is half (gpt-4o family) or a quarter (gpt-4.1 family) of the input price.
  { provider: 'openai', model: 'gpt-4o', input: 5, output: 15, effective_from: '2024-05-13', source: OPENAI },
  {
    provider: 'openai',
    model: 'gpt-4o',
    input: 2.5,
    output: 10,
    cache_read: 1.25,
    effective_from: '2024-10-01',
    source: OPENAI,
  },
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    input: 0.15,
    output: 0.6,
    cache_read: 0.075,
    effective_from: '2024-07-18',
    source: OPENAI,
  },
  {
    provider: 'openai',
    model: 'gpt-4.1',
    input: 2,
    output: 8,
    cache_read: 0.5,
    effective_from: '2025-04-14',
    source: OPENAI,
  },
  {
    provider: 'openai',
    model: 'gpt-4.1-mini',
    input: 0.4,
    output: 1.6,
    cache_read: 0.1,
    effective_from: '2025-04-14',
    source: OPENAI,
  },
  {
    provider: 'openai',
    model: 'gpt-4.1-nano',
    input: 0.1,
    output: 0.4,
    cache_read: 0.025,
    effective_from: '2025-04-14',
    source: OPENAI,
  },
  {
    provider: 'openai',
    model: 'o3-mini',
    input: 1.1,
    output: 4.4,
    cache_read: 0.55,
    effective_from: '2025-01-31',
    source: OPENAI,
  },
  // Anthropic: cache reads at a tenth of the input price.
  {
    provider: 'anthropic',
    model: 'claude-3-5-sonnet',
    input: 3,
    output: 15,
    cache_read: 0.3,
    effective_from: '2024-06-20',
    source: ANTHROPIC,
  },
  {
    provider: 'anthropic',
    model: 'claude-3-7-sonnet',
    input: 3,
    output: 15,
    cache_read: 0.3,
    effective_from: '2025-02-24',
    source: ANTHROPIC,
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4',
    input: 3,
    output: 15,
    cache_read: 0.3,
    effective_from: '2025-05-22',
    source: ANTHROPIC,
  },
  {
    provider: 'anthropic',
    model: 'claude-opus-4',
    input: 15,
    output: 75,
    cache_read: 1.5,
    effective_from: '2025-05-22',
    source: ANTHROPIC,
  },
  {
    provider: 'anthropic',
    model: 'claude-3-5-haiku',
    input: 0.8,
    output: 4,
    cache_read: 0.08,
    effective_from: '2024-11-04',
    source: ANTHROPIC,
  },
  {
    provider: 'anthropic',
    model: 'claude-3-haiku',
    input: 0.25,
    output: 1.25,
    cache_read: 0.03,
    effective_from: '2024-03-13',
    source: ANTHROPIC,
  },
  // Google (prompts up to 128k/200k tokens).
  {
    provider: 'google',
    model: 'gemini-2.0-flash',
    input: 0.1,
    output: 0.4,
    cache_read: 0.025,
    effective_from: '2025-02-05',
    source: GOOGLE,
  },
  {
    provider: 'google',
    model: 'gemini-1.5-flash',
    input: 0.075,
    output: 0.3,
    cache_read: 0.01875,
    effective_from: '2024-10-01',
    source: GOOGLE,
  },
  {
    provider: 'google',
    model: 'gemini-1.5-pro',
    input: 1.25,
    output: 5,
    cache_read: 0.3125,
    effective_from: '2024-10-01',
    source: GOOGLE,
  },
  // Bedrock (model ids as Bedrock names them; the cross-region prefixes match these).
  {
    provider: 'bedrock',
    model: 'anthropic.claude-3-5-sonnet',
    input: 3,
    output: 15,
    cache_read: 0.3,
    effective_from: '2024-06-20',
    source: BEDROCK,
  },
  {
    provider: 'bedrock',
    model: 'anthropic.claude-3-7-sonnet',
    input: 3,
    output: 15,
    cache_read: 0.3,
    effective_from: '2025-02-24',
    source: BEDROCK,
  },
  {
    provider: 'bedrock',
    model: 'anthropic.claude-sonnet-4',
    input: 3,
    output: 15,
    cache_read: 0.3,
    effective_from: '2025-05-22',
    source: BEDROCK,
  },
  {
    provider: 'bedrock',
    model: 'anthropic.claude-3-5-haiku',
    input: 0.8,
    output: 4,
    cache_read: 0.08,
    effective_from: '2024-11-04',
    source: BEDROCK,
  },
  {
    provider: 'bedrock',
    model: 'anthropic.claude-3-haiku',
    input: 0.25,
    output: 1.25,
    effective_from: '2024-03-13',
    source: BEDROCK,
  },
  {
    provider: 'bedrock',
    model: 'amazon.nova-micro',
    input: 0.035,
    output: 0.14,
    cache_read: 0.00875,
    effective_from: '2024-12-03',
    source: BEDROCK,
  },
  {
    provider: 'bedrock',
    model: 'amazon.nova-lite',
    input: 0.06,
    output: 0.24,
    cache_read: 0.015,
    effective_from: '2024-12-03',
    source: BEDROCK,
  },
  {
    provider: 'bedrock',
    model: 'amazon.nova-pro',
    input: 0.8,
    output: 3.2,
    cache_read: 0.2,
    effective_from: '2024-12-03',
    source: BEDROCK,
  },
  {
    provider: 'bedrock',
    model: 'meta.llama3-1-70b-instruct',
    input: 0.72,
    output: 0.72,
    effective_from: '2024-07-23',
    source: BEDROCK,
  },
];
