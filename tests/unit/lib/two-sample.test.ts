import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chiSquareSf, kolmogorovSf } from '#lib/stats/special.ts';
import {
  benjaminiHochberg,
  binShares,
  chiSquareHomogeneity,
  jensenShannonDistance,
  ksCriticalValue,
  ksTwoSample,
  psi,
  quantileEdges,
  wasserstein1,
} from '#lib/stats/two-sample.ts';

// Values computed with scipy 1.17: tests/fixtures/drift-scipy.json, made by tests/fixtures/drift-scipy.py.
const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../fixtures/drift-scipy.json'), 'utf8')) as {
  a: number[];
  b: number[];
  ks_d: number;
  ks_p_kstwobign: number;
  wasserstein: number;
  chi: { ref: number[]; cur: number[]; stat: number; p: number; df: number };
  js: number;
  bh: { p: number[]; adj: number[] };
  chi2sf: number[];
  ksf: number[];
};

describe('special functions', () => {
  it('match scipy chi2.sf', () => {
    const args: [number, number][] = [
      [3.84, 1],
      [10, 4],
      [50, 20],
      [0.5, 3],
    ];
    args.forEach(([x, k], i) => {
      expect(chiSquareSf(x, k)).toBeCloseTo(fixture.chi2sf[i] ?? NaN, 9);
    });
  });

  it('match scipy kstwobign.sf', () => {
    [0.5, 1.0, 1.36, 2.0].forEach((x, i) => {
      expect(kolmogorovSf(x)).toBeCloseTo(fixture.ksf[i] ?? NaN, 9);
    });
  });
});

describe('drift statistics against scipy', () => {
  it('computes the two-sample KS statistic and its asymptotic p-value', () => {
    const { statistic, pValue } = ksTwoSample(fixture.a, fixture.b);
    expect(statistic).toBeCloseTo(fixture.ks_d, 12);
    expect(pValue).toBeCloseTo(fixture.ks_p_kstwobign, 9);
  });

  it('computes the first Wasserstein distance', () => {
    expect(wasserstein1(fixture.a, fixture.b)).toBeCloseTo(fixture.wasserstein, 9);
  });

  it('computes the chi-square test of homogeneity', () => {
    const out = chiSquareHomogeneity(fixture.chi.ref, fixture.chi.cur);
    expect(out.statistic).toBeCloseTo(fixture.chi.stat, 9);
    expect(out.df).toBe(fixture.chi.df);
    expect(out.pValue).toBeCloseTo(fixture.chi.p, 9);
  });

  it('computes the Jensen-Shannon distance in base 2', () => {
    expect(jensenShannonDistance(fixture.chi.ref, fixture.chi.cur)).toBeCloseTo(fixture.js, 9);
  });

  it('adjusts p-values like scipy false_discovery_control (Benjamini-Hochberg)', () => {
    benjaminiHochberg(fixture.bh.p).forEach((p, i) => {
      expect(p).toBeCloseTo(fixture.bh.adj[i] ?? NaN, 12);
    });
  });
});

describe('PSI and bins', () => {
  it('is 0 for identical samples and grows with a shift', () => {
    const ref = Array.from({ length: 1000 }, (_, i) => i / 10);
    expect(psi(ref, ref)).toBeCloseTo(0, 12);
    const shifted = ref.map((v) => v + 20);
    expect(psi(ref, shifted)).toBeGreaterThan(0.25);
  });

  it('puts a tenth of the reference in each decile bin', () => {
    const ref = Array.from({ length: 1000 }, (_, i) => i);
    const edges = quantileEdges(ref);
    expect(edges).toHaveLength(9);
    for (const share of binShares(ref, edges)) expect(share).toBeCloseTo(0.1, 2);
  });

  it('has a KS critical value that shrinks with sample size', () => {
    expect(ksCriticalValue(50, 50, 0.05)).toBeCloseTo(0.2716, 3);
    expect(ksCriticalValue(50_000, 50_000, 0.05)).toBeLessThan(0.01);
  });
});
