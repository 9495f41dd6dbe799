import type { DriftReport, FeatureDrift, FeatureKind, SkippedFeature } from '#domain/kernel/model.ts';
import { chiSquareSf as chiSquareSfLocal } from '#lib/stats/special.ts';
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

/** Settings of the drift decision; defaults in DEFAULT_DRIFT_SETTINGS. */
export interface DriftSettings {
  /** False discovery rate across a model's features (Benjamini-Hochberg). */
  readonly alpha: number;
  /** Smallest KS statistic that counts as drift, whatever the p-value (ignores trivial shifts on large data). */
  readonly minKs: number;
  /** Smallest Jensen-Shannon distance that counts as categorical drift. */
  readonly minJs: number;
  /** Fewest values per window for a feature to be tested at all. */
  readonly minSamples: number;
}

export const DEFAULT_DRIFT_SETTINGS: DriftSettings = { alpha: 0.05, minKs: 0.1, minJs: 0.1, minSamples: 30 };

type Value = string | number | boolean | null | undefined;

function kindOf(values: readonly Value[]): FeatureKind | undefined {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return undefined;
  return present.every((v) => typeof v === 'number' && Number.isFinite(v)) ? 'numeric' : 'categorical';
}

const MAX_CATEGORIES = 20;
const OTHER = '__other__';

function categoryCounts(reference: readonly string[], current: readonly string[]) {
  const freq = new Map<string, number>();
  for (const v of reference) freq.set(v, (freq.get(v) ?? 0) + 1);
  // Keep the most frequent reference categories; fold the rest (and unseen ones) into one bin.
  const kept = [...freq.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, MAX_CATEGORIES - 1)
    .map(([k]) => k);
  const labels = [...kept, OTHER];
  const index = new Map(kept.map((k, i) => [k, i]));
  const count = (values: readonly string[]) => {
    const out = new Array<number>(labels.length).fill(0);
    for (const v of values) {
      const i = index.get(v) ?? labels.length - 1;
      out[i] = (out[i] ?? 0) + 1;
    }
    return out;
  };
  const ref = count(reference);
  const cur = count(current);
  if ((ref[labels.length - 1] ?? 0) + (cur[labels.length - 1] ?? 0) === 0) {
    labels.pop();
    ref.pop();
    cur.pop();
  }
  return { labels, ref, cur };
}

interface RawTest {
  feature: string;
  kind: FeatureKind;
  test: 'ks' | 'chi_square';
  statistic: number;
  p_value: number;
  distance: number;
  minEffect: number;
  significanceBound: (alpha: number) => number;
  psi?: number;
  wasserstein?: number;
  reference_size: number;
  current_size: number;
  histogram: FeatureDrift['histogram'];
}

function testFeature(
  feature: string,
  reference: readonly Value[],
  current: readonly Value[],
  s: DriftSettings,
): RawTest | SkippedFeature {
  const kind = kindOf([...reference, ...current]);
  if (kind === undefined) return { feature, reason: 'no values' };
  if (kind === 'numeric') {
    const r = reference.filter((v): v is number => typeof v === 'number');
    const c = current.filter((v): v is number => typeof v === 'number');
    if (r.length < s.minSamples || c.length < s.minSamples)
      return { feature, reason: `fewer than ${s.minSamples} values in a window (${r.length} / ${c.length})` };
    const ks = ksTwoSample(r, c);
    const edges = quantileEdges(r);
    const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
    const labels = [...edges.map((e) => `<=${fmt(e)}`), `>${fmt(edges[edges.length - 1] ?? 0)}`];
    return {
      feature,
      kind,
      test: 'ks',
      statistic: ks.statistic,
      p_value: ks.pValue,
      distance: ks.statistic,
      minEffect: s.minKs,
      significanceBound: (alpha) => ksCriticalValue(r.length, c.length, alpha),
      psi: psi(r, c),
      wasserstein: wasserstein1(r, c),
      reference_size: r.length,
      current_size: c.length,
      histogram: { labels, reference: binShares(r, edges), current: binShares(c, edges) },
    };
  }
  const r = reference.filter((v) => v !== null && v !== undefined).map(String);
  const c = current.filter((v) => v !== null && v !== undefined).map(String);
  if (r.length < s.minSamples || c.length < s.minSamples)
    return { feature, reason: `fewer than ${s.minSamples} values in a window (${r.length} / ${c.length})` };
  const { labels, ref, cur } = categoryCounts(r, c);
  const chi = chiSquareHomogeneity(ref, cur);
  const n = r.length;
  const m = c.length;
  return {
    feature,
    kind,
    test: 'chi_square',
    statistic: chi.statistic,
    p_value: chi.pValue,
    distance: jensenShannonDistance(ref, cur),
    minEffect: s.minJs,
    // A JS distance this large is about what a chi-square at this level needs at these sizes:
    // JSD ~ chi2 / (2 ln2 N) for small differences, with N the harmonic-like size n m / (n + m).
    significanceBound: (alpha) => {
      const critical = chiSquareCritical(chi.df, alpha);
      return Math.sqrt(critical / (2 * Math.LN2 * ((4 * n * m) / (n + m))));
    },
    reference_size: n,
    current_size: m,
    histogram: { labels, reference: ref.map((x) => x / n), current: cur.map((x) => x / m) },
  };
}

