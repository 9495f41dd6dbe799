import { ConflictError, NotFoundError } from '#domain/kernel/errors.ts';
import { probeScope } from '#domain/kernel/notice.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { hash64 } from '#lib/ids/hash.ts';
import { mapLimit } from '#lib/async/map-limit.ts';
import type { AnomalyStore, ProbeChecker, ProbeStore, ServiceAlerts } from './services.ports.ts';
import { anomalyOf } from './service.ts';

/** The certificate days a deleted probe reports: far past any expiry rule, so its certificate alert resolves. */
const NO_CERTIFICATE_DAYS = 100_000;

/** What a probe checks, as an operator defines it (seed 004's HTTP poller). */
export interface ProbeSpec {
  readonly name: string;
  readonly url: string;
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly interval_seconds: number;
  readonly timeout_seconds: number;
  readonly expect: {
    readonly status: number;
    /** Seconds. */
    readonly max_response_time: number;
    readonly body_contains?: string;
  };
  /** The service the probed endpoint belongs to: a failure shows in its anomalies. */
  readonly service?: string;
  /** Consecutive failures before the probe is down and alerts (Gatus' failure threshold). */
  readonly retries: number;
}

export type ProbeState = 'unknown' | 'up' | 'down';

/** A probe with its live state. */
export interface Probe extends ProbeSpec {
  readonly probe_id: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly state: ProbeState;
  readonly consecutive_failures: number;
  readonly consecutive_successes: number;
  /** Epoch ms the next check is due. */
  readonly next_run_at: number;
  readonly last_checked_at?: string;
  /** Days until the TLS certificate expires, from the last check over HTTPS. */
  readonly tls_days_left?: number;
  /** Optimistic-concurrency version of the stored item. */
  readonly version: number;
}

/** What one check saw. */
export interface CheckOutcome {
  /** The HTTP status, or null when no answer came (connection refused, DNS, timeout, TLS). */
  readonly status: number | null;
  /** Milliseconds to the whole answer (or to the failure). */
  readonly latency_ms: number;
  readonly tls_days_left: number | null;
  /** The connection error, if any. */
  readonly error: string | null;
  /** The start of the body (64 KiB at most), when the probe looks into it. */
  readonly body?: string;
}

/** One check as stored (30 days) and listed. */
export interface ProbeResult {
  readonly probe_id: string;
  readonly checked_at: string;
  readonly ok: boolean;
  readonly status: number | null;
  readonly latency_ms: number;
  readonly tls_days_left: number | null;
  readonly error: string | null;
  /** Why the check failed: each expectation it missed. */
  readonly failures: readonly string[];
}

/** Successive successes that bring a down probe back up (Gatus' success threshold). */
export const RECOVERY_SUCCESSES = 2;
/** Probes checked at once by one run. */
const CONCURRENCY = 8;

/** A probe's id: from its name, so a retried create meets the probe it made (409), not a twin. */
export const probeIdOf = (name: string): string => `probe_${hash64(name.trim().toLowerCase())}`;

/** The expectations a check missed; none means it passed. */
export function judgeCheck(spec: ProbeSpec, outcome: CheckOutcome): string[] {
  if (outcome.status === null) return [`no answer: ${outcome.error ?? 'unknown error'}`];
  const failures: string[] = [];
  if (outcome.status !== spec.expect.status) failures.push(`status ${outcome.status}, expected ${spec.expect.status}`);
  if (outcome.latency_ms > spec.expect.max_response_time * 1000)
    failures.push(`answered in ${outcome.latency_ms} ms, more than ${spec.expect.max_response_time * 1000} ms`);
  if (spec.expect.body_contains !== undefined && !(outcome.body ?? '').includes(spec.expect.body_contains))
    failures.push(`body does not contain "${spec.expect.body_contains}"`);
  return failures;
}

/** The probe after a check: counts, and up or down by the thresholds. */
export function advanceProbe(
  probe: Probe,
  ok: boolean,
): Pick<Probe, 'state' | 'consecutive_failures' | 'consecutive_successes'> {
  const failures = ok ? 0 : probe.consecutive_failures + 1;
  const successes = ok ? probe.consecutive_successes + 1 : 0;
  let state = probe.state;
  if (!ok && failures >= probe.retries) state = 'down';
  else if (ok && (probe.state !== 'down' || successes >= RECOVERY_SUCCESSES)) state = 'up';
  return { state, consecutive_failures: failures, consecutive_successes: successes };
}

export interface ProbeDeps {
  readonly store: ProbeStore;
  readonly checker: ProbeChecker;
  readonly clock: Clock;
  /** Where a failing probe of a service shows up next to its other anomalies. */
  readonly anomalies?: AnomalyStore;
  readonly alerts?: ServiceAlerts;
}

/**
 * Scheduled HTTP probes: operators define them; each run checks those due (claimed first, so
 * two runs never check the same slot twice), stores the result, moves the probe up or down,
 * and runs the alert rules on `probe_failing` (1 while down) and `tls_days_left`.
 */
