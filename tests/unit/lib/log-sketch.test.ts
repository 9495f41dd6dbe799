import fc from 'fast-check';
import { RELATIVE_ACCURACY, sketchKey, sketchQuantile } from '#lib/stats/log-sketch.ts';

const sketchOf = (values: readonly number[]) => {
  const counters: Record<string, number> = {};
  for (const v of values) counters[sketchKey(v)] = (counters[sketchKey(v)] ?? 0) + 1;
  return counters;
};

describe('sketchQuantile', () => {
  it('is within 1% of the nearest-rank quantile of any sample, and inside the observed range up to 1%', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 3600, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          // Act
          const estimate = sketchQuantile(sketchOf(values), q);

          // Assess
          const sorted = [...values].sort((a, b) => a - b);
          const truth = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
          const tolerance = RELATIVE_ACCURACY * truth + 1e-12;
          expect(Math.abs(estimate! - truth)).toBeLessThanOrEqual(tolerance);
          expect(estimate!).toBeLessThanOrEqual(sorted[sorted.length - 1]! * (1 + RELATIVE_ACCURACY));
          expect(estimate!).toBeGreaterThanOrEqual(sorted[0]! * (1 - RELATIVE_ACCURACY));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merges by adding counters: the sketch of two halves equals the sketch of the whole', () => {
    // Prepare
    const values = Array.from({ length: 200 }, (_, i) => 0.01 * (i + 1));
    const merged = sketchOf(values.slice(0, 100));
    for (const [k, n] of Object.entries(sketchOf(values.slice(100)))) merged[k] = (merged[k] ?? 0) + n;

    // Assess
    expect(sketchQuantile(merged, 0.5)).toBe(sketchQuantile(sketchOf(values), 0.5));
  });

  it('ignores counters that are not its own and answers null when it holds nothing', () => {
    // Assess
    expect(sketchQuantile({ n: 5, rt_sum: 1 }, 0.95)).toBeNull();
  });
});
