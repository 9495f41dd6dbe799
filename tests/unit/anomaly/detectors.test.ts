import * as fc from 'fast-check';
import {
  cusumDetector,
  ewmaDetector,
  iqrDetector,
  madDetector,
  zScoreDetector,
  type Detector,
} from '#lib/anomaly/detectors.ts';
import { IsolationForest, seededRandom } from '#lib/anomaly/isolation-forest.ts';
import {
  createDetector,
  DETECTORS,
  isolationForestDetector,
  suppressRepeats,
  withLikelihood,
  withRangeBreaks,
} from '#lib/anomaly/streaming.ts';
import { SlidingWindow } from '#lib/anomaly/window.ts';

const STEP = 300_000;
const run = (d: Detector, values: readonly number[]) => values.map((v, i) => d.update(v, i * STEP));
/** Gaussian noise around `level`, seeded. */
function noise(n: number, level = 50, sd = 2, seed = 3): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = Math.max(1e-12, random());
    return level + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}
const BASE = {
  zscore: () => zScoreDetector(),
  iqr: () => iqrDetector(),
  mad: () => madDetector(),
  ewma: () => ewmaDetector(),
  iforest: () => isolationForestDetector(),
};

describe('SlidingWindow', () => {
  it('keeps the mean, sd, quantiles and MAD of its last values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (xs, size) => {
          const w = new SlidingWindow(size);
          for (const x of xs) w.push(x);
          const last = xs.slice(-size);
          const sorted = [...last].sort((a, b) => a - b);
          const mean = last.reduce((a, b) => a + b, 0) / last.length;
          const median =
            sorted.length % 2 === 1
              ? sorted[(sorted.length - 1) / 2]!
              : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
          const deviations = last.map((x) => Math.abs(x - median)).sort((a, b) => a - b);
          expect(w.mean()).toBeCloseTo(mean, 6);
          expect(w.quantile(0.5)).toBeCloseTo(median, 6);
          expect(w.quantile(0)).toBe(sorted[0]);
          expect(w.quantile(1)).toBe(sorted.at(-1));
          expect(w.mad()).toBeCloseTo(deviations[Math.floor((deviations.length - 1) / 2)]!, 6);
          expect(w.recent(0)).toBe(xs.at(-1));
        },
      ),
    );
  });
});

