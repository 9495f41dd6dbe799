import { costOf, priceAt, splitInput } from '#domain/providers/pricing.ts';
import { PRICE_TABLE, type Price } from '#domain/providers/prices.ts';
import fc from 'fast-check';

const at = Date.parse('2026-11-24T10:00:00Z');

describe('the price table', () => {
  it('gives every price a source and a date, and no negative number', () => {
    for (const p of PRICE_TABLE) {
      expect(p.source).toMatch(/read \d{4}-\d{2}-\d{2}/);
      expect(p.effective_from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Math.min(p.input, p.output, p.cache_read ?? 0)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('costOf', () => {
  it('prices Bedrock calls by their regional and dated model ids, never at $0 (Langfuse #4072)', () => {
    for (const id of [
      'anthropic.claude-3-5-haiku-20241022-v1:0',
      'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      'eu.anthropic.claude-3-5-haiku-20241022-v1:0',
      'apac.anthropic.claude-3-5-haiku-20241022-v1:0',
    ]) {
      const cost = costOf('bedrock', id, at, { input_tokens: 1_000_000, output_tokens: 1_000_000 });
      expect(cost).toEqual({ cost_usd: 4.8, price_source: 'table:2024-11-04' });
    }
  });

  it('never costs a call below zero when Bedrock reports cache reads apart from input tokens (LangSmith #1858)', () => {
    // Bedrock: 10 uncached input tokens, 5,000 read from the cache.
    const cost = costOf('bedrock', 'us.anthropic.claude-3-5-haiku-20241022-v1:0', at, {
      input_tokens: 10,
      output_tokens: 100,
      cached_input_tokens: 5000,
    });
    expect(cost.cost_usd).toBeCloseTo((10 * 0.8 + 5000 * 0.08 + 100 * 4) / 1e6, 12);
    fc.assert(
      fc.property(
        fc.constantFrom('openai', 'anthropic', 'bedrock', 'google'),
        fc.constantFrom('gpt-4o', 'claude-3-5-haiku', 'anthropic.claude-3-5-haiku', 'gemini-2.0-flash'),
        fc.nat(10_000_000),
        fc.nat(10_000_000),
        fc.nat(10_000_000),
        (provider, model, input, output, cached) => {
          const c = costOf(provider, model, at, {
            input_tokens: input,
            output_tokens: output,
            cached_input_tokens: cached,
          });
          return c.cost_usd === null || c.cost_usd >= 0;
        },
      ),
    );
  });

  it('prices cache reads at their own rate, inside the input tokens for OpenAI (Langfuse #4590)', () => {
    const cost = costOf('openai', 'gpt-4o-2024-08-06', at, {
      input_tokens: 1_000_000,
      output_tokens: 0,
      cached_input_tokens: 400_000,
    });
    expect(cost.cost_usd).toBeCloseTo(0.6 * 2.5 + 0.4 * 1.25, 9);
    expect(splitInput('openai', { input_tokens: 10, output_tokens: 0, cached_input_tokens: 50 })).toEqual({
      uncached: 0,
      cached: 10,
    });
  });

  it('costs a call with the price in force at its time, and an override from its date on', () => {
    const may2024 = Date.parse('2024-06-01T00:00:00Z');
    expect(costOf('openai', 'gpt-4o', may2024, { input_tokens: 1e6, output_tokens: 0 }).cost_usd).toBe(5);
    expect(costOf('openai', 'gpt-4o', at, { input_tokens: 1e6, output_tokens: 0 }).cost_usd).toBe(2.5);
    const override: Price = {
      provider: 'openai',
      model: 'gpt-4o',
      input: 2,
      output: 8,
      effective_from: '2026-11-01',
      source: 'contract',
    };
    expect(costOf('openai', 'gpt-4o', at, { input_tokens: 1e6, output_tokens: 0 }, [override])).toEqual({
      cost_usd: 2,
      price_source: 'override:2026-11-01',
    });
    // Cache reads of an override without a cache price fall back to its input price, never to 0.
    expect(
      costOf('openai', 'gpt-4o', at, { input_tokens: 1e6, output_tokens: 0, cached_input_tokens: 1e6 }, [override])
        .cost_usd,
    ).toBe(2);
    const before = Date.parse('2026-10-31T00:00:00Z');
    expect(costOf('openai', 'gpt-4o', before, { input_tokens: 1e6, output_tokens: 0 }, [override]).cost_usd).toBe(2.5);
  });

  it('marks a model nothing prices as unpriced (null), and self-hosted ones free unless overridden (LiteLLM #10973)', () => {
    expect(costOf('openai', 'gpt-unknown-9', at, { input_tokens: 10, output_tokens: 10 })).toEqual({
      cost_usd: null,
      price_source: 'unpriced',
    });
    expect(priceAt('ollama', 'llama3.1:8b', at)).toBe('free');
    expect(costOf('ollama', 'llama3.1:8b', at, { input_tokens: 10, output_tokens: 10 }).cost_usd).toBe(0);
    const priced: Price = {
      provider: 'ollama',
      model: 'llama3.1',
      input: 0.1,
      output: 0.1,
      effective_from: '2026-01-01',
      source: 'GPU hours',
    };
    expect(costOf('ollama', 'llama3.1:8b', at, { input_tokens: 1e6, output_tokens: 0 }, [priced]).cost_usd).toBe(0.1);
  });
});
