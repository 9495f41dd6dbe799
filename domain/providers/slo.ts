import { quantileOfSorted } from '#lib/stats/descriptive.ts';
import type { UsageRecord } from './types.ts';

/** The manual's SLOs for every AI model. */
export const SLO_TARGETS = {
  availability: 0.999,
  /** Seconds. */
  latency_p50: 1,
  latency_p95: 2,
  latency_p99: 5,
  error_rate: 0.01,
} as const;

/**
 * Multi-window burn-rate alerts (the SRE workbook, ch. 5): a long window to be significant and
 * a short one to reset fast. Page at 14.4x over 1 h and 5 min (2 % of a 30-day budget in an
 * hour); ticket at 6x over 6 h and 30 min (5 % in 6 h).
 */
export const BURN_WINDOWS = {
  fast: { long_ms: 3_600_000, short_ms: 300_000, factor: 14.4 },
  slow: { long_ms: 6 * 3_600_000, short_ms: 1_800_000, factor: 6 },
} as const;

/** A quantile of the sorted latencies, null without any. */
const quantile = (sorted: readonly number[], q: number): number | null =>
  sorted.length === 0 ? null : quantileOfSorted(sorted, q);

const errorRate = (records: readonly UsageRecord[]) =>
  records.length === 0 ? 0 : records.filter((r) => r.status === 'error').length / records.length;

/** The burn rate over the records of [now - span, now]: error rate over the budgeted error rate. */
export function burnRate(records: readonly UsageRecord[], now: number, spanMs: number): number {
  const inWindow = records.filter((r) => r.at > now - spanMs && r.at <= now);
  return Math.round((errorRate(inWindow) / (1 - SLO_TARGETS.availability)) * 100) / 100;
}

const r4 = (v: number | null) => (v === null ? null : Math.round(v * 1e4) / 1e4);

/** One model's SLO report over `records` (its calls in the window ending at `now`). */
export function sloReport(model: string, provider: string, records: readonly UsageRecord[], now: number) {
  const calls = records.length;
  const failures = records.filter((r) => r.status === 'error').length;
  const latencies = records
    .filter((r) => r.status === 'success')
    .map((r) => r.latency)
    .sort((a, b) => a - b);
  const availability = calls === 0 ? null : (calls - failures) / calls;
  const allowed = calls * (1 - SLO_TARGETS.availability);
  const p50 = quantile(latencies, 0.5);
  const p95 = quantile(latencies, 0.95);
  const p99 = quantile(latencies, 0.99);
  const burn = {
    fast_long: burnRate(records, now, BURN_WINDOWS.fast.long_ms),
    fast_short: burnRate(records, now, BURN_WINDOWS.fast.short_ms),
    slow_long: burnRate(records, now, BURN_WINDOWS.slow.long_ms),
    slow_short: burnRate(records, now, BURN_WINDOWS.slow.short_ms),
  };
  const recent = records.filter((r) => r.at > now - 300_000);
  return {
    model,
    provider,
    calls,
    failures,
    availability: r4(availability),
    error_rate: calls === 0 ? null : r4(failures / calls),
    latency: { p50: r4(p50), p95: r4(p95), p99: r4(p99) },
    /** Share of the window's error budget left (negative: overspent); null without calls. */
    error_budget_remaining: calls === 0 ? null : r4(1 - failures / Math.max(allowed, Number.EPSILON)),
    burn_rates: burn,
    objectives: {
      availability: availability === null ? null : availability >= SLO_TARGETS.availability,
      latency_p50: p50 === null ? null : p50 <= SLO_TARGETS.latency_p50,
      latency_p95: p95 === null ? null : p95 <= SLO_TARGETS.latency_p95,
      latency_p99: p99 === null ? null : p99 <= SLO_TARGETS.latency_p99,
      error_rate: calls === 0 ? null : failures / calls < SLO_TARGETS.error_rate,
    },
    /** What the alert manager evaluates for `llm:<provider>/<model>`. */
    alert_values: {
      slo_burn_fast: Math.min(burn.fast_long, burn.fast_short),
      slo_burn_slow: Math.min(burn.slow_long, burn.slow_short),
      ...(recent.length > 0
        ? {
            llm_response_time: r4(recent.reduce((s, r) => s + r.latency, 0) / recent.length) ?? 0,
            llm_error_rate: r4(errorRate(recent)) ?? 0,
          }
        : {}),
    },
  };
}

export type SloReport = ReturnType<typeof sloReport>;

/** The alert scope of a provider model's SLOs and real-time rules. */
export const llmScope = (provider: string, model: string): string => `llm:${provider}/${model}`;

/** Reports per provider model over the records. */
export function sloReports(records: readonly UsageRecord[], now: number): SloReport[] {
  const groups = new Map<string, UsageRecord[]>();
  for (const r of records) {
    const key = `${r.provider}\u0000${r.model}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  }
  return [...groups].map(([key, rs]) => {
    const [provider = '', model = ''] = key.split('\u0000');
    return sloReport(model, provider, rs, now);
  });
}
