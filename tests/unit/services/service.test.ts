import { aggregatePoints as aggregate } from '#domain/kernel/series.ts';
import { createServiceMonitoring, MAX_FUTURE_MS, outsideBandShare, scoreThreshold } from '#domain/services/service.ts';
import {
  FixedClock,
  MemoryAnomalies,
  MemoryConfig,
  MemoryHttpTraffic,
  MemoryMetrics,
  MemoryServiceRegistry,
} from '../../support/in-memory.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');

function setup() {
  const metrics = new MemoryMetrics();
  const registry = new MemoryServiceRegistry();
  const anomalies = new MemoryAnomalies();
  const clock = new FixedClock(NOW);
  const config = new MemoryConfig();
  return {
    metrics,
    registry,
    anomalies,
    clock,
    services: createServiceMonitoring({
      metrics,
      registry,
      anomalies,
      clock,
      config,
      traffic: new MemoryHttpTraffic(),
    }),
  };
}

describe('service monitoring', () => {
  it('maps the sensitivity to the score that makes an anomaly: 0.1 -> 0.5, doubling lowers it by 0.25', () => {
    expect([0.05, 0.1, 0.2, 0.01, 0.5].map(scoreThreshold)).toEqual([0.75, 0.5, 0.25, 0.95, 0.1]);
  });

  it('finds more anomalies in the same noisy series the more sensitive it is set', async () => {
    // Prepare: a day of noisy CPU with a few bumps of different heights.
    const { services } = setup();
    const minutes = Array.from({ length: 600 }, (_, i) => NOW - (599 - i) * 60_000);
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 6;
    await services.collect(
      'api',
      minutes.map((time, i) => ({ time, values: { cpu: 40 + noise() + (i % 97 === 50 ? 8 + (i % 5) * 4 : 0) } })),
    );

    // Act
    const counts: number[] = [];
    for (const s of [0.1, 0.5]) {
      await services.updateSettings({ anomaly_detection_sensitivity: s });
      counts.push((await services.detect('api')).filter((a) => a.metric === 'cpu').length);
    }

    // Assess
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(2 * (counts[0] ?? 0));
    expect((await services.settings()).anomaly_detection_sensitivity).toBe(0.5);
  });

  it('stores each metric of a point as its own series, custom ones apart, and refuses points from the future', async () => {
    // Prepare
    const { services, metrics, registry } = setup();

    // Act
    const out = await services.collect('api', [{ time: NOW, values: { cpu: 40, rps: 10 }, custom: { queue: 3 } }]);
    const late = services.collect('api', [{ time: NOW + MAX_FUTURE_MS + 1, values: { cpu: 1 } }]);

    // Assess
    expect(out.stored).toBe(3);
    expect(metrics.points.map((p) => p.name).sort()).toEqual(['service.cpu', 'service.custom.queue', 'service.rps']);
    await expect(late).rejects.toThrow(/5 minutes in the future/);
    expect(metrics.points).toHaveLength(3);
    expect(await services.list()).toEqual([
      { service: 'api', first_seen: new Date(NOW).toISOString(), last_seen: new Date(NOW).toISOString() },
    ]);
    expect(registry.items.size).toBe(1);
  });

  it('writes a service to the registry once a minute however often it reports, with its newest point', async () => {
    // Prepare
    const { services, registry } = setup();
    const seen = vi.spyOn(registry, 'seen');

    // Act: a point every 5 s for 2 minutes.
    for (let t = NOW - 120_000; t <= NOW; t += 5_000)
      await services.collect('chatty', [{ time: t, values: { cpu: 1 } }]);

    // Assess
    expect(seen.mock.calls.map(([, at]) => at)).toEqual([
      new Date(NOW - 120_000).toISOString(),
      new Date(NOW - 60_000).toISOString(),
      new Date(NOW).toISOString(),
    ]);
  });

  it('aggregates per step: mean, min, max and count per aligned bucket', () => {
    const p = (minute: number, value: number) => ({ name: 'x', dimensions: {}, time: minute * 60_000, value });
    expect(aggregate([p(0, 1), p(1, 3), p(5, 10)], 300_000)).toEqual([
      { time: 0, value: 2, min: 1, max: 3, count: 2 },
      { time: 300_000, value: 10, min: 10, max: 10, count: 1 },
    ]);
    expect(aggregate([p(0, 1)], 60_000)).toEqual([{ time: 0, value: 1, min: 1, max: 1, count: 1 }]);
  });

  it('reports a steady memory rise as a leak with its time to exhaustion, and flat memory as nothing', async () => {
    // Prepare
    const { services } = setup();
    const minutes = Array.from({ length: 120 }, (_, i) => NOW - (119 - i) * 60_000);
    await services.collect(
      'leaky',
      minutes.map((time, i) => ({ time, values: { memory: 50 + i * 0.25 } })),
    );
    await services.collect(
      'steady',
      minutes.map((time, i) => ({ time, values: { memory: 50 + (i % 3) } })),
    );

    // Act
    const leaky = await services.detect('leaky');
    const steady = await services.detect('steady');

    // Assess: 15 points an hour from 79.75 % leaves about 1.35 h.
    const leak = leaky.find((a) => a.type === 'memory_leak');
    expect(leak).toMatchObject({ severity: 'high', service: 'leaky', metric: 'memory' });
    expect(leak?.explanation).toMatch(/grows 15.00 points an hour and reaches 100 % in about 1.35 h/);
    expect(steady.filter((a) => a.type === 'memory_leak')).toEqual([]);
  });

  it('runs detection over every registered service, and one failing service does not stop the rest', async () => {
    // Prepare
    const { services, metrics } = setup();
    const minutes = Array.from({ length: 60 }, (_, i) => NOW - (59 - i) * 60_000);
    await services.collect(
      'leaky',
      minutes.map((time, i) => ({ time, values: { memory: 40 + i * 0.5 } })),
    );
    await services.collect('broken', [{ time: NOW, values: { cpu: 1 } }]);
    const query = metrics.query.bind(metrics);
    vi.spyOn(metrics, 'query').mockImplementation(async (q) => {
      if (q.dimensions.service === 'broken') throw new Error('store unavailable');
      return query(q);
    });

    // Act
    const results = await services.detectAll();

    // Assess
    expect(results).toEqual([
      { service: 'broken', anomalies: 0, error: 'store unavailable' },
      { service: 'leaky', anomalies: expect.any(Number) as number },
    ]);
    expect(results[1]?.anomalies).toBeGreaterThan(0);
  });

  it('judges each service in its own alert scope by its strongest recent high or medium anomaly', async () => {
    // Prepare
    const metrics = new MemoryMetrics();
    const registry = new MemoryServiceRegistry();
    const calls: [string, Readonly<Record<string, number>>][] = [];
    const clock = new FixedClock(NOW);
    const services = createServiceMonitoring({
      metrics,
      registry,
      anomalies: new MemoryAnomalies(),
      traffic: new MemoryHttpTraffic(),
      config: new MemoryConfig(),
      clock,
      alerts: { evaluate: async (scope, values) => Promise.resolve(calls.push([scope, values])) },
    });
    const minutes = Array.from({ length: 30 }, (_, i) => NOW - (29 - i) * 60_000);
    await services.collect(
      'hot',
      minutes.map((time, i) => ({ time, values: { cpu: i >= 25 ? 97 : 40 } })),
    );
    await services.collect(
      'calm',
      minutes.map((time) => ({ time, values: { cpu: 40 } })),
    );

    // Act
    await services.detectAll();
    clock.advance(11 * 60_000);
    await services.detectAll();

    // Assess: saturation scores 0.85 while recent; ten minutes on, 0 resolves the alert.
    expect(calls).toEqual([
      ['service:calm', { anomaly_score: 0, anomaly_fraction: 0 }],
      ['service:hot', { anomaly_score: 0.85, anomaly_fraction: 0 }],
      ['service:calm', { anomaly_score: 0, anomaly_fraction: 0 }],
      ['service:hot', { anomaly_score: 0, anomaly_fraction: 0 }],
    ]);
  });

  it('measures the share of the newest points outside their expected band, which a lasting anomaly keeps high', () => {
    const calm = Array.from({ length: 60 }, (_, i) => 50 + (i % 3));
    // A growing oscillation over the last 15 points: each swing beyond the band of the 30 before.
    const swinging = [
      ...calm.slice(0, 45),
      ...Array.from({ length: 15 }, (_, i) => 50 + (i % 2 === 0 ? 1 : -1) * 20 * 1.3 ** i),
    ];
    expect(outsideBandShare(calm)).toBe(0);
    expect(outsideBandShare(swinging)).toBeGreaterThanOrEqual(0.3);
    expect(outsideBandShare(calm.slice(0, 40))).toBe(0);
  });

  it('stores what it detects once, however often detection runs, and lists it by age', async () => {
    // Prepare
    const { services, anomalies, clock } = setup();
    const minutes = Array.from({ length: 60 }, (_, i) => NOW - (59 - i) * 60_000);
    await services.collect(
      'api',
      minutes.map((time, i) => ({ time, values: { memory: 40 + i * 0.5 } })),
    );

    // Act
    const first = await services.detect('api');
    const again = await services.detect('api');
    clock.advance(2 * 3_600_000);

    // Assess
    expect(first.length).toBeGreaterThan(0);
    expect(again.map((a) => a.anomaly_id)).toEqual(first.map((a) => a.anomaly_id));
    expect(anomalies.items.size).toBe(first.length);
    expect(await services.anomalyHistory('api', 3)).toEqual(first);
    expect(await services.anomalyHistory('api', 1)).toEqual([]);
  });

  it('grades an error-rate jump by its size and names the usual rate', async () => {
    const { services } = setup();
    const values = Array.from({ length: 30 }, (_, i) => (i === 29 ? 0.08 : 0.01));
    await services.collect(
      'api',
      values.map((v, i) => ({ time: NOW - (29 - i) * 60_000, values: { error_rate: v } })),
    );
    const jump = (await services.detect('api')).find((a) => a.type === 'error_rate_jump');
    expect(jump).toMatchObject({ severity: 'medium', value: 0.08, expected: 0.01 });
    expect(jump?.explanation).toBe('The error rate is 8.00 % against a usual 1.00 %.');
  });
});
