/** Time as a dependency, so tests run on a fixed clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

let systemOffsetMs = 0;

/** The machine's clock (plus the offset `runClockAhead` set, which is 0 outside local tests). */
export const systemClock: Clock = { now: () => Date.now() + systemOffsetMs };

/**
 * Runs `systemClock` ahead by `ms`: the local stack's `--clock-offset-ms`, so an end-to-end test
 * can restart the stack "later" and watch what time-based work (sealing closed buckets) does.
 */
export function runClockAhead(ms: number): void {
  systemOffsetMs = ms;
}

/** Ids as a dependency, so tests get predictable ones. */
export interface IdGenerator {
  /** A fresh id, unique with overwhelming probability. */
  next(prefix: string): string;
}
