/**
 * A circuit breaker per provider target (provider, endpoint, model id), Portkey's design: over a sliding window (the
 * newest 20 calls of the last minute), once at least `minimum_requests` calls were made and the share that failed reaches
 * `failure_threshold`, the circuit opens for `cooldown_ms` (at least 30 s); then one trial call
 * is let through (half-open) and its outcome closes or re-opens it.
 *
 * State lives in the instance that makes the calls (a Lambda container keeps it across
 * invocations); each instance learns a provider's failure from its own calls.
 */
export interface BreakerConfig {
  readonly window_ms: number;
  /** At most this many newest outcomes count (a count-based window inside the time window, so a busy provider trips as fast as a quiet one). */
  readonly window_size: number;
  readonly minimum_requests: number;
  readonly failure_threshold: number;
  readonly cooldown_ms: number;
}

export const DEFAULT_BREAKER: BreakerConfig = {
  window_ms: 60_000,
  window_size: 20,
  minimum_requests: 5,
  failure_threshold: 0.5,
  cooldown_ms: 30_000,
};

export type CircuitState = 'closed' | 'open' | 'half_open';

interface Circuit {
  outcomes: { at: number; ok: boolean }[];
  openedAt: number | null;
  trialInFlight: boolean;
}

export function createBreakers(config: BreakerConfig = DEFAULT_BREAKER) {
  const circuits = new Map<string, Circuit>();
  const circuit = (key: string): Circuit => {
    let c = circuits.get(key);
    if (c === undefined) {
      c = { outcomes: [], openedAt: null, trialInFlight: false };
      circuits.set(key, c);
    }
    return c;
  };

  function state(key: string, now: number): CircuitState {
    const c = circuit(key);
    if (c.openedAt === null) return 'closed';
    return now - c.openedAt >= config.cooldown_ms ? 'half_open' : 'open';
  }

  return {
    state,

    /** Whether a call may go now; in half-open state only one trial at a time. */
    allow(key: string, now: number): boolean {
      const s = state(key, now);
      if (s === 'closed') return true;
      if (s === 'open') return false;
      const c = circuit(key);
      if (c.trialInFlight) return false;
      c.trialInFlight = true;
      return true;
    },

    record(key: string, ok: boolean, now: number): void {
      const c = circuit(key);
      if (c.openedAt !== null) {
        // Only the half-open trial decides; a call that started before the circuit opened does not.
        if (!c.trialInFlight) return;
        c.trialInFlight = false;
        if (ok) {
          c.openedAt = null;
          c.outcomes = [];
        } else c.openedAt = now;
        return;
      }
      c.outcomes.push({ at: now, ok });
      c.outcomes = c.outcomes.filter((o) => now - o.at <= config.window_ms).slice(-config.window_size);
      const failures = c.outcomes.filter((o) => !o.ok).length;
      if (c.outcomes.length >= config.minimum_requests && failures / c.outcomes.length >= config.failure_threshold)
        c.openedAt = now;
    },

    snapshot(now: number): Record<string, { state: CircuitState; window_calls: number; window_failures: number }> {
      return Object.fromEntries(
        [...circuits].map(([key, c]) => [
          key,
          {
            state: state(key, now),
            window_calls: c.outcomes.length,
            window_failures: c.outcomes.filter((o) => !o.ok).length,
          },
        ]),
      );
    },
  };
}

export type Breakers = ReturnType<typeof createBreakers>;
