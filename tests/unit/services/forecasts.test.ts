import { InsufficientDataError, NotFoundError } from '#domain/kernel/errors.ts';
import { breachSentence, createForecasting, exceedance } from '#domain/services/forecasts.ts';
import { createServiceMonitoring } from '#domain/services/service.ts';
import {
  FixedClock,
  MemoryAnomalies,
  MemoryConfig,
  MemoryForecasts,
  MemoryHttpTraffic,
  MemoryMetrics,
  MemoryServiceRegistry,
} from '../../support/in-memory.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const STEP = 5 * 60_000;

function setup() {
  const metrics = new MemoryMetrics();
  const registry = new MemoryServiceRegistry();
  const config = new MemoryConfig();
  const clock = new FixedClock(NOW);
  const calls: [string, Readonly<Record<string, number>>][] = [];
  const details: [string, Readonly<Record<string, string>>][] = [];
  const alerts = {
    evaluate: async (
      scope: string,
      values: Readonly<Record<string, number>>,
      detail: Readonly<Record<string, string>> = {},
    ) => {
      details.push([scope, detail]);
      return Promise.resolve(calls.push([scope, values]));
    },
  };
  const services = createServiceMonitoring({
    metrics,
    registry,
    anomalies: new MemoryAnomalies(),
    traffic: new MemoryHttpTraffic(),
    config,
    clock,
  });
  const forecasts = createForecasting({ metrics, registry, store: new MemoryForecasts(), config, clock, alerts });
  return { services, forecasts, calls, details, clock };
}

/** `days` of 5-minute CPU: a daily wave around `base`, rising `slopePerDay` a day. */
const cpu = (days: number, base: number, slopePerDay = 0) =>
  Array.from({ length: (days * 86_400_000) / STEP }, (_, i) => {
    const time = NOW - days * 86_400_000 + i * STEP;
    const day = (i * STEP) / 86_400_000;
    return { time, values: { cpu: base + slopePerDay * day + 10 * Math.sin(2 * Math.PI * day) + ((i * 7) % 5) - 2 } };
  });

describe('forecasting', () => {
  it('refuses an unknown service (404) and too short a history (422, with an insufficient-data alert)', async () => {
    const { services, forecasts, calls } = setup();
    await expect(forecasts.train('ghost')).rejects.toBeInstanceOf(NotFoundError);
    await services.collect('young', cpu(0.2, 40));
    await expect(forecasts.train('young')).rejects.toThrow(InsufficientDataError);
    await expect(forecasts.train('young')).rejects.toThrow(
      /^too little history to forecast young: cpu: 5\d of 336 five-minute steps \(about 28 h of points are needed\)$/,
    );
    expect(calls.at(-1)).toEqual(['service:young', { insufficient_data: 1 }]);
  });

  it('trains on the history, forecasts inside the metric range and finds when CPU will cross 90 %', async () => {
    // Prepare: five days of CPU rising 6 points a day from 40.
    const { services, forecasts } = setup();
    await services.collect('web', cpu(5, 40, 6));

    // Act
    const [model] = await forecasts.train('web');
    const { predictions, breaches } = await forecasts.predict('web', { horizonHours: 48 });

    // Assess
    expect(model).toMatchObject({ service: 'web', metric: 'cpu', samples: 1440, period: 288 });
    expect(model?.holdout.interval_coverage).not.toBeNull();
    const points = predictions[0]?.points ?? [];
    expect(points).toHaveLength(576);
    for (const p of points) {
      expect(p.lower_95).toBeGreaterThanOrEqual(0);
      expect(p.upper_95).toBeLessThanOrEqual(100);
      expect(p.lower_95).toBeLessThanOrEqual(p.lower_80);
      expect(p.upper_80).toBeLessThanOrEqual(p.upper_95);
    }
    expect(predictions[0]?.confidence).toBeGreaterThan(80);
    expect(breaches).toEqual([expect.objectContaining({ metric: 'cpu', threshold: 90 })]);
    const hours = (Date.parse(breaches[0]?.expected_at ?? '') - NOW) / 3_600_000;
    expect(hours).toBeGreaterThan(0);
    expect(hours).toBeLessThan(48);
  });

  it('alerts on the hours to a breach from the schedule, and retrains only stale forecasters', async () => {
    // Prepare
    const { services, forecasts, calls, details, clock } = setup();
    await services.collect('web', cpu(5, 45, 8));
    await services.collect('calm', cpu(5, 30));

    // Act
    const first = await forecasts.runSchedule();
    clock.advance(3_600_000);
    const second = await forecasts.runSchedule();

    // Assess
    expect(first.map((r) => [r.service, r.retrained])).toEqual([
      ['calm', true],
      ['web', true],
    ]);
    expect(second.every((r) => !r.retrained)).toBe(true);
    const judged = Object.fromEntries(
      calls.filter(([, v]) => 'hours_to_breach' in v).map(([s, v]) => [s, v.hours_to_breach]),
    );
    expect(judged['service:calm']).toBe(1000);
    expect(judged['service:web']).toBeLessThan(24);
    // The alert says it in a sentence (Datadog's forecast monitor message).
    const said = details.find(([s, d]) => s === 'service:web' && 'hours_to_breach' in d)?.[1].hours_to_breach;
    expect(said).toMatch(/^cpu expected to cross 90 % at \d\d:\d\d UTC \(in (\d+ h )?\d+ min\)$/);
    expect(details.find(([s]) => s === 'service:calm')?.[1]).toEqual({});
  });

  it('says a breach in a sentence with its limit, time and lead', () => {
    const now = Date.parse('2026-11-24T11:10:00Z');
    expect(breachSentence({ metric: 'cpu', threshold: 90, expected_at: '2026-11-24T14:20:00.000Z' }, now)).toBe(
      'cpu expected to cross 90 % at 14:20 UTC (in 3 h 10 min)',
    );
    expect(breachSentence({ metric: 'error_rate', threshold: 0.1, expected_at: '2026-11-24T11:55:00.000Z' }, now)).toBe(
      'error_rate expected to cross 10 % at 11:55 UTC (in 45 min)',
    );
  });

  it('reads a breach probability off the bands', () => {
    const p = { value: 80, lower_80: 75, upper_80: 85, lower_95: 70, upper_95: 90 };
    expect(exceedance(p, 80)).toBeCloseTo(0.5);
    expect(exceedance(p, 85)).toBeCloseTo(0.1);
    expect(exceedance(p, 95)).toBeLessThan(0.025);
    expect(exceedance(p, 60)).toBeCloseTo(0.975);
  });
});
