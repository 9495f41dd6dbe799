import { binIndex } from '#lib/stats/two-sample.ts';
import { binEdges } from './forest.ts';

/**
 * Histogram gradient-boosted trees (the LightGBM / sklearn HistGradientBoosting recipe, small):
 * features binned once into at most 255 quantile bins; each round fits one tree per output to
 * the loss's gradients and hessians, choosing splits by the second-order gain
 * `GL²/(HL+λ) + GR²/(HR+λ) - G²/(H+λ)` and leaf values `-G/(H+λ)`, scaled by the learning rate.
 * Squared error for regression; softmax cross-entropy for classification (one tree per class
 * and round; with two classes a single logit).
 *
 * Deterministic (no sampling).
 */
export interface BoostingOptions {
  readonly task: 'classification' | 'regression';
  /** Boosting rounds. @default 100 */
  readonly nEstimators?: number;
  /** @default 0.1 */
  readonly learningRate?: number;
  /** @default 5 */
  readonly maxDepth?: number;
  /** @default 20 (sklearn's min_samples_leaf) */
  readonly minSamplesLeaf?: number;
  /** L2 regularisation of leaf values. @default 1 */
  readonly l2?: number;
  /** @default 64 */
  readonly bins?: number;
}

/** One regression tree in flat arrays; leaves have feature -1 and their output at `value[node]`. */
export interface BoostedTree {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
}

export interface BoostedModel {
  readonly kind: 'histogram-gradient-boosting';
  readonly version: 1;
  readonly task: 'classification' | 'regression';
  readonly classes: readonly string[];
  readonly nFeatures: number;
  /** Starting score per output (the mean, or the class log-priors). */
  readonly baseline: readonly number[];
  /** `rounds[r][k]`: round r's tree for output k. */
  readonly rounds: readonly (readonly BoostedTree[])[];
}

interface Binned {
  readonly edges: Float64Array[];
  readonly bins: Uint8Array[];
  readonly nBins: number[];
}

function binColumns(X: readonly (readonly number[])[], d: number, bins: number): Binned {
  const n = X.length;
  const edges: Float64Array[] = [];
  const cols: Uint8Array[] = [];
  const nBins: number[] = [];
  for (let f = 0; f < d; f++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = X[i]?.[f] ?? 0;
    const e = binEdges(col, bins);
    edges.push(e);
    nBins.push(e.length + 1);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = binIndex(e, col[i] ?? 0);
    cols.push(b);
  }
  return { edges, bins: cols, nBins };
}

/** Grows one tree on gradients `g` and hessians `h` over the rows in `rows`. */
function growTree(
  data: Binned,
  g: Float64Array,
  h: Float64Array,
  rows: Uint32Array,
  o: { maxDepth: number; minLeaf: number; l2: number; scale: number },
): BoostedTree {
  const tree: BoostedTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const d = data.bins.length;
  const leaf = (G: number, H: number): number => {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-G / (H + o.l2)) * o.scale);
    return node;
  };
  const build = (idx: Uint32Array, depth: number): number => {
    let G = 0;
    let H = 0;
    for (const i of idx) {
      G += g[i] ?? 0;
      H += h[i] ?? 0;
    }
    if (depth >= o.maxDepth || idx.length < 2 * o.minLeaf) return leaf(G, H);
    const parentScore = (G * G) / (H + o.l2);
    let best = { gain: 1e-12, feature: -1, bin: -1 };
    for (let f = 0; f < d; f++) {
      const col = data.bins[f] as Uint8Array;
      const nb = data.nBins[f] ?? 1;
      const gs = new Float64Array(nb);
      const hs = new Float64Array(nb);
      const cs = new Uint32Array(nb);
      for (const i of idx) {
        const b = col[i] ?? 0;
        gs[b] = (gs[b] ?? 0) + (g[i] ?? 0);
        hs[b] = (hs[b] ?? 0) + (h[i] ?? 0);
        cs[b] = (cs[b] ?? 0) + 1;
      }
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += gs[b] ?? 0;
        hl += hs[b] ?? 0;
        cl += cs[b] ?? 0;
        const cr = idx.length - cl;
        if (cl < o.minLeaf) continue;
        if (cr < o.minLeaf) break;
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + o.l2) + (gr * gr) / (hr + o.l2) - parentScore;
        if (gain > best.gain) best = { gain, feature: f, bin: b };
      }
    }
    if (best.feature < 0) return leaf(G, H);
    const col = data.bins[best.feature] as Uint8Array;
    let nl = 0;
    for (const i of idx) if ((col[i] ?? 0) <= best.bin) nl++;
    const li = new Uint32Array(nl);
    const ri = new Uint32Array(idx.length - nl);
    let a = 0;
    let c = 0;
    for (const i of idx) {
      if ((col[i] ?? 0) <= best.bin) li[a++] = i;
      else ri[c++] = i;
    }
    const node = tree.feature.length;
    tree.feature.push(best.feature);
    tree.threshold.push(data.edges[best.feature]?.[best.bin] ?? 0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.left[node] = build(li, depth + 1);
    tree.right[node] = build(ri, depth + 1);
    return node;
  };
  build(rows, 0);
  return tree;
}

