/** Seeded randomness for deterministic statistical tests: the library's own generator. */
export { seededRandom as mulberry32 } from '#lib/anomaly/isolation-forest.ts';

/** A normal draw (Box-Muller). */
export function normal(rand: () => number, mean = 0, sd = 1): number {
  const u = Math.max(rand(), 1e-12);
  const v = rand();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
