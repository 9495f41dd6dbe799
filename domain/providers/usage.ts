import { configDoc, readDoc, type ConfigStore } from '#domain/kernel/config-docs.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { costOf } from './pricing.ts';
import type { Price } from './prices.ts';
import type { UsageStore } from './providers.ports.ts';
import type { UsageInput, UsageRecord } from './types.ts';

/** Operators' price overrides (newest `effective_from` at or before a call wins, over the table). */
export const PRICE_OVERRIDES_DOC = configDoc<{ overrides: Price[] }>('llm_prices', { overrides: [] });

export interface UsageDeps {
  readonly store: UsageStore;
  readonly config: ConfigStore;
  readonly clock: Clock;
  /** Called with the records a batch added (budgets re-sum their spend). */
  readonly onAdded?: (records: readonly UsageRecord[]) => Promise<void>;
}

export interface UsageResult {
  readonly request_id: string;
  readonly status: 'created' | 'duplicate';
  readonly cost_usd: number | null;
  readonly price_source: string;
}

/** One group's figures in a report. */
export interface UsageGroup {
  readonly key: string;
  readonly calls: number;
  readonly successes: number;
  readonly errors: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cached_input_tokens: number;
  readonly cost_usd: number;
  readonly unpriced_calls: number;
  readonly mean_latency: number;
  /** Cost divided by successful calls (null without one). */
  readonly cost_per_success: number | null;
  /** Its share of all calls in the window. */
  readonly share: number;
}

/** Models used for less than this share of calls are listed as underused. */
export const UNDERUSED_SHARE = 0.1;

function group(records: readonly UsageRecord[], keyOf: (r: UsageRecord) => string, total: number): UsageGroup[] {
  const acc = new Map<string, UsageRecord[]>();
  for (const r of records) {
    const k = keyOf(r);
    const list = acc.get(k);
    if (list === undefined) acc.set(k, [r]);
    else list.push(r);
  }
  return [...acc].map(([key, rs]) => {
    const successes = rs.filter((r) => r.status === 'success').length;
    const cost = rs.reduce((s, r) => s + (r.cost_usd ?? 0), 0);
    return {
      key,
      calls: rs.length,
      successes,
      errors: rs.length - successes,
      input_tokens: rs.reduce((s, r) => s + r.input_tokens, 0),
      output_tokens: rs.reduce((s, r) => s + r.output_tokens, 0),
      cached_input_tokens: rs.reduce((s, r) => s + (r.cached_input_tokens ?? 0), 0),
      cost_usd: round(cost),
      unpriced_calls: rs.filter((r) => r.cost_usd === null).length,
      mean_latency: round(rs.reduce((s, r) => s + r.latency, 0) / rs.length, 4),
      cost_per_success: successes === 0 ? null : round(cost / successes),
      share: total === 0 ? 0 : round(rs.length / total, 4),
    };
  });
}

