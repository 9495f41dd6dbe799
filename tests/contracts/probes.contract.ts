import type { Probe, ProbeResult } from '#domain/services/probes.ts';
import type { ProbeStore } from '#domain/services/services.ports.ts';

export function probe(name: string, over: Partial<Probe> = {}): Probe {
  return {
    probe_id: `probe_${name}`,
    name,
    url: 'http://127.0.0.1:9/health',
    method: 'GET',
    interval_seconds: 30,
    timeout_seconds: 5,
    expect: { status: 200, max_response_time: 1 },
    retries: 3,
    created_at: '2026-11-24T10:00:00.000Z',
    updated_at: '2026-11-24T10:00:00.000Z',
    state: 'unknown',
    consecutive_failures: 0,
    consecutive_successes: 0,
    next_run_at: Date.parse('2026-11-24T10:00:00.000Z'),
    version: 1,
    ...over,
  };
}

const result = (id: string, at: string, ok: boolean): ProbeResult => ({
  probe_id: id,
  checked_at: at,
  ok,
  status: ok ? 200 : null,
  latency_ms: 12,
  tls_days_left: null,
  error: ok ? null : 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
  failures: ok ? [] : ['no answer: ECONNREFUSED'],
});

/** What every ProbeStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function probeStoreContract(name: string, make: () => Promise<ProbeStore>): void {
  describe(`${name} honours the ProbeStore contract`, () => {
    it('creates a probe once, writes it only on the version read, and lists probes by name', async () => {
      // Prepare
      const store = await make();
      const web = probe('web');

      // Act
      const created = await store.put(web, 0);
      const twin = await store.put(web, 0);
      const moved = await store.put({ ...web, state: 'up', version: 2 }, 1);
      const stale = await store.put({ ...web, state: 'down', version: 2 }, 1);
      await store.put(probe('api', { service: 'api' }), 0);

      // Assess
      expect([created, twin, moved, stale]).toEqual([true, false, true, false]);
      expect(await store.get('probe_web')).toEqual({ ...web, state: 'up', version: 2 });
      expect((await store.list()).map((p) => p.name)).toEqual(['api', 'web']);
      expect(await store.get('probe_none')).toBeUndefined();
    });

    it('deletes a probe once', async () => {
      const store = await make();
      await store.put(probe('gone'), 0);
      expect([await store.remove('probe_gone'), await store.remove('probe_gone')]).toEqual([true, false]);
      expect(await store.list()).toEqual([]);
    });

    it("keeps a probe's results once each and lists the newest first", async () => {
      // Prepare
      const store = await make();
      const checks = [
        result('probe_web', '2026-11-24T10:00:00.000Z', true),
        result('probe_web', '2026-11-24T10:00:30.000Z', false),
        result('probe_web', '2026-11-24T10:01:00.000Z', true),
        result('probe_api', '2026-11-24T10:00:10.000Z', true),
      ];

      // Act
      for (const c of checks) await store.addResult(c);
      await store.addResult(checks[1]!);

      // Assess
      expect(await store.results('probe_web', 2)).toEqual([checks[2], checks[1]]);
      expect(await store.results('probe_web', 10)).toHaveLength(3);
      expect(await store.results('probe_none', 10)).toEqual([]);
    });
  });
}
