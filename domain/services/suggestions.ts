import { hash64 } from '#lib/ids/hash.ts';
import { quantileOfSorted } from '#lib/stats/descriptive.ts';
import type { Breach } from './forecasts.ts';
import { top, type MinuteDetail, type MinuteStats } from './http-traffic.ts';
import type { ServiceAnomaly } from './types.ts';

export const SUGGESTION_CATEGORIES = ['capacity', 'memory', 'caching', 'errors', 'noisy_client', 'cost'] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

/** One optimisation suggestion (seed 001), its expected effect computed from the service's own data. */
export interface Suggestion {
  readonly suggestion_id: string;
  readonly service: string;
  readonly category: SuggestionCategory;
  readonly title: string;
  readonly description: string;
  readonly priority: 'high' | 'medium' | 'low';
  readonly expected_impact: {
    readonly metric: string;
    /** Negative: the metric goes down by that share. */
    readonly change_percent: number;
    /** How the number was computed, from which of the service's figures. */
    readonly basis: string;
  };
  readonly steps: readonly string[];
  readonly evidence: readonly string[];
  readonly created_at: string;
}

/** What the rules look at: a day of 5-minute CPU and memory means, the day's anomalies, the last hour of traffic, the forecast's breaches. */
export interface SuggestionInput {
  readonly service: string;
  readonly now: number;
  readonly cpu: readonly number[];
  readonly memory: readonly number[];
  readonly anomalies: readonly ServiceAnomaly[];
  /** The last hour's minutes of HTTP traffic (empty without events). */
  readonly minutes: readonly MinuteStats[];
  /** The last hour's callers and endpoints, merged. */
  readonly detail: MinuteDetail | undefined;
  /** The 24 h forecast's breaches, with each metric's forecast peak. */
  readonly breaches: readonly (Breach & { readonly peak: number })[];
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const p95 = (xs: readonly number[]) =>
  quantileOfSorted(
    [...xs].sort((a, b) => a - b),
    0.95,
  );
const inHours = (ms: number) => {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

/**
 * Seed 001's optimisation suggestions as rules over the service's own figures: capacity
 * (a forecast breach, sustained saturation), a memory leak, caching (repeated identical
 * requests), error hotspots (the endpoint with most 5xx), noisy clients (one caller's share),
 * and idle capacity. Each says what to do, why (evidence) and what it should change, computed
 * from the data with the basis spelled out. Highest priority first.
 */
export function suggest(input: SuggestionInput): Suggestion[] {
  const { service, now } = input;
  const day = new Date(now).toISOString().slice(0, 10);
  const out: Suggestion[] = [];
  const add = (s: Omit<Suggestion, 'suggestion_id' | 'service' | 'created_at'>, subject: string) =>
    out.push({
      // One id per service, kind and subject a day: asking again the same day finds the same one.
      suggestion_id: `sug_${hash64(`${service}|${s.category}|${subject}|${day}`)}`,
      service,
      created_at: new Date(now).toISOString(),
      ...s,
    });

  for (const b of input.breaches) {
    const headroom = b.metric === 'cpu' || b.metric === 'memory' ? 80 : b.threshold * 0.8;
    const change = -(1 - headroom / Math.max(b.peak, headroom)) * 100;
    const eta = Date.parse(b.expected_at) - now;
    add(
      {
        category: 'capacity',
        title: `Add capacity before ${b.metric} crosses ${b.threshold} (in ${inHours(eta)})`,
        description: `The 24 h forecast's upper 80 % band reaches ${b.threshold} at ${b.expected_at} (probability ${round(b.probability * 100, 0)} %); its peak is ${round(b.peak, 2)}.`,
        priority: eta < 6 * 3_600_000 ? 'high' : 'medium',
        expected_impact: {
          metric: b.metric,
          change_percent: round(change),
          basis: `capacity scaled by ${round(b.peak / headroom, 2)}x brings the forecast peak ${round(b.peak, 2)} down to ${headroom}`,
        },
        steps: [
          `Scale out (more instances) or up so that ${b.metric} peaks near ${headroom}.`,
          'Check what drives the rise (traffic, a job, a leak) before it arrives.',
          'Keep an autoscaling policy on this metric so the next rise needs no one.',
        ],
        evidence: [`forecast breach at ${b.expected_at}`, `forecast peak ${round(b.peak, 2)}`],
      },
      `breach:${b.metric}`,
    );
  }

  const lastHourCpu = input.cpu.slice(-12);
  const cpuNow = mean(lastHourCpu);
  if (lastHourCpu.length >= 6 && cpuNow >= 80)
    add(
      {
        category: 'capacity',
        title: `CPU has averaged ${round(cpuNow, 0)} % for the last hour: add capacity`,
        description: 'Sustained CPU above 80 % leaves no headroom for bursts; latency rises before errors do.',
        priority: cpuNow >= 90 ? 'high' : 'medium',
        expected_impact: {
          metric: 'cpu',
          change_percent: round(-(1 - 60 / cpuNow) * 100),
          basis: `capacity scaled by ${round(cpuNow / 60, 2)}x brings the last hour's mean ${round(cpuNow, 0)} % to 60 %`,
        },
        steps: [
          'Scale out by the factor above.',
          'Profile the hottest code path.',
          'Set an autoscaling target near 60 %.',
        ],
        evidence: [`CPU mean over the last ${lastHourCpu.length * 5} min: ${round(cpuNow, 1)} %`],
      },
      'saturation',
    );

  const leak = input.anomalies.find((a) => a.type === 'memory_leak');
  if (leak !== undefined) {
    const first = input.memory[0];
    const last = input.memory.at(-1);
    const growth = first !== undefined && last !== undefined && last > 0 ? ((last - first) / last) * 100 : 0;
    add(
      {
        category: 'memory',
        title: `Fix the memory leak in ${service}`,
        description: leak.explanation,
        priority: leak.severity === 'high' ? 'high' : 'medium',
        expected_impact: {
          metric: leak.metric,
          change_percent: round(-Math.max(0, growth)),
          basis: `memory grew from ${round(first ?? 0, 1)} to ${round(last ?? 0, 1)} over the day; without the leak it would stay at the start`,
        },
        steps: [
          'Restart the service before it runs out of memory (a stopgap).',
          'Take two heap snapshots some minutes apart and compare what grows.',
          'Look for caches without bounds, listeners never removed, and growing global collections.',
        ],
        evidence: [`anomaly ${leak.anomaly_id} at ${leak.detected_at}`],
      },
      'leak',
    );
  }

  const detail = input.detail;
  const requests = input.minutes.reduce((s, m) => s + m.requests, 0);
  if (detail !== undefined && requests >= 100) {
    // Caching: GET requests that repeat one the same caller made earlier in the hour.
    let repeats = 0;
    let gets = 0;
    const byEndpoint = new Map<string, number>();
    for (const [key, n] of Object.entries(detail.pairs)) {
      const [, method = '', ...path] = key.split(' ');
      if (method !== 'GET') continue;
      gets += n;
      repeats += n - 1;
      const endpoint = `GET ${path.join(' ')}`;
      byEndpoint.set(endpoint, (byEndpoint.get(endpoint) ?? 0) + n - 1);
    }
    const share = gets === 0 ? 0 : repeats / gets;
    const [hot] = [...byEndpoint.entries()].sort(([, a], [, b]) => b - a);
    if (share >= 0.3 && hot !== undefined)
      add(
        {
          category: 'caching',
          title: `Cache ${hot[0]}: ${round(share * 100, 0)} % of GET requests repeat one just made`,
          description: `In the last hour ${repeats} of ${gets} GET requests repeated a request the same caller had already made that hour; ${hot[0]} has ${hot[1]} of them.`,
          priority: share >= 0.5 ? 'high' : 'medium',
          expected_impact: {
            metric: 'backend_requests',
            change_percent: round(-share * 100),
            basis: `a cache keyed by caller and request answers the ${repeats} repeats of ${gets} GET requests of the last hour`,
          },
          steps: [
            `Add an HTTP cache (Cache-Control, ETag) or a server-side cache to ${hot[0]}.`,
            'Check the clients for polling loops or missing client-side caching.',
          ],
          evidence: [`${repeats} repeated GET requests in the last hour`, `${hot[0]}: ${hot[1]} repeats`],
        },
        `cache:${hot[0]}`,
      );

    // Error hotspots: the endpoint with most server errors.
    const errors5xx = input.minutes.reduce((s, m) => s + m.s5xx, 0);
    const [hotspot] = top(detail.errors, 1);
    if (hotspot !== undefined && hotspot.count >= 5 && hotspot.count >= 0.5 * errors5xx)
      add(
        {
          category: 'errors',
          title: `${hotspot.key} causes ${round((hotspot.count / errors5xx) * 100, 0)} % of the server errors`,
          description: `${hotspot.count} of the last hour's ${errors5xx} 5xx answers came from ${hotspot.key}.`,
          priority: hotspot.count / requests >= 0.05 ? 'high' : 'medium',
          expected_impact: {
            metric: 'error_rate',
            change_percent: round(-(hotspot.count / errors5xx) * 100),
            basis: `fixing ${hotspot.key} removes ${hotspot.count} of ${errors5xx} server errors of the last hour`,
          },
          steps: [
            `Read the logs of ${hotspot.key} for this hour; group the errors by cause.`,
            'Roll back the endpoint if a recent deploy introduced them.',
            'Add a timeout and a fallback where it depends on another service.',
          ],
          evidence: [`${hotspot.key}: ${hotspot.count} 5xx in the last hour`],
        },
        `errors:${hotspot.key}`,
      );

    // Noisy client: one caller with a large share of the traffic.
    const [caller] = top(detail.ips, 1);
    const callers = Object.keys(detail.ips).length;
    if (caller !== undefined && callers >= 3 && caller.count >= 300 && caller.count >= 0.3 * requests)
      add(
        {
          category: 'noisy_client',
          title: `Rate-limit ${caller.key}: ${round((caller.count / requests) * 100, 0)} % of all requests`,
          description: `${caller.key} sent ${caller.count} of the last hour's ${requests} requests, among ${callers} callers.`,
          priority: caller.count >= 0.5 * requests ? 'high' : 'medium',
          expected_impact: {
            metric: 'requests',
            change_percent: round(-(caller.count / requests) * 100),
            basis: `blocking ${caller.key} removes its ${caller.count} of ${requests} requests of the last hour`,
          },
          steps: [
            `Find out who ${caller.key} is (a crawler, a partner, a retry loop).`,
            'Add a per-client rate limit at the gateway or load balancer.',
          ],
          evidence: [`${caller.key}: ${caller.count} requests in the last hour`],
        },
        `client:${caller.key}`,
      );
  }

  // Idle capacity: a whole day of little CPU and memory.
  if (input.cpu.length >= 144 && input.memory.length >= 144) {
    const cpu95 = p95(input.cpu);
    const mem95 = p95(input.memory);
    if (cpu95 < 20 && mem95 < 40)
      add(
        {
          category: 'cost',
          title: `Downsize ${service}: CPU p95 ${round(cpu95, 0)} %, memory p95 ${round(mem95, 0)} % over the day`,
          description: 'The service uses a small part of what it has; half the capacity would still leave headroom.',
          priority: 'low',
          expected_impact: {
            metric: 'cost',
            change_percent: -50,
            basis: `half the capacity roughly doubles utilisation to CPU p95 ${round(cpu95 * 2, 0)} % and memory p95 ${round(mem95 * 2, 0)} %, both under 80 %`,
          },
          steps: [
            'Halve the instance size or count in a staging run first.',
            'Watch latency p95 for a day after the change.',
          ],
          evidence: [`CPU p95 ${round(cpu95, 1)} %`, `memory p95 ${round(mem95, 1)} %`],
        },
        'idle',
      );
  }

  const rank = { high: 0, medium: 1, low: 2 };
  return out.sort((a, b) => rank[a.priority] - rank[b.priority]);
}
