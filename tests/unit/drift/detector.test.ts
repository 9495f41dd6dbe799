import { calibrate, calibrated, estimateAccuracy } from '#domain/drift/cbpe.ts';
import { detectDrift, type DriftSettings } from '#domain/drift/detector.ts';
import { ksTwoSample } from '#lib/stats/two-sample.ts';
import { mulberry32, normal } from '../../support/random.ts';

const rows = (n: number, make: (i: number) => Record<string, number | string>) =>
  Array.from({ length: n }, (_, i) => make(i));

describe('detectDrift', () => {
  it('flags a shifted numeric feature and a re-weighted category, and scores the model', () => {
    // Prepare
    const rand = mulberry32(1);
    const reference = rows(1000, () => ({
      amount: normal(rand, 100, 15),
      region: rand() < 0.5 ? 'eu' : 'us',
      stable: normal(rand),
    }));
    const current = rows(1000, () => ({
      amount: normal(rand, 130, 15),
      region: rand() < 0.2 ? 'eu' : 'us',
      stable: normal(rand),
    }));

    // Act
    const report = detectDrift(reference, current);

    // Assess
    const byName = Object.fromEntries(report.features.map((f) => [f.feature, f]));
    expect(byName.amount).toMatchObject({ kind: 'numeric', test: 'ks', drifted: true });
    expect(byName.amount?.psi).toBeGreaterThan(0.2);
    expect(byName.amount?.wasserstein).toBeCloseTo(30, -1);
    expect(byName.region).toMatchObject({ kind: 'categorical', test: 'chi_square', drifted: true });
    expect(byName.stable?.drifted).toBe(false);
    expect(report.drifted_features).toBe(2);
    expect(report.drift_score).toBeCloseTo(
      0.5 * (2 / 3) + 0.5 * Math.max(byName.amount!.distance, byName.region!.distance),
      9,
    );
    expect(byName.amount?.histogram.labels).toHaveLength(10);
  });

  it('skips features with too few values instead of calling them stable', () => {
    const report = detectDrift(
      rows(10, (i) => ({ x: i })),
      rows(10, (i) => ({ x: i + 100 })),
    );
    expect(report.features).toHaveLength(0);
    expect(report.skipped).toEqual([{ feature: 'x', reason: 'fewer than 30 values in a window (10 / 10)' }]);
    expect(report.drift_score).toBe(0);
  });

  // Evidently's users report that p-value tests call everything drift on large data and nothing on
  // small data (evidentlyai/evidently#50, #238). These synthetic streams show what the combined rule does.
  describe('sample-size awareness', () => {
    it('does not call a trivial shift drift on 50,000-row windows, where a p-value test alone does', () => {
      // Prepare: a 0.05 standard-deviation shift: real, but harmless
      const rand = mulberry32(2);
      const reference = rows(50_000, () => ({ x: normal(rand) }));
      const current = rows(50_000, () => ({ x: normal(rand, 0.05) }));

      // Act
      const report = detectDrift(reference, current);
      const pOnly = ksTwoSample(
        reference.map((r) => r.x as number),
        current.map((r) => r.x as number),
      ).pValue;

      // Assess
      expect(pOnly).toBeLessThan(0.001);
      expect(report.features[0]?.drifted).toBe(false);
    });

    it('detects a one-sigma shift on 50-row windows in at least 9 of 10 trials', () => {
      const rand = mulberry32(3);
      let detected = 0;
      for (let trial = 0; trial < 10; trial++) {
        const report = detectDrift(
          rows(50, () => ({ x: normal(rand) })),
          rows(50, () => ({ x: normal(rand, 1) })),
        );
        if (report.features[0]?.drifted === true) detected++;
      }
      expect(detected).toBeGreaterThanOrEqual(9);
    });

    it('keeps false alarms over 20 unchanged features near the FDR level, where uncorrected tests alarm most of the time', () => {
      // Prepare: 200 scans of 20 features drawn from the same distribution
      const rand = mulberry32(4);
      const settings: DriftSettings = { alpha: 0.05, minKs: 0, minJs: 0, minSamples: 30 };
      let correctedAlarms = 0;
      let uncorrectedAlarms = 0;
      for (let scan = 0; scan < 200; scan++) {
        const make = () =>
          rows(200, () => Object.fromEntries(Array.from({ length: 20 }, (_, f) => [`f${f}`, normal(rand)])));
        const report = detectDrift(make(), make(), settings);
        if (report.drifted_features > 0) correctedAlarms++;
        if (report.features.some((f) => f.p_value < 0.05)) uncorrectedAlarms++;
      }

      // Assess: with 20 independent tests at 5%, P(any alarm) = 1 - 0.95^20 = 64% (the asymptotic KS p-value is conservative, so a little less)
      expect(uncorrectedAlarms / 200).toBeGreaterThan(0.3);
      expect(correctedAlarms / 200).toBeLessThanOrEqual(0.08);
    });
  });
});

describe('confidence-based performance estimation', () => {
  /** A classifier whose true probability of being right is `p(x)` and who reports a miscalibrated confidence. */
  const simulate = (rand: () => number, n: number, xMean: number) =>
    Array.from({ length: n }, () => {
      const x = normal(rand, xMean, 1);
      const pRight = 1 / (1 + Math.exp(-2 * Math.abs(x))); // hard near the boundary x = 0
      const confidence = Math.min(1, pRight + 0.08); // over-confident by 8 points
      return { confidence, correct: rand() < pRight };
    });

  it('learns a non-decreasing calibration that corrects over-confidence', () => {
    const rand = mulberry32(5);
    const cal = calibrate(simulate(rand, 5000, 2))!;
    for (let i = 1; i < cal.y.length; i++) expect(cal.y[i]!).toBeGreaterThanOrEqual(cal.y[i - 1]!);
    expect(calibrated(cal, 0.9)).toBeLessThan(0.9);
  });

  it('tracks realised accuracy under covariate shift within 0.02', () => {
    // Prepare: reference inputs far from the boundary; current windows drift toward it
    const rand = mulberry32(6);
    const cal = calibrate(simulate(rand, 5000, 2))!;

    // Act / Assess
    const errors: number[] = [];
    for (const shift of [2, 1.5, 1, 0.5, 0]) {
      const window = simulate(rand, 2000, shift);
      const realised = window.filter((p) => p.correct).length / window.length;
      const estimate = estimateAccuracy(
        cal,
        window.map((p) => p.confidence),
      )!;
      errors.push(Math.abs(estimate.estimated_accuracy - realised));
      expect(estimate.ci95[0]).toBeLessThan(estimate.estimated_accuracy);
    }
    expect(Math.max(...errors)).toBeLessThan(0.02);
    // The naive estimate (mean raw confidence) is off by the over-confidence.
  });

  it('needs enough labelled predictions to calibrate', () => {
    expect(calibrate([{ confidence: 0.9, correct: true }])).toBeUndefined();
  });
});
