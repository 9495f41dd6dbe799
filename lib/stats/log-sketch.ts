/**
 * A mergeable quantile sketch with relative error (DDSketch, Masson et al., VLDB 2019): values
 * are counted in logarithmic bins `(γ^(i-1), γ^i]` with `γ = (1 + α) / (1 - α)`, so a quantile
 * read off the bins is within `α` (1%) of a value actually observed, whatever the distribution;
 * in particular a percentile never lies more than 1% outside the observed range. Bins are sparse
 * counters (`l<i>`, `lz` for 0) that add up across buckets, which is what atomic `ADD` needs.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LN_GAMMA = Math.log(GAMMA);
/** Values at or below this count as zero (response times of a nanosecond are zero for us). */
const MIN_POSITIVE = 1e-9;
const PREFIX = 'l';
const ZERO = 'lz';

/**
 * The counter a non-negative value is counted under.
 *
 * @example
 * sketchKey(0.1) // 'l-114'
 */
export function sketchKey(value: number): string {
  if (!(value > MIN_POSITIVE)) return ZERO;
  return `${PREFIX}${Math.ceil(Math.log(value) / LN_GAMMA)}`;
}

/** True for a counter name of the sketch. */
export const isSketchKey = (name: string): boolean => name === ZERO || /^l-?\d+$/.test(name);

/** The representative value of a bin: within α of every value the bin holds. */
function binValue(key: string): number {
  if (key === ZERO) return 0;
  const i = Number(key.slice(PREFIX.length));
  return (2 * GAMMA ** i) / (GAMMA + 1);
}

/**
 * The q-quantile (0..1) of the values counted in `counters` (other counters are ignored), or
 * null when none were: the nearest-rank value (the ceil(q * n)-th smallest), which for latency
 * alerts errs towards the slow side (p95 of three calls is the slowest).
 *
 * @example
 * sketchQuantile({ 'l-107': 2, l47: 1 }, 0.95) // about 2.5, for 0.12, 0.12, 2.5
 */
export function sketchQuantile(counters: Readonly<Record<string, number>>, q: number): number | null {
  const bins = Object.entries(counters)
    .filter(([k, n]) => isSketchKey(k) && n > 0)
    .map(([k, n]) => ({ value: binValue(k), n }))
    .sort((a, b) => a.value - b.value);
  const total = bins.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const b of bins) {
    seen += b.n;
    if (seen >= rank) return b.value;
  }
  return bins[bins.length - 1]?.value ?? null;
}
