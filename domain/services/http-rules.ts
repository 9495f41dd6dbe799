import { quantileOfSorted } from '#lib/stats/descriptive.ts';
import { top, type MinuteDetail, type MinuteStats } from './http-traffic.ts';
import type { ServiceAnomaly } from './types.ts';

/** Minutes before the judged one that make its baseline. */
export const BASELINE_MINUTES = 30;

/** A rule's finding about one minute, before it is graded and named. */
export interface Finding {
  readonly metric: string;
  readonly type: ServiceAnomaly['type'];
  readonly value: number;
  readonly expected: number | null;
  readonly score: number;
  readonly explanation: string;
}

const median = (xs: readonly number[]): number =>
  xs.length === 0
    ? 0
    : quantileOfSorted(
        [...xs].sort((a, b) => a - b),
        0.5,
      );
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const secs = (x: number) => (x >= 1 ? `${x.toFixed(2)} s` : `${(x * 1000).toFixed(0)} ms`);

/**
 * The rules over one minute of HTTP traffic (seed 004's detectors), judged against the minutes
 * before it (`history`, oldest first, empty minutes included as zero requests):
 * 5xx and 4xx bursts, latency spikes (mean, p95, p99), RPS spikes and drops, and with `detail`
 * the per-caller ones (one IP's burst, the same request repeated, one endpoint hammered).
 * Like Datadog Watchdog, a traffic spike with no error or latency impact is only `low`.
 * `complete` is false for the minute still in progress: a drop is not judged on it.
 */
export function judgeMinute(
  current: MinuteStats,
  history: readonly MinuteStats[],
  detail: MinuteDetail | undefined,
  complete: boolean,
): Finding[] {
  const found: Finding[] = [];
  const base = history.slice(-BASELINE_MINUTES);
  const baseRequests = base.reduce((s, m) => s + m.requests, 0);
  const rate = (n: (m: MinuteStats) => number) =>
    baseRequests === 0 ? 0 : base.reduce((s, m) => s + n(m), 0) / baseRequests;
  const base5xx = rate((m) => m.s5xx);
  const base4xx = rate((m) => m.s4xx);
  const medianRequests = median(base.map((m) => m.requests));

  // 5xx burst: at least 5 server errors, 5 % of requests, and three times the usual rate.
  const rate5xx = current.error_rate;
  const burst5xx = current.s5xx >= 5 && rate5xx >= 0.05 && rate5xx >= 3 * base5xx + 0.01;
  if (burst5xx)
    found.push({
      metric: 'http_5xx',
      type: 'http_5xx_burst',
      value: current.s5xx,
      expected: Math.round(base5xx * current.requests * 100) / 100,
      score: rate5xx >= 0.2 ? 0.9 : 0.7,
      explanation: `${current.s5xx} server errors (5xx) in a minute, ${pct(rate5xx)} of ${current.requests} requests, against a usual ${pct(base5xx)}.`,
    });

  // 4xx burst: clients failing in numbers (scans, a broken client release, auth expiry).
  const rate4xx = current.requests === 0 ? 0 : current.s4xx / current.requests;
  if (current.s4xx >= 20 && rate4xx >= 0.25 && rate4xx >= 3 * base4xx + 0.02)
    found.push({
      metric: 'http_4xx',
      type: 'http_4xx_burst',
      value: current.s4xx,
      expected: Math.round(base4xx * current.requests * 100) / 100,
      score: rate4xx >= 0.5 ? 0.8 : 0.65,
      explanation: `${current.s4xx} client errors (4xx) in a minute, ${pct(rate4xx)} of requests, against a usual ${pct(base4xx)}.`,
    });

  // Latency spike on the mean, p95 or p99: three times the usual and 100 ms more, on real traffic.
  let latency: Finding | undefined;
  const busy = base.filter((m) => m.requests >= 5);
  if (current.requests >= 10 && busy.length >= 5)
    for (const [metric, of] of [
      ['response_time_mean', (m: MinuteStats) => m.mean_response_time],
      ['response_time_p95', (m: MinuteStats) => m.p95],
      ['response_time_p99', (m: MinuteStats) => m.p99],
    ] as const) {
      const usual = median(busy.map(of));
      const value = of(current);
      if (value >= 3 * usual && value - usual >= 0.1) {
        const score = value >= 5 * usual ? 0.85 : 0.7;
        if (latency === undefined || score > latency.score)
          latency = {
            metric,
            type: 'latency_spike',
            value,
            expected: usual,
            score,
            explanation: `${metric.replace('response_time_', 'Response time ')} is ${secs(value)} against a usual ${secs(usual)}.`,
          };
      }
    }
  if (latency !== undefined) found.push(latency);

  // RPS spike: graded by its impact; traffic alone is low (shown, never alerted).
  if (medianRequests >= 10 && current.requests >= 5 * medianRequests) {
    const impact = burst5xx || latency !== undefined || rate5xx > 2 * base5xx + 0.01;
    found.push({
      metric: 'http_rps',
      type: 'rps_spike',
      value: current.rps,
      expected: medianRequests / 60,
      score: impact ? 0.75 : 0.45,
      explanation: `${current.requests} requests in a minute, ${(current.requests / medianRequests).toFixed(1)} times the usual ${medianRequests.toFixed(0)}${impact ? ', with errors or latency rising' : ', with no error or latency impact'}.`,
    });
  }

  // RPS drop, on a finished minute: an outage often shows first as traffic that stops.
  if (complete && medianRequests >= 30 && current.requests <= 0.2 * medianRequests)
    found.push({
      metric: 'http_rps',
      type: 'rps_drop',
      value: current.rps,
      expected: medianRequests / 60,
      score: current.requests === 0 ? 0.85 : 0.75,
      explanation:
        current.requests === 0
          ? `No requests at all in a minute where about ${medianRequests.toFixed(0)} are usual.`
          : `Only ${current.requests} requests in a minute where about ${medianRequests.toFixed(0)} are usual.`,
    });

  if (detail !== undefined && current.requests > 0) {
    const [ip] = top(detail.ips, 1);
    if (ip !== undefined && ip.count >= 100 && ip.count >= 0.5 * current.requests)
      found.push({
        metric: 'client_ip',
        type: 'ip_burst',
        value: ip.count,
        expected: null,
        score: ip.count >= 600 ? 0.85 : 0.7,
        explanation: `${ip.key} sent ${ip.count} of the minute's ${current.requests} requests.`,
      });
    const [pair] = top(detail.pairs, 1);
    if (pair !== undefined && pair.count >= 60) {
      const [caller = '', ...request] = pair.key.split(' ');
      found.push({
        metric: 'client_ip',
        type: 'repeated_requests',
        value: pair.count,
        expected: null,
        score: pair.count >= 300 ? 0.8 : 0.65,
        explanation: `${caller} repeated ${request.join(' ')} ${pair.count} times in a minute (more than once a second).`,
      });
    }
    const [endpoint] = top(detail.endpoints, 1);
    if (
      endpoint !== undefined &&
      endpoint.count >= 200 &&
      endpoint.count >= 0.8 * current.requests &&
      endpoint.count >= 5 * Math.max(medianRequests, 1)
    )
      found.push({
        metric: 'endpoint',
        type: 'endpoint_hammered',
        value: endpoint.count,
        expected: medianRequests,
        score: 0.7,
        explanation: `${endpoint.key} took ${endpoint.count} of ${current.requests} requests in a minute, ${(endpoint.count / Math.max(medianRequests, 1)).toFixed(0)} times the service's usual traffic.`,
      });
  }
  return found;
}