function treeOutput(tree: BoostedTree, row: readonly number[]): number {
  let node = 0;
  while ((tree.feature[node] ?? -1) >= 0) {
    const f = tree.feature[node] ?? 0;
    node = (row[f] ?? 0) <= (tree.threshold[node] ?? 0) ? (tree.left[node] ?? 0) : (tree.right[node] ?? 0);
  }
  return tree.value[node] ?? 0;
}

/** Softmax in place (numerically stable). */
function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp((z[k] ?? 0) - max);
  for (let k = 0; k < z.length; k++) z[k] = (z[k] ?? 0) / sum;
  return z;
}

/**
 * Trains boosted trees. `X` holds numeric rows (categoricals already encoded); `y` class labels
 * (as strings) or numbers.
 */
export function trainBoosting(
  X: readonly (readonly number[])[],
  y: readonly (string | number)[],
  options: BoostingOptions,
): BoostedModel {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  if (n === 0 || d === 0) throw new Error('training needs at least one row and one feature');
  const rounds = options.nEstimators ?? 100;
  const lr = options.learningRate ?? 0.1;
  const grow = {
    maxDepth: options.maxDepth ?? 5,
    minLeaf: Math.max(1, options.minSamplesLeaf ?? 20),
    l2: options.l2 ?? 1,
    scale: lr,
  };
  const data = binColumns(X, d, Math.min(255, options.bins ?? 64));
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const classification = options.task === 'classification';
  const classes = classification ? [...new Set(y.map(String))].sort() : [];
  // Two classes need one logit (the second class's); more need one per class.
  const outputs = classification ? (classes.length <= 2 ? 1 : classes.length) : 1;
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const yi = Int32Array.from(y, (v) => classOf.get(String(v)) ?? 0);
  const yr = Float64Array.from(y, (v) => Number(v));

  const baseline: number[] = [];
  if (!classification) baseline.push(yr.reduce((a, b) => a + b, 0) / n);
  else if (outputs === 1) {
    const p = Math.min(1 - 1e-6, Math.max(1e-6, yi.reduce((a, b) => a + b, 0) / n));
    baseline.push(Math.log(p / (1 - p)));
  } else {
    for (let k = 0; k < outputs; k++) {
      const p = Math.max(1e-6, yi.filter((c) => c === k).length / n);
      baseline.push(Math.log(p));
    }
  }
  const F = Array.from({ length: outputs }, (_, k) => new Float64Array(n).fill(baseline[k] ?? 0));
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const model: BoostedTree[][] = [];
  const prob = new Float64Array(outputs);
  for (let r = 0; r < rounds; r++) {
    const trees: BoostedTree[] = [];
    for (let k = 0; k < outputs; k++) {
      const Fk = F[k] as Float64Array;
      for (let i = 0; i < n; i++) {
        if (!classification) {
          g[i] = (Fk[i] ?? 0) - (yr[i] ?? 0);
          h[i] = 1;
        } else if (outputs === 1) {
          const p = 1 / (1 + Math.exp(-(Fk[i] ?? 0)));
          g[i] = p - ((yi[i] ?? 0) === 1 ? 1 : 0);
          h[i] = Math.max(1e-6, p * (1 - p));
        } else {
          for (let j = 0; j < outputs; j++) prob[j] = (F[j] as Float64Array)[i] ?? 0;
          const p = softmax(prob)[k] ?? 0;
          g[i] = p - ((yi[i] ?? 0) === k ? 1 : 0);
          h[i] = Math.max(1e-6, p * (1 - p));
        }
      }
      trees.push(growTree(data, g, h, all, grow));
    }
    // Update after all outputs of the round, so every class's gradient saw the same scores.
    for (let k = 0; k < outputs; k++) {
      const Fk = F[k] as Float64Array;
      const tree = trees[k] as BoostedTree;
      for (let i = 0; i < n; i++) Fk[i] = (Fk[i] ?? 0) + treeOutput(tree, X[i] ?? []);
    }
    model.push(trees);
  }
  return {
    kind: 'histogram-gradient-boosting',
    version: 1,
    task: options.task,
    classes,
    nFeatures: d,
    baseline,
    rounds: model,
  };
}

/** The prediction for one encoded row: the value, or the most probable class and its probability. */
export function predictBoosting(
  model: BoostedModel,
  row: readonly number[],
): { prediction: string | number; confidence: number | undefined } {
  const z = Float64Array.from(model.baseline);
  for (const trees of model.rounds)
    for (let k = 0; k < trees.length; k++) z[k] = (z[k] ?? 0) + treeOutput(trees[k] as BoostedTree, row);
  if (model.task === 'regression') return { prediction: z[0] ?? 0, confidence: undefined };
  if (z.length === 1) {
    const p = 1 / (1 + Math.exp(-(z[0] ?? 0)));
    const second = p >= 0.5;
    return { prediction: model.classes[second ? 1 : 0] ?? model.classes[0] ?? '', confidence: second ? p : 1 - p };
  }
  const p = softmax(z);
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] ?? 0) > (p[best] ?? 0)) best = k;
  return { prediction: model.classes[best] ?? '', confidence: p[best] };
}
