/** Time as a dependency, so tests run on a fixed clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Ids as a dependency, so tests get predictable ones. */
export interface IdGenerator {
  /** A fresh id, unique with overwhelming probability. */
  next(prefix: string): string;
}