/** Rounded to `digits` decimals (money to a millionth of a dollar by default). */
export const round = (v: number, digits = 6) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Usage and cost: calls in (priced at ingestion), reports out. */
export function createUsage({ store, config, clock, onAdded }: UsageDeps) {
  async function overrides(): Promise<Price[]> {
    return (await readDoc(config, PRICE_OVERRIDES_DOC)).overrides;
  }

  function priced(
    input: UsageInput,
    list: readonly Price[],
    source: UsageRecord['source'],
    aiModel?: string,
  ): UsageRecord {
    const { cost_usd, price_source } = costOf(input.provider, input.model, input.at, input, list);
    return { ...input, cost_usd, price_source, source, ...(aiModel !== undefined ? { ai_model: aiModel } : {}) };
  }

  return {
    /**
     * Stores calls once per `request_id` (a retried batch, or the same id twice in one, adds
     * nothing), each costed with the price in force at its own time.
     */
    async ingest(
      inputs: readonly UsageInput[],
    ): Promise<{ created: number; duplicates: number; results: UsageResult[] }> {
      const list = await overrides();
      // The first call of each id in the batch is the one stored.
      const records = new Map<string, UsageRecord>();
      for (const input of inputs)
        if (!records.has(input.request_id)) records.set(input.request_id, priced(input, list, 'api'));
      const { duplicates } = await store.put([...records.values()]);
      const told = new Set<string>();
      const final: UsageResult[] = inputs.map(({ request_id }) => {
        const record = records.get(request_id);
        const created = !duplicates.has(request_id) && !told.has(request_id);
        told.add(request_id);
        return {
          request_id,
          status: created ? 'created' : 'duplicate',
          cost_usd: record?.cost_usd ?? null,
          price_source: record?.price_source ?? 'unpriced',
        };
      });
      const added = [...records.values()].filter((r) => !duplicates.has(r.request_id));
      if (added.length > 0 && onAdded !== undefined) await onAdded(added);
      const created = final.filter((r) => r.status === 'created').length;
      return { created, duplicates: final.length - created, results: final };
    },

    /**
     * Logs a call the platform made to a registered model. `reserved`: its cost went through the
     * budgets' reservation (the gateway); otherwise (health tests) it counts like reported usage.
     * `prices`: the overrides the caller already read (one read per request, not per call).
     */
    async logGatewayCall(
      input: UsageInput,
      call: { readonly aiModel: string; readonly reserved: boolean; readonly prices: readonly Price[] },
    ): Promise<UsageRecord> {
      const record = priced(input, call.prices, call.reserved ? 'gateway' : 'api', call.aiModel);
      await store.put([record]);
      return record;
    },

    /** The cost a call of these tokens would have now (the gateway's estimate before the call). */
    estimate(
      provider: UsageInput['provider'],
      model: string,
      tokens: { input_tokens: number; output_tokens: number },
      prices: readonly Price[],
    ) {
      return costOf(provider, model, clock.now(), tokens, prices);
    },

    overrides,

    /** Adds a price override (the newest of a model's with the same date replaces it). */
    async setPrice(price: Price): Promise<Price[]> {
      const list = (await overrides()).filter(
        (p) => !(p.provider === price.provider && p.model === price.model && p.effective_from === price.effective_from),
      );
      const next = [...list, price].sort(
        (a, b) => a.model.localeCompare(b.model) || a.effective_from.localeCompare(b.effective_from),
      );
      await config.put(PRICE_OVERRIDES_DOC.key, { overrides: next });
      return next;
    },

    /**
     * Usage and cost in [from, to): totals, by model, department and hour of day (UTC), the
     * models under 10 % of calls, and models ranked by cost per successful call (cheapest first).
     */
    async report(from: number, to: number) {
      const records = await store.range(from, to);
      const total = records.length;
      const [totals] = group(records, () => 'all', total);
      const byModel = group(records, (r) => `${r.provider}/${r.model}`, total).sort((a, b) => b.cost_usd - a.cost_usd);
      const byHour = group(records, (r) => String(new Date(r.at).getUTCHours()).padStart(2, '0'), total).sort((a, b) =>
        a.key.localeCompare(b.key),
      );
      return {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        totals: totals ?? null,
        by_model: byModel,
        by_department: group(records, (r) => r.department ?? '(none)', total).sort((a, b) => b.cost_usd - a.cost_usd),
        by_hour: byHour,
        underused: byModel.filter((g) => g.share < UNDERUSED_SHARE).map((g) => ({ model: g.key, share: g.share })),
        cost_per_success_ranking: byModel
          .filter((g) => g.cost_per_success !== null)
          .sort((a, b) => (a.cost_per_success ?? 0) - (b.cost_per_success ?? 0))
          .map((g) => ({ model: g.key, cost_per_success: g.cost_per_success, successes: g.successes })),
      };
    },

    records: (from: number, to: number) => store.range(from, to),
  };
}

export type Usage = ReturnType<typeof createUsage>;
