import {
  advanceProbe,
  createProbes,
  judgeCheck,
  probeIdOf,
  type CheckOutcome,
  type ProbeSpec,
} from '#domain/services/probes.ts';
import type { ProbeChecker } from '#domain/services/services.ports.ts';
import { FixedClock, MemoryAnomalies, MemoryProbes } from '../../support/in-memory.ts';
import { probe } from '../../contracts/probes.contract.ts';

const NOW = Date.parse('2026-11-24T10:00:00Z');

const spec: ProbeSpec = {
  name: 'checkout health',
  url: 'https://checkout.example/health',
  method: 'GET',
  interval_seconds: 30,
  timeout_seconds: 5,
  expect: { status: 200, max_response_time: 0.5, body_contains: 'ok' },
  service: 'checkout',
  retries: 2,
};

const answer = (over: Partial<CheckOutcome> = {}): CheckOutcome => ({
  status: 200,
  latency_ms: 40,
  tls_days_left: 60,
  error: null,
  body: '{"status":"ok"}',
  ...over,
});

/** A checker that answers from a script, one outcome per check. */
function scripted(outcomes: CheckOutcome[]): ProbeChecker & { calls: number } {
  const checker = {
    calls: 0,
    check: async () => Promise.resolve(outcomes[Math.min(checker.calls++, outcomes.length - 1)] ?? answer()),
  };
  return checker;
}

function setup(outcomes: CheckOutcome[]) {
  const store = new MemoryProbes();
  const anomalies = new MemoryAnomalies();
  const clock = new FixedClock(NOW);
  const checker = scripted(outcomes);
  const calls: [string, Readonly<Record<string, number>>][] = [];
  const probes = createProbes({
    store,
    checker,
    clock,
    anomalies,
    alerts: { evaluate: async (scope, values) => Promise.resolve(calls.push([scope, values])) },
  });
  return { store, anomalies, clock, checker, calls, probes };
}

describe('a probe check', () => {
  it('names every expectation it missed, or the connection error', () => {
    expect(judgeCheck(spec, answer())).toEqual([]);
    expect(judgeCheck(spec, answer({ status: 503, latency_ms: 900, body: 'down' }))).toEqual([
      'status 503, expected 200',
      'answered in 900 ms, more than 500 ms',
      'body does not contain "ok"',
    ]);
    expect(judgeCheck(spec, answer({ status: null, error: 'ECONNREFUSED' }))).toEqual(['no answer: ECONNREFUSED']);
  });

  it('goes down after `retries` failures in a row and up again after two successes', () => {
    let p = probe('p', { retries: 2 });
    const states: string[] = [];
    for (const ok of [true, false, true, false, false, false, true, true, false]) {
      p = { ...p, ...advanceProbe(p, ok) };
      states.push(p.state);
    }
    expect(states).toEqual(['up', 'up', 'up', 'up', 'down', 'down', 'down', 'up', 'up']);
  });
});

describe('probes', () => {
  it('refuses a second probe of the same name (a retried create) with a conflict', async () => {
    const { probes } = setup([]);
    const created = await probes.create(spec);
    expect(created).toMatchObject({ probe_id: probeIdOf('checkout health'), state: 'unknown', next_run_at: NOW });
    await expect(probes.create({ ...spec, url: 'https://other.example' })).rejects.toThrow(/exists/);
  });

  it('checks what is due, alerts when down, records an anomaly for its service, and resolves after two successes', async () => {
    // Prepare
    const down = answer({ status: 502, body: 'bad gateway' });
    const { probes, clock, calls, anomalies, checker } = setup([answer(), down, down, down, answer(), answer()]);
    const { probe_id } = await probes.create(spec);

    // Act: six runs, 30 s apart, and one extra run in between that finds nothing due.
    const runs: boolean[][] = [];
    for (let i = 0; i < 6; i++) {
      runs.push((await probes.runDue()).map((r) => r.ok));
      if (i === 2) runs.push((await probes.runDue()).map((r) => r.ok));
      clock.advance(30_000);
    }

    // Assess
    expect(runs).toEqual([[true], [false], [false], [], [false], [true], [true]]);
    expect(checker.calls).toBe(6);
    expect(calls.map(([scope, v]) => [scope, v.probe_failing])).toEqual([
      ['probe:checkout health', 0],
      ['probe:checkout health', 0],
      ['probe:checkout health', 1],
      ['probe:checkout health', 1],
      ['probe:checkout health', 1],
      ['probe:checkout health', 0],
    ]);
    expect(calls[0]?.[1].tls_days_left).toBe(60);
    const found = await anomalies.list('checkout', 0, NOW + 3_600_000);
    expect(found).toEqual([
      expect.objectContaining({ type: 'probe_failure', severity: 'high', metric: 'probe:checkout health' }),
    ]);
    expect(found[0]?.explanation).toMatch(
      /failed 2 times in a row: status 502, expected 200; body does not contain "ok"/,
    );
    const results = await probes.results(probe_id, 10);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false, false, true]);
    expect((await probes.get(probe_id)).state).toBe('up');
  });

  it('lets two concurrent runs check a due probe once', async () => {
    const { probes, checker } = setup([answer()]);
    await probes.create(spec);
    const [a, b] = await Promise.all([probes.runDue(), probes.runDue()]);
    expect(a.length + b.length).toBe(1);
    expect(checker.calls).toBe(1);
  });

  it('replaces a definition but keeps its name and state, and deletes', async () => {
    // Prepare
    const { probes, clock, calls } = setup([answer()]);
    const { probe_id } = await probes.create(spec);
    await probes.runDue();
    clock.advance(5_000);

    // Act
    const { service: _service, ...withoutService } = spec;
    const updated = await probes.update(probe_id, { ...withoutService, interval_seconds: 10 });
    const renamed = probes.update(probe_id, { ...spec, name: 'other' });

    // Assess
    expect(updated).toMatchObject({ state: 'up', interval_seconds: 10, next_run_at: NOW + 5_000 });
    expect(updated).not.toHaveProperty('service');
    await expect(renamed).rejects.toThrow(/name is its identity/);
    await probes.remove(probe_id);
    // Deleting resolves its alerts: it reports itself up, with no certificate to expire.
    expect(calls.at(-1)).toEqual([`probe:${spec.name}`, { probe_failing: 0, tls_days_left: 100_000 }]);
    await expect(probes.remove(probe_id)).rejects.toThrow(/no probe/);
    await expect(probes.results(probe_id, 5)).rejects.toThrow(/no probe/);
  });
});
