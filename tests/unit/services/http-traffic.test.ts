import { judgeMinute } from '#domain/services/http-rules.ts';
import { createServiceMonitoring } from '#domain/services/service.ts';
import {
  MAX_KEYS,
  emptyCounters,
  minuteStats,
  summarise,
  type HttpEvent,
  type MinuteStats,
} from '#domain/services/http-traffic.ts';
import {
  FixedClock,
  MemoryAnomalies,
  MemoryConfig,
  MemoryHttpTraffic,
  MemoryMetrics,
  MemoryServiceRegistry,
} from '../../support/in-memory.ts';

const NOW = Date.parse('2026-11-23T12:00:30Z');
const MINUTE = Date.parse('2026-11-23T12:00:00Z');

function requests(n: number, at: number, over: Partial<HttpEvent> = {}): HttpEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    time: at + (i % 60_000),
    method: 'GET',
    endpoint: `/items/${i % 5}`,
    status: 200,
    response_time: 0.05 + (i % 10) / 1000,
    client_ip: `10.0.${i % 7}.${i % 11}`,
    ...over,
  }));
}

/** `n` minutes of steady traffic before `minute`: 100 requests, 1 % 5xx, about 55 ms. */
function steady(minute: number, n = 30): MinuteStats[] {
  return Array.from({ length: n }, (_, i) => {
    const at = minute - (n - i) * 60_000;
    const [m] = summarise([...requests(99, at), ...requests(1, at, { status: 500 })]);
    return minuteStats(m?.counters ?? emptyCounters(at));
  });
}

function judge(events: HttpEvent[], history = steady(MINUTE), complete = false) {
  const [m] = summarise(events);
  return judgeMinute(minuteStats(m?.counters ?? emptyCounters(MINUTE)), history, m?.detail, complete);
}

describe('HTTP traffic per minute', () => {
  it('counts status classes and keeps percentiles within the observed minimum and maximum', () => {
    // Prepare
    const events = [
      ...requests(90, MINUTE, { response_time: 0.1 }),
      ...requests(8, MINUTE, { status: 404, response_time: 0.2 }),
      ...requests(2, MINUTE, { status: 503, response_time: 3 }),
    ];

    // Act
    const [m] = summarise(events);
    const stats = minuteStats(m?.counters ?? emptyCounters(MINUTE));

    // Assess
    expect(stats).toMatchObject({ requests: 100, s4xx: 8, s5xx: 2, error_rate: 0.02 });
    expect(stats.rps).toBeCloseTo(100 / 60);
    expect(stats.p50).toBeCloseTo(0.1, 2);
    expect(stats.p95).toBeCloseTo(0.2, 2);
    expect(stats.p99).toBeGreaterThanOrEqual(3 * 0.99);
    expect(stats.p99).toBeLessThanOrEqual(3);
    expect(stats.mean_response_time).toBeCloseTo((90 * 0.1 + 8 * 0.2 + 2 * 3) / 100);
    // One value: every percentile is exactly it (the sketch's bin value, clamped to [min, max]).
    const [single] = summarise(requests(5, MINUTE, { response_time: 0.123 }));
    const one = minuteStats(single?.counters ?? emptyCounters(MINUTE));
    expect([one.p50, one.p95, one.p99]).toEqual([0.123, 0.123, 0.123]);
  });

  it('splits a batch by minute and keeps at most MAX_KEYS callers, the largest ones', () => {
    // Prepare
    const many = Array.from({ length: MAX_KEYS + 5 }, (_, i) => ({
      ...requests(1, MINUTE)[0]!,
      client_ip: `ip-${i}`,
    }));
    many.push(...requests(3, MINUTE, { client_ip: 'ip-heavy' }), ...requests(2, MINUTE + 60_000));

    // Act
    const minutes = summarise(many);

    // Assess
    expect(minutes.map((m) => [m.counters.minute, m.counters.requests])).toEqual([
      [MINUTE, MAX_KEYS + 8],
      [MINUTE + 60_000, 2],
    ]);
    expect(Object.keys(minutes[0]!.detail.ips)).toHaveLength(MAX_KEYS);
    expect(minutes[0]!.detail.ips['ip-heavy']).toBe(3);
    expect(minutes[0]!.detail.truncated).toBe(true);
    expect(minutes[1]!.detail.truncated).toBe(false);
  });
});

