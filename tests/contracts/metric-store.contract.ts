import type { MetricStore } from '#domain/kernel/metric-store.ports.ts';

/**
 * The behaviour every MetricStore adapter must show. Each adapter's test file runs it with a
 * factory that returns a fresh store.
 */
export function metricStoreContract(name: string, makeStore: () => Promise<MetricStore>): void {
  describe(`${name} honours the MetricStore contract`, () => {
    it('returns the points of one series in a time range, oldest first', async () => {
      // Prepare
      const store = await makeStore();
      const t = Date.parse('2026-03-01T12:00:00Z');
      await store.write([
        { name: 'model.accuracy', dimensions: { model_name: 'a' }, time: t + 2000, value: 0.8 },
        { name: 'model.accuracy', dimensions: { model_name: 'a' }, time: t, value: 0.9 },
        { name: 'model.accuracy', dimensions: { model_name: 'b' }, time: t, value: 0.1 },
        { name: 'model.error_rate', dimensions: { model_name: 'a' }, time: t, value: 0.05 },
        { name: 'model.accuracy', dimensions: { model_name: 'a' }, time: t + 60_000, value: 0.7 },
      ]);

      // Act
      const points = await store.query({
        name: 'model.accuracy',
        dimensions: { model_name: 'a' },
        from: t,
        to: t + 2000,
      });

      // Assess
      expect(points.map((p) => [p.time - t, p.value])).toEqual([
        [0, 0.9],
        [2000, 0.8],
      ]);
    });

    it('keeps two points of one series written at the same millisecond', async () => {
      const store = await makeStore();
      const t = Date.parse('2026-03-01T13:00:00Z');
      await store.write([
        { name: 'svc.latency', dimensions: { service: 'x', host: 'h1' }, time: t, value: 1 },
        { name: 'svc.latency', dimensions: { host: 'h1', service: 'x' }, time: t, value: 2 },
      ]);
      const points = await store.query({
        name: 'svc.latency',
        dimensions: { service: 'x', host: 'h1' },
        from: t,
        to: t,
      });
      expect(points.map((p) => p.value).sort()).toEqual([1, 2]);
    });

    it('stores a point written twice (a retried request) once', async () => {
      const store = await makeStore();
      const t = Date.parse('2026-03-01T14:00:00Z');
      const batch = [
        { name: 'service.cpu', dimensions: { service: 'api' }, time: t, value: 41.5 },
        { name: 'service.cpu', dimensions: { service: 'api' }, time: t + 60_000, value: 43 },
      ];
      await store.write(batch);
      await store.write(batch);
      const points = await store.query({
        name: 'service.cpu',
        dimensions: { service: 'api' },
        from: t,
        to: t + 60_000,
      });
      expect(points.map((p) => p.value)).toEqual([41.5, 43]);
    });

    it('returns nothing for an unknown series', async () => {
      const store = await makeStore();
      expect(await store.query({ name: 'nope', dimensions: {}, from: 0, to: Date.now() })).toEqual([]);
    });

    it('aggregates one series per step, and lists the series that match a filter', async () => {
      // Prepare
      const store = await makeStore();
      const t = Date.parse('2026-03-01T14:00:00Z');
      await store.write([
        ...[1, 2, 3, 10].map((v, i) => ({
          name: 'service.cpu',
          dimensions: { service: 'a' },
          time: t + i * 20_000,
          value: v,
        })),
        { name: 'service.cpu', dimensions: { service: 'a', region: 'eu' }, time: t, value: 99 },
        { name: 'service.custom.queue', dimensions: { service: 'a' }, time: t, value: 4 },
        { name: 'service.cpu', dimensions: { service: 'b' }, time: t, value: 7 },
        { name: 'model.accuracy', dimensions: { model_name: 'a' }, time: t, value: 0.9 },
      ]);

      // Act
      const steps = await store.aggregate(
        { name: 'service.cpu', dimensions: { service: 'a' }, from: t, to: t + 120_000 },
        60_000,
      );
      const series = await store.listSeries({ namePrefix: 'service.', dimensions: { service: 'a' } });

      // Assess: the tagged series is its own; steps hold mean, min, max and count.
      expect(steps.map((s) => [s.time - t, s.value, s.min, s.max, s.count])).toEqual([
        [0, 2, 1, 3, 3],
        [60_000, 10, 10, 10, 1],
      ]);
      expect(series).toEqual([
        { name: 'service.cpu', dimensions: { service: 'a' } },
        { name: 'service.cpu', dimensions: { region: 'eu', service: 'a' } },
        { name: 'service.custom.queue', dimensions: { service: 'a' } },
      ]);
    });
  });
}