export function createProbes(deps: ProbeDeps) {
  const { store, checker, clock } = deps;
  const iso = () => new Date(clock.now()).toISOString();

  async function check(probe: Probe): Promise<ProbeResult | undefined> {
    // Claim the slot: the next run is set before checking, on the version read.
    const now = clock.now();
    const claimed: Probe = { ...probe, next_run_at: now + probe.interval_seconds * 1000, version: probe.version + 1 };
    if (!(await store.put(claimed, probe.version))) return undefined;
    const outcome = await checker.check(probe);
    const failures = judgeCheck(probe, outcome);
    const result: ProbeResult = {
      probe_id: probe.probe_id,
      checked_at: iso(),
      ok: failures.length === 0,
      status: outcome.status,
      latency_ms: outcome.latency_ms,
      tls_days_left: outcome.tls_days_left,
      error: outcome.error,
      failures,
    };
    await store.addResult(result);
    // The state, on the freshest item: an edit during the check keeps its spec.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = attempt === 0 ? claimed : await store.get(probe.probe_id);
      if (current === undefined) return result;
      const next: Probe = {
        ...current,
        ...advanceProbe(current, result.ok),
        last_checked_at: result.checked_at,
        ...(outcome.tls_days_left !== null ? { tls_days_left: outcome.tls_days_left } : {}),
        version: current.version + 1,
      };
      if (!(await store.put(next, current.version))) continue;
      if (next.state === 'down' && current.state !== 'down' && probe.service !== undefined)
        await deps.anomalies?.save([
          anomalyOf(probe.service, Date.parse(result.checked_at), {
            metric: `probe:${probe.name}`,
            type: 'probe_failure',
            value: result.status ?? 0,
            expected: probe.expect.status,
            score: 0.9,
            explanation: `Probe ${probe.name} (${probe.method} ${probe.url}) failed ${next.consecutive_failures} times in a row: ${failures.join('; ')}.`,
          }),
        ]);
      await deps.alerts?.evaluate(probeScope(probe.name), {
        probe_failing: next.state === 'down' ? 1 : 0,
        ...(outcome.tls_days_left !== null ? { tls_days_left: outcome.tls_days_left } : {}),
      });
      return result;
    }
    return result;
  }

  return {
    async create(spec: ProbeSpec): Promise<Probe> {
      const now = iso();
      const probe: Probe = {
        ...spec,
        probe_id: probeIdOf(spec.name),
        created_at: now,
        updated_at: now,
        state: 'unknown',
        consecutive_failures: 0,
        consecutive_successes: 0,
        next_run_at: clock.now(),
        version: 1,
      };
      if (!(await store.put(probe, 0))) throw new ConflictError(`a probe named "${spec.name}" exists`);
      return probe;
    },

    list: (): Promise<Probe[]> => store.list(),

    async get(id: string): Promise<Probe> {
      const probe = await store.get(id);
      if (probe === undefined) throw new NotFoundError(`no probe ${id}`);
      return probe;
    },

    /** Replaces a probe's definition (its name stays); its state is kept, the next check is due now. */
    async update(id: string, spec: ProbeSpec): Promise<Probe> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await this.get(id);
        if (spec.name !== current.name)
          throw new ConflictError(`a probe's name is its identity: create "${spec.name}" and delete "${current.name}"`);
        // The spec replaces the old one whole: a service left out is no longer set.
        const { service: _old, ...kept } = current;
        const next: Probe = {
          ...kept,
          ...spec,
          updated_at: iso(),
          next_run_at: clock.now(),
          version: current.version + 1,
        };
        if (await store.put(next, current.version)) return next;
      }
      throw new ConflictError(`probe ${id} is changing; try again`);
    },

    /** Deletes a probe and resolves its alerts (a deleted probe cannot recover by itself). */
    async remove(id: string): Promise<void> {
      const probe = await store.get(id);
      if (probe === undefined || !(await store.remove(id))) throw new NotFoundError(`no probe ${id}`);
      await deps.alerts?.evaluate(probeScope(probe.name), { probe_failing: 0, tls_days_left: NO_CERTIFICATE_DAYS });
    },

    async results(id: string, limit: number): Promise<ProbeResult[]> {
      await this.get(id);
      return store.results(id, limit);
    },

    /** Checks every probe that is due, eight at a time; returns the results of those this run checked. */
    async runDue(): Promise<ProbeResult[]> {
      return (await this.run()).results;
    },

    /**
     * One run of the schedule: checks what is due and says, from the same listing, when the
     * earliest probe is due next (undefined without probes): one scan a run, not two.
     */
    async run(): Promise<{ results: ProbeResult[]; nextDue: number | undefined }> {
      const now = clock.now();
      const probes = await store.list();
      const due = probes.filter((p) => p.next_run_at <= now);
      const results = (await mapLimit(due, CONCURRENCY, check)).filter((r): r is ProbeResult => r !== undefined);
      // A due probe was just checked (here or by a concurrent run): its next slot is an interval on.
      const next = probes.map((p) => (p.next_run_at <= now ? now + p.interval_seconds * 1000 : p.next_run_at));
      return { results, nextDue: next.length === 0 ? undefined : Math.min(...next) };
    },
  };
}

export type Probes = ReturnType<typeof createProbes>;
