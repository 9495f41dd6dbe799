import { summarise, minuteStats, type HttpEvent } from '#domain/services/http-traffic.ts';
import { suggest, type SuggestionInput } from '#domain/services/suggestions.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');

function traffic(events: HttpEvent[]): Pick<SuggestionInput, 'minutes' | 'detail'> {
  const [m] = summarise(events);
  return { minutes: m === undefined ? [] : [minuteStats(m.counters)], detail: m?.detail };
}

const base: SuggestionInput = {
  service: 'shop',
  now: NOW,
  cpu: Array.from({ length: 288 }, () => 50),
  memory: Array.from({ length: 288 }, () => 60),
  anomalies: [],
  minutes: [],
  detail: undefined,
  breaches: [],
};

const request = (i: number, over: Partial<HttpEvent> = {}): HttpEvent => ({
  time: NOW - 30_000,
  method: 'GET',
  endpoint: `/items/${i % 50}`,
  status: 200,
  response_time: 0.05,
  client_ip: `10.0.0.${i % 20}`,
  ...over,
});

describe('optimisation suggestions', () => {
  it('suggest nothing for a healthy, busy service', () => {
    const distinct = Array.from({ length: 200 }, (_, i) => request(i, { endpoint: `/items/${i}` }));
    expect(suggest({ ...base, ...traffic(distinct) })).toEqual([]);
  });

  it('name the endpoint with most 5xx, with the share of errors fixing it removes', () => {
    // Prepare: 400 requests, 30 failing on POST /checkout and 3 elsewhere.
    const events = [
      ...Array.from({ length: 367 }, (_, i) => request(i, { endpoint: `/items/${i}` })),
      ...Array.from({ length: 30 }, (_, i) => request(i, { method: 'POST', endpoint: '/checkout', status: 502 })),
      ...Array.from({ length: 3 }, (_, i) => request(i, { status: 500 })),
    ];

    // Act
    const [hotspot] = suggest({ ...base, ...traffic(events) }).filter((s) => s.category === 'errors');

    // Assess
    expect(hotspot).toMatchObject({
      title: 'POST /checkout causes 91 % of the server errors',
      priority: 'high',
      expected_impact: { metric: 'error_rate', change_percent: -90.9 },
    });
    expect(hotspot?.expected_impact.basis).toBe(
      'fixing POST /checkout removes 30 of 33 server errors of the last hour',
    );
  });

  it('suggest caching for repeated identical GETs and a rate limit for one loud caller', () => {
    // Prepare: one caller repeats GET /search 600 times among 100 ordinary requests.
    const events = [
      ...Array.from({ length: 100 }, (_, i) => request(i, { endpoint: `/items/${i}` })),
      ...Array.from({ length: 600 }, () => request(0, { client_ip: '203.0.113.7', endpoint: '/search' })),
    ];

    // Act
    const found = suggest({ ...base, ...traffic(events) });

    // Assess
    expect(found.map((s) => s.category).sort()).toEqual(['caching', 'noisy_client']);
    const caching = found.find((s) => s.category === 'caching');
    expect(caching?.title).toMatch(/^Cache GET \/search: 8\d % of GET requests repeat one just made$/);
    expect(found.find((s) => s.category === 'noisy_client')?.expected_impact.change_percent).toBe(-85.7);
  });

  it('suggest capacity before a forecast breach and for sustained saturation, and downsizing when idle', () => {
    const breach = {
      metric: 'cpu' as const,
      threshold: 90,
      expected_at: new Date(NOW + 3 * 3_600_000).toISOString(),
      probability: 0.3,
      peak: 96,
    };
    const busy = suggest({
      ...base,
      cpu: [...base.cpu.slice(12), ...Array.from({ length: 12 }, () => 92)],
      breaches: [breach],
    });
    const idle = suggest({ ...base, cpu: base.cpu.map(() => 8), memory: base.memory.map(() => 20) });
    expect(busy.map((s) => [s.category, s.priority])).toEqual([
      ['capacity', 'high'],
      ['capacity', 'high'],
    ]);
    expect(busy[0]?.title).toBe('Add capacity before cpu crosses 90 (in 3 h 0 min)');
    expect(busy[0]?.expected_impact.change_percent).toBe(-16.7);
    expect(idle).toEqual([expect.objectContaining({ category: 'cost', priority: 'low' })]);
  });
});
