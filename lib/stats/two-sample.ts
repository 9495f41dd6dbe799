import { chiSquareSf, kolmogorovSf } from './special.ts';

const numericSort = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/**
 * Two-sample Kolmogorov-Smirnov test: D = sup |F_ref - F_cur| with the asymptotic p-value
 * Q_KS(sqrt(n m / (n + m)) D) (scipy: `kstwobign.sf`).
 */
export function ksTwoSample(
  reference: readonly number[],
  current: readonly number[],
): { statistic: number; pValue: number } {
  const a = numericSort(reference);
  const b = numericSort(current);
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { statistic: 0, pValue: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i] ?? Infinity, b[j] ?? Infinity);
    while (i < n && (a[i] ?? Infinity) <= x) i++;
    while (j < m && (b[j] ?? Infinity) <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { statistic: d, pValue: kolmogorovSf(en * d) };
}

/**
 * The smallest KS statistic significant at level `alpha` for sample sizes n and m:
 * c(α) sqrt((n + m) / (n m)), c(α) = sqrt(-ln(α / 2) / 2). Shrinks as samples grow, which is
 * why a p-value alone calls tiny, harmless shifts "drift" on large data.
 */
export function ksCriticalValue(n: number, m: number, alpha: number): number {
  if (n === 0 || m === 0) return 1;
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

/** Bin edges at the reference's quantiles (deciles by default), deduplicated; used by PSI and histograms. */
export function quantileEdges(reference: readonly number[], bins = 10): number[] {
  const sorted = numericSort(reference);
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const pos = (k / bins) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const value =
      (sorted[lo] ?? 0) + ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
    if (edges.length === 0 || value > (edges[edges.length - 1] ?? -Infinity)) edges.push(value);
  }
  return edges;
}

/** The bin of a value among ascending upper edges: the first edge it does not exceed (edges.length past the last). */
export function binIndex(edges: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= (edges[mid] ?? Infinity)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Share of values in each bin (n_edges + 1 bins; a value equal to an edge goes to the lower bin). */
export function binShares(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    const bin = binIndex(edges, v);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts.map((c) => (values.length > 0 ? c / values.length : 0));
}

const PSI_EPSILON = 1e-4;

/**
 * Population Stability Index over the reference's quantile bins:
 * Σ (c - r) ln(c / r), with empty bins floored at 1e-4.
 */
export function psi(reference: readonly number[], current: readonly number[], bins = 10): number {
  const edges = quantileEdges(reference, bins);
  const r = binShares(reference, edges);
  const c = binShares(current, edges);
  let sum = 0;
  for (let k = 0; k < r.length; k++) {
    const rk = Math.max(r[k] ?? 0, PSI_EPSILON);
    const ck = Math.max(c[k] ?? 0, PSI_EPSILON);
    sum += (ck - rk) * Math.log(ck / rk);
  }
  return sum;
}

/** First Wasserstein distance between two samples: ∫ |F_a(x) - F_b(x)| dx (scipy `wasserstein_distance`). */
export function wasserstein1(reference: readonly number[], current: readonly number[]): number {
  const a = numericSort(reference);
  const b = numericSort(current);
  if (a.length === 0 || b.length === 0) return 0;
  const all = numericSort([...a, ...b]);
  let i = 0;
  let j = 0;
  let total = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const x = all[k] ?? 0;
    while (i < a.length && (a[i] ?? Infinity) <= x) i++;
    while (j < b.length && (b[j] ?? Infinity) <= x) j++;
    total += Math.abs(i / a.length - j / b.length) * ((all[k + 1] ?? x) - x);
  }
  return total;
}

/**
 * Chi-square test of homogeneity of two category count vectors (a 2 x k contingency table,
 * no continuity correction; scipy `chi2_contingency(..., correction=False)`).
 */
export function chiSquareHomogeneity(
  reference: readonly number[],
  current: readonly number[],
): { statistic: number; df: number; pValue: number } {
  const nr = reference.reduce((s, v) => s + v, 0);
  const nc = current.reduce((s, v) => s + v, 0);
  const total = nr + nc;
  let statistic = 0;
  let categories = 0;
  for (let k = 0; k < reference.length; k++) {
    const col = (reference[k] ?? 0) + (current[k] ?? 0);
    if (col === 0) continue;
    categories++;
    const er = (nr * col) / total;
    const ec = (nc * col) / total;
    statistic += ((reference[k] ?? 0) - er) ** 2 / er + ((current[k] ?? 0) - ec) ** 2 / ec;
  }
  const df = Math.max(1, categories - 1);
  return { statistic, df, pValue: categories < 2 ? 1 : chiSquareSf(statistic, df) };
}

/** Jensen-Shannon distance (square root of the divergence, base 2, in [0, 1]) between two count vectors. */
export function jensenShannonDistance(reference: readonly number[], current: readonly number[]): number {
  const nr = reference.reduce((s, v) => s + v, 0);
  const nc = current.reduce((s, v) => s + v, 0);
  if (nr === 0 || nc === 0) return 0;
  let divergence = 0;
  for (let k = 0; k < reference.length; k++) {
    const p = (reference[k] ?? 0) / nr;
    const q = (current[k] ?? 0) / nc;
    const mid = (p + q) / 2;
    if (p > 0) divergence += 0.5 * p * Math.log2(p / mid);
    if (q > 0) divergence += 0.5 * q * Math.log2(q / mid);
  }
  return Math.sqrt(Math.max(0, divergence));
}

/** Benjamini-Hochberg adjusted p-values (same order as given). */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const entry = order[rank - 1];
    if (entry === undefined) continue;
    running = Math.min(running, (entry.p * m) / rank);
    adjusted[entry.i] = Math.min(1, running);
  }
  return adjusted;
}