/** Inverse of the chi-square survival function by bisection (for the reported limit only). */
function chiSquareCritical(df: number, alpha: number): number {
  let lo = 0;
  let hi = Math.max(10, df * 10);
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSfLocal(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Compares a model's current window against its reference window, feature by feature.
 *
 * Decision, per feature: drifted when its Benjamini-Hochberg adjusted p-value is below `alpha`
 * **and** its effect size (KS statistic, or Jensen-Shannon distance for categories) is at least
 * the minimum effect. The first condition keeps false alarms at the FDR level however many
 * features are tested; the second stops trivial shifts from counting as drift on large windows,
 * where any p-value test calls everything drift. Small windows need a large shift to pass the
 * first condition; features with fewer than `minSamples` values are reported as skipped, not as
 * "no drift".
 *
 * drift_score = 0.5 x (share of tested features that drifted) + 0.5 x (largest effect among
 * drifted features), in [0, 1]; 0 when nothing drifted.
 *
 * @param reference rows of the reference window: feature name -> value
 * @param current rows of the current window
 */
export function detectDrift(
  reference: readonly Readonly<Record<string, Value>>[],
  current: readonly Readonly<Record<string, Value>>[],
  settings: DriftSettings = DEFAULT_DRIFT_SETTINGS,
): DriftReport {
  const names = [...new Set([...reference, ...current].flatMap((row) => Object.keys(row)))].sort();
  const raw: RawTest[] = [];
  const skipped: SkippedFeature[] = [];
  for (const name of names) {
    const out = testFeature(
      name,
      reference.map((row) => row[name]),
      current.map((row) => row[name]),
      settings,
    );
    if ('reason' in out) skipped.push(out);
    else raw.push(out);
  }
  const adjusted = benjaminiHochberg(raw.map((t) => t.p_value));
  const features: FeatureDrift[] = raw.map((t, i) => {
    const pAdj = adjusted[i] ?? 1;
    // The effect a feature needs at these sizes: the larger of the significance bound (at the
    // per-feature BH level for rank 1, the strictest) and the minimum meaningful effect.
    const limit = Math.max(t.minEffect, t.significanceBound(settings.alpha / Math.max(1, raw.length)));
    const { minEffect: _m, significanceBound: _s, ...rest } = t;
    return { ...rest, p_value_adjusted: pAdj, limit, drifted: pAdj < settings.alpha && t.distance >= t.minEffect };
  });
  const drifted = features.filter((f) => f.drifted);
  const share = features.length > 0 ? drifted.length / features.length : 0;
  const maxEffect = drifted.reduce((m, f) => Math.max(m, f.distance), 0);
  return {
    drift_score: drifted.length === 0 ? 0 : Math.min(1, 0.5 * share + 0.5 * maxEffect),
    drifted_features: drifted.length,
    tested_features: features.length,
    features,
    skipped,
    reference_size: reference.length,
    current_size: current.length,
  };
}