describe('streaming detectors', () => {
  it.each(Object.keys(BASE))('%s scores a spike far above the noise around it', (name) => {
    // Prepare
    const values = noise(600);
    values[500] = 90;

    // Act
    const scores = run(BASE[name as keyof typeof BASE](), values);

    // Assess
    const before = Math.max(...scores.slice(400, 500));
    expect(scores[500]).toBeGreaterThan(before);
    expect(scores[500]).toBeGreaterThan(0.3);
  });

  it.each(Object.keys(BASE))('%s ignores a missing value (NaN): score 0, state unchanged', (name) => {
    const values = noise(300);
    const withGap = [...values.slice(0, 200), Number.NaN, ...values.slice(200)];
    const plain = run(BASE[name as keyof typeof BASE](), values);
    const gapped = run(BASE[name as keyof typeof BASE](), withGap);
    expect(gapped[200]).toBe(0);
    expect(gapped.slice(201)).toEqual(plain.slice(200));
  });

  it('does not alarm on a flat line, and alarms on the first change after it', () => {
    const values = [...Array<number>(400).fill(10), 14, ...Array<number>(50).fill(10)];
    for (const d of [zScoreDetector(), madDetector(), iqrDetector(), ewmaDetector()]) {
      const scores = run(d, values);
      expect(Math.max(...scores.slice(0, 400))).toBe(0);
      expect(scores[400]).toBeGreaterThan(0.9);
    }
  });

  it('lets CUSUM find a small level shift that no single point shows', () => {
    // Prepare: a shift of one sd, which a point test scores like noise.
    const values = [...noise(500, 50, 2, 5), ...noise(200, 52, 2, 6)];

    // Act
    const cusum = run(cusumDetector(), values);
    const z = run(zScoreDetector(), values);

    // Assess
    const firstAlarm = cusum.findIndex((s, i) => i >= 500 && s >= 1);
    expect(firstAlarm).toBeGreaterThan(500);
    expect(firstAlarm).toBeLessThan(560);
    expect(Math.max(...cusum.slice(100, 500))).toBeLessThan(1);
    expect(Math.max(...z.slice(500, 560))).toBeLessThan(0.5);
  });

  it('lets a slow trend pass the EWMA chart but not a jump on top of it', () => {
    const values = Array.from({ length: 800 }, (_, i) => 10 + i * 0.01 + Math.sin(i) * 0.2);
    values[700] = (values[700] ?? 0) + 5;
    const scores = run(ewmaDetector(), values);
    expect(Math.max(...scores.slice(100, 700))).toBeLessThan(0.2);
    expect(scores[700]).toBeGreaterThan(0.5);
  });

  it('scores a repeating season as ordinary once the window has seen it, and a break in it as not', () => {
    const season = (i: number) => 50 + 20 * Math.sin((2 * Math.PI * i) / 48);
    const values = Array.from({ length: 1000 }, (_, i) => season(i) + (i === 900 ? 40 : 0));
    const scores = run(isolationForestDetector(), values);
    expect(scores[900]).toBeGreaterThan(Math.max(...scores.slice(600, 900)));
  });

  it.each(DETECTORS)('%s is online: a score never depends on a later point', (name) => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 50, maxLength: 400 }),
        fc.integer({ min: 1, max: 49 }),
        (values, cut) => {
          const prefix = values.slice(0, values.length - cut);
          const full = run(createDetector(name), values);
          expect(run(createDetector(name), prefix)).toEqual(full.slice(0, prefix.length));
          for (const s of full) expect(s >= 0 && s <= 1).toBe(true);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('likelihood and repeat suppression', () => {
  it('quiets a raw score that is always high on this series, and keeps one that is unusual for it', () => {
    // Prepare: a raw detector stuck near 0.8 with noise, then at 1 for ten points.
    const raw = noise(2000, 0.8, 0.02, 9).map((v, i) => (i >= 1500 && i < 1510 ? 1 : Math.min(1, v)));
    const stuck: Detector = { update: (_v, t) => raw[t / STEP] ?? 0 };

    // Act
    const scores = run(withLikelihood(stuck), raw);

    // Assess
    expect(Math.max(...scores.slice(400, 1500))).toBeLessThan(0.5);
    expect(Math.max(...scores.slice(1500, 1510))).toBeGreaterThan(0.5);
  });

  it('holds the scores after an alarm to a tenth for the quiet period, then lets the next one through', () => {
    const raw = Array.from({ length: 300 }, (_, i) => (i === 10 || i === 50 || i === 200 ? 0.9 : 0.1));
    const inner: Detector = { update: (_v, t) => raw[t / STEP] ?? 0 };
    const scores = run(suppressRepeats(inner, { alarm: 0.5, quietPoints: 100 }), raw);
    expect(scores[10]).toBe(0.9);
    expect(scores[50]).toBeCloseTo(0.09, 10);
    expect(scores[200]).toBe(0.9);
  });
});

describe('range breaks', () => {
  it('scores 1 for a value past the range seen so far by a tenth of it, and learns the range as it goes', () => {
    const quiet: Detector = { update: () => 0 };
    const values = [...Array.from({ length: 150 }, (_, i) => 10 + (i % 11)), 20.5, 23, 9.5, 8];
    const scores = run(withRangeBreaks(quiet), values);
    expect(Math.max(...scores.slice(0, 150))).toBe(0);
    // Range 10..20: 20.5 is within a tenth of it; 23 is not; 9.5 is within a tenth of 9.5..23; 8 is not.
    expect(scores.slice(150)).toEqual([0, 1, 0, 1]);
  });
});

describe('IsolationForest', () => {
  it('isolates an outlier in fewer splits than the crowd, the same way for the same seed', () => {
    const random = seededRandom(4);
    const rows = Array.from({ length: 500 }, () => [random(), random()]);
    const a = new IsolationForest({ seed: 11 }).fit(rows);
    const b = new IsolationForest({ seed: 11 }).fit(rows);
    expect(a.score([5, 5])).toBeGreaterThan(0.65);
    expect(a.score([0.5, 0.5])).toBeLessThan(0.5);
    expect(a.score([5, 5])).toBe(b.score([5, 5]));
  });
});
