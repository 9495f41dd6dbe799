import { summarise, type HttpEvent } from '#domain/services/http-traffic.ts';
import type { HttpTrafficStore } from '#domain/services/services.ports.ts';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');

function events(n: number, at: number, over: Partial<HttpEvent> = {}): HttpEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    time: at + i,
    method: 'GET',
    endpoint: '/orders',
    status: 200,
    response_time: 0.1 + i / 1000,
    client_ip: `10.0.0.${i % 3}`,
    ...over,
  }));
}

/** What every HttpTrafficStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function httpTrafficContract(name: string, make: () => Promise<HttpTrafficStore>): void {
  describe(`${name} honours the HttpTrafficStore contract`, () => {
    it('adds batches per minute and counts a batch sent again once, answering the merged minute', async () => {
      // Prepare
      const store = await make();
      const a = summarise([...events(10, T0), ...events(5, T0 + 60_000, { status: 503, response_time: 2 })]);
      const b = summarise(events(4, T0 + 30_000, { status: 404, client_ip: '10.9.9.9', response_time: 0.01 }));

      // Act
      const first = await store.add('web', 'batch-a', a);
      const again = await store.add('web', 'batch-a', a);
      const second = await store.add('web', 'batch-b', b);

      // Assess
      expect(first.duplicate).toBe(false);
      expect(again.duplicate).toBe(true);
      expect(second.duplicate).toBe(false);
      expect(second.counters).toEqual([
        expect.objectContaining({ minute: T0, requests: 14, s2xx: 10, s4xx: 4, s5xx: 0, rt_min: 0.01, rt_max: 0.109 }),
      ]);
      const counters = await store.counters('web', T0, T0 + 120_000);
      expect(counters.map((c) => [c.minute, c.requests, c.s5xx])).toEqual([
        [T0, 14, 0],
        [T0 + 60_000, 5, 5],
      ]);
      expect(Object.values(counters[0]?.bins ?? {}).reduce((s, n) => s + n, 0)).toBe(14);
      expect(await store.counters('other', T0, T0 + 120_000)).toEqual([]);
    });

    it('counts concurrent duplicates of a batch once', async () => {
      // Prepare
      const store = await make();
      const batch = summarise(events(20, T0));

      // Act
      const results = await Promise.all(Array.from({ length: 5 }, () => store.add('web', 'same', batch)));

      // Assess
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect((await store.counters('web', T0, T0))[0]?.requests).toBe(20);
    });

    it('merges the callers of a minute across batches, and a fold changes no read, even for a late retry', async () => {
      // Prepare
      const store = await make();
      await store.add('web', 'x', summarise(events(6, T0)));
      await store.add('web', 'y', summarise(events(3, T0 + 1000, { client_ip: '10.0.0.0', endpoint: '/pay' })));
      const before = await store.details('web', T0, T0 + 59_999);

      // Act
      await store.compact('web', T0 + 10 * 60_000);
      const folded = await store.details('web', T0, T0 + 59_999);
      await store.add('web', 'x', summarise(events(6, T0))); // a retry after the fold
      const after = await store.details('web', T0, T0 + 59_999);

      // Assess
      expect(before).toEqual([
        {
          minute: T0,
          ips: { '10.0.0.0': 5, '10.0.0.1': 2, '10.0.0.2': 2 },
          endpoints: { 'GET /orders': 6, 'GET /pay': 3 },
          pairs: {
            '10.0.0.0 GET /orders': 2,
            '10.0.0.1 GET /orders': 2,
            '10.0.0.2 GET /orders': 2,
            '10.0.0.0 GET /pay': 3,
          },
          errors: {},
          truncated: false,
        },
      ]);
      expect(folded).toEqual(before);
      expect(after).toEqual(before);
      expect((await store.counters('web', T0, T0))[0]?.requests).toBe(9);
    });
  });
}