describe('the HTTP rules', () => {
  it('find a 5xx burst, graded by its rate, and nothing in a steady minute', () => {
    expect(judge([...requests(99, MINUTE), ...requests(1, MINUTE, { status: 500 })])).toEqual([]);
    const medium = judge([...requests(90, MINUTE), ...requests(10, MINUTE, { status: 502 })]);
    const high = judge([...requests(70, MINUTE), ...requests(30, MINUTE, { status: 503 })]);
    expect(medium).toEqual([expect.objectContaining({ type: 'http_5xx_burst', value: 10, score: 0.7 })]);
    expect(high).toEqual([expect.objectContaining({ type: 'http_5xx_burst', value: 30, score: 0.9 })]);
  });

  it('need at least five server errors, so one failure in a quiet minute is not a burst', () => {
    expect(
      judge(
        requests(2, MINUTE, { status: 500 }),
        steady(MINUTE).map((m) => ({ ...m, requests: 2 })),
      ),
    ).toEqual([]);
  });

  it('find a 4xx burst and a latency spike on the percentile that moved most', () => {
    const clientErrors = judge([...requests(60, MINUTE), ...requests(40, MINUTE, { status: 401 })]);
    const slow = judge([...requests(90, MINUTE), ...requests(10, MINUTE, { response_time: 2 })]);
    expect(clientErrors).toEqual([expect.objectContaining({ type: 'http_4xx_burst', value: 40, score: 0.65 })]);
    expect(slow).toEqual([
      expect.objectContaining({ type: 'latency_spike', metric: 'response_time_p95', score: 0.85 }),
    ]);
  });

  it('grade a traffic spike without impact low, and with rising errors as medium', () => {
    const quiet = judge(requests(800, MINUTE));
    const hurting = judge([...requests(700, MINUTE), ...requests(100, MINUTE, { status: 503 })]);
    expect(quiet).toEqual([expect.objectContaining({ type: 'rps_spike', score: 0.45 })]);
    expect(hurting.map((f) => [f.type, f.score])).toEqual([
      ['http_5xx_burst', 0.7],
      ['rps_spike', 0.75],
    ]);
  });

  it('judge a drop in traffic only on a finished minute, and no traffic at all as high', () => {
    expect(judge(requests(5, MINUTE), steady(MINUTE), false)).toEqual([]);
    expect(judge(requests(5, MINUTE), steady(MINUTE), true)).toEqual([
      expect.objectContaining({ type: 'rps_drop', score: 0.75 }),
    ]);
    expect(judge([], steady(MINUTE), true)).toEqual([expect.objectContaining({ type: 'rps_drop', score: 0.85 })]);
  });

  it("find one caller's burst, the same request repeated and one endpoint hammered", () => {
    // Prepare: 700 requests from one address to one endpoint among 100 ordinary ones.
    const attack = requests(700, MINUTE, { client_ip: '203.0.113.9', endpoint: '/login', method: 'post' });

    // Act
    const found = judge([...requests(100, MINUTE), ...attack]);

    // Assess
    expect(found.map((f) => [f.type, f.score])).toEqual([
      ['rps_spike', 0.45],
      ['ip_burst', 0.85],
      ['repeated_requests', 0.8],
      ['endpoint_hammered', 0.7],
    ]);
    expect(found[1]?.explanation).toContain('203.0.113.9 sent 700');
    expect(found[2]?.explanation).toContain('POST /login');
  });
});

describe('HTTP event ingest', () => {
  function setup() {
    const traffic = new MemoryHttpTraffic();
    const anomalies = new MemoryAnomalies();
    const calls: [string, Readonly<Record<string, number>>][] = [];
    const services = createServiceMonitoring({
      metrics: new MemoryMetrics(),
      registry: new MemoryServiceRegistry(),
      anomalies,
      traffic,
      config: new MemoryConfig(),
      clock: new FixedClock(NOW),
      alerts: { evaluate: async (scope, values) => Promise.resolve(calls.push([scope, values])) },
    });
    return { services, traffic, anomalies, calls };
  }

  it('counts a batch sent twice once, and alerts on the batch that completes a 5xx burst', async () => {
    // Prepare
    const { services, traffic, anomalies, calls } = setup();
    for (let m = 30; m >= 1; m--) await services.ingestHttp('shop', requests(100, MINUTE - m * 60_000));
    const calm = requests(60, MINUTE);
    const failing = requests(20, MINUTE + 1000, { status: 503 });

    // Act
    const first = await services.ingestHttp('shop', calm);
    const retry = await services.ingestHttp('shop', calm);
    const burst = await services.ingestHttp('shop', failing);

    // Assess
    expect([first.duplicate, retry.duplicate, burst.duplicate]).toEqual([false, true, false]);
    expect(first.anomalies).toEqual([]);
    expect((await traffic.counters('shop', MINUTE, MINUTE))[0]).toMatchObject({ requests: 80, s5xx: 20 });
    expect(burst.anomalies).toEqual([
      expect.objectContaining({ type: 'http_5xx_burst', severity: 'high', detected_at: '2026-11-23T12:00:00.000Z' }),
    ]);
    expect(await anomalies.list('shop', MINUTE, NOW)).toHaveLength(1);
    expect(calls).toEqual([['service:shop', { anomaly_score: 0.9 }]]);
  });

  it('refuses events from more than 5 minutes ahead and stores nothing of their batch', async () => {
    // Prepare
    const { services, traffic } = setup();

    // Act
    const late = services.ingestHttp('shop', [...requests(3, MINUTE), ...requests(1, NOW + 6 * 60_000)]);

    // Assess
    await expect(late).rejects.toThrow(/event 3 is more than 5 minutes in the future/);
    expect(await traffic.counters('shop', 0, NOW + 3_600_000)).toEqual([]);
  });

  it('serves per-minute figures with empty minutes as zero and the top callers and endpoints', async () => {
    // Prepare
    const { services } = setup();
    await services.ingestHttp('shop', requests(10, MINUTE - 120_000, { client_ip: '10.1.1.1' }));
    await services.ingestHttp('shop', requests(4, MINUTE, { client_ip: '10.2.2.2', endpoint: '/cart' }));

    // Act
    const view = await services.httpTraffic('shop', 1);

    // Assess
    expect(view.minutes.map((m) => [m.minute, m.requests, m.distinct_ips])).toEqual([
      [MINUTE - 120_000, 10, 1],
      [MINUTE - 60_000, 0, 0],
      [MINUTE, 4, 1],
    ]);
    expect(view.top_ips).toEqual([
      { client_ip: '10.1.1.1', requests: 10 },
      { client_ip: '10.2.2.2', requests: 4 },
    ]);
    expect(view.top_endpoints[0]).toEqual({ endpoint: 'GET /cart', requests: 4 });
  });
});
