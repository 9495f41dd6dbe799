import { binIndex } from '#lib/stats/two-sample.ts';

/**
 * A histogram-based random forest (CART trees on binned features), for classification (Gini)
 * and regression (variance). Split search costs O(n + bins) per feature and node instead of the
 * O(n^2) of a naive regressor: ml-random-forest 2.1.0 took 386 s for 50 trees on 10k x 5 rows,
 * this takes well under a second (see `npm run bench -- --only training`).
 *
 * Deterministic for a given seed.
 */
export interface ForestOptions {
  readonly task: 'classification' | 'regression';
  /** @default 50 */
  readonly nEstimators?: number;
  /** @default 12 */
  readonly maxDepth?: number;
  /** @default 2 */
  readonly minSamplesLeaf?: number;
  /** Features tried per split: a count, or a share of all features. @default sqrt(d) for classification, all d for regression (as sklearn) */
  readonly maxFeatures?: number;
  /** Histogram bins per feature. @default 64 */
  readonly bins?: number;
  /** @default 1 */
  readonly seed?: number;
}

/** One tree in flat arrays; leaves have feature -1 and their value at `value[node]`. */
export interface FlatTree {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  /** Regression: the mean; classification: index into `leafProbabilities`. */
  readonly value: number[];
  readonly leafProbabilities: number[][];
}

export interface ForestModel {
  readonly kind: 'histogram-random-forest';
  readonly version: 1;
  readonly task: 'classification' | 'regression';
  readonly classes: readonly string[];
  readonly nFeatures: number;
  readonly trees: readonly FlatTree[];
}

/** A seeded PRNG (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Quantile bin edges of one column (at most `bins - 1` distinct upper edges). */
export function binEdges(column: Float64Array, bins: number): Float64Array {
  const sample = Array.from(
    column.length > 20_000 ? column.filter((_, i) => i % Math.ceil(column.length / 20_000) === 0) : column,
  ).sort((a, b) => a - b);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const v = sample[Math.min(sample.length - 1, Math.floor((k / bins) * sample.length))] ?? 0;
    if (edges.length === 0 || v > (edges[edges.length - 1] ?? -Infinity)) edges.push(v);
  }
  return Float64Array.from(edges);
}

/**
 * Trains a forest. `X` holds numeric rows (categoricals already encoded); `y` class labels (as
 * strings) or numbers.
 */
export function trainForest(
  X: readonly (readonly number[])[],
  y: readonly (string | number)[],
  options: ForestOptions,
): ForestModel {
  const n = X.length;
  const d = X[0]?.length ?? 0;
  if (n === 0 || d === 0) throw new Error('training needs at least one row and one feature');
  const rand = seeded(options.seed ?? 1);
  const nTrees = options.nEstimators ?? 50;
  const maxDepth = options.maxDepth ?? 12;
  const minLeaf = Math.max(1, options.minSamplesLeaf ?? 2);
  const classification = options.task === 'classification';
  // sklearn's defaults: sqrt(d) features per split for classification, all of them for regression.
  const mtryRaw = options.maxFeatures ?? (classification ? Math.sqrt(d) : d);
  const mtry = Math.max(1, Math.min(d, Math.round(mtryRaw <= 1 ? mtryRaw * d : mtryRaw)));

  // Columns, bin edges and binned values (column-major).
  const edges: Float64Array[] = [];
  const binned: Uint8Array[] = [];
  for (let f = 0; f < d; f++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = X[i]?.[f] ?? 0;
    const e = binEdges(col, Math.min(255, options.bins ?? 64));
    edges.push(e);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = binIndex(e, col[i] ?? 0);
    binned.push(b);
  }
  const classes = classification ? [...new Set(y.map(String))].sort() : [];
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const yc = new Int32Array(n);
  const yr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (classification) yc[i] = classIndex.get(String(y[i])) ?? 0;
    else yr[i] = Number(y[i]);
  }
  const k = classes.length;

  const trees: FlatTree[] = [];
  for (let t = 0; t < nTrees; t++) {
    const sample = new Uint32Array(n);
    for (let i = 0; i < n; i++) sample[i] = Math.floor(rand() * n);
    trees.push(growTree(sample));
  }
  return { kind: 'histogram-random-forest', version: 1, task: options.task, classes, nFeatures: d, trees };

  function growTree(rows: Uint32Array): FlatTree {
    const tree: FlatTree = { feature: [], threshold: [], left: [], right: [], value: [], leafProbabilities: [] };
    const features = Array.from({ length: d }, (_, i) => i);
    const stack: { rows: Uint32Array; depth: number; node: number }[] = [];
    const newNode = () => {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      return tree.feature.length - 1;
    };
    stack.push({ rows, depth: 0, node: newNode() });
    const counts = new Float64Array(256 * Math.max(1, k));
    const sums = new Float64Array(256);
    const sumsSq = new Float64Array(256);
    const ns = new Float64Array(256);
    while (stack.length > 0) {
      const { rows: idx, depth, node } = stack.pop() as { rows: Uint32Array; depth: number; node: number };
      const m = idx.length;
      // Node statistics.
      const total = new Float64Array(Math.max(1, k));
      let sum = 0;
      let sumSq = 0;
      for (let j = 0; j < m; j++) {
        const i = idx[j] ?? 0;
        if (classification) total[yc[i] ?? 0] = (total[yc[i] ?? 0] ?? 0) + 1;
        else {
          sum += yr[i] ?? 0;
          sumSq += (yr[i] ?? 0) ** 2;
        }
      }
      const impurity = classification ? 1 - total.reduce((s, c) => s + (c / m) ** 2, 0) : sumSq / m - (sum / m) ** 2;
      const makeLeaf = () => {
        if (classification) {
          tree.value[node] = tree.leafProbabilities.length;
          tree.leafProbabilities.push(Array.from(total, (c) => c / m));
        } else tree.value[node] = sum / m;
      };
      if (depth >= maxDepth || m < 2 * minLeaf || impurity <= 1e-12) {
        makeLeaf();
        continue;
      }
      // Choose mtry features (partial Fisher-Yates).
      for (let a = 0; a < mtry; a++) {
        const b = a + Math.floor(rand() * (d - a));
        const tmp = features[a] ?? 0;
        features[a] = features[b] ?? 0;
        features[b] = tmp;
      }
      let bestGain = 1e-12;
      let bestFeature = -1;
      let bestBin = -1;
      for (let a = 0; a < mtry; a++) {
        const f = features[a] ?? 0;
        const col = binned[f] as Uint8Array;
        const nb = (edges[f]?.length ?? 0) + 1;
        if (nb < 2) continue;
        ns.fill(0, 0, nb);
        if (classification) counts.fill(0, 0, nb * k);
        else {
          sums.fill(0, 0, nb);
          sumsSq.fill(0, 0, nb);
        }
        for (let j = 0; j < m; j++) {
          const i = idx[j] ?? 0;
          const bin = col[i] ?? 0;
          ns[bin] = (ns[bin] ?? 0) + 1;
          if (classification) counts[bin * k + (yc[i] ?? 0)] = (counts[bin * k + (yc[i] ?? 0)] ?? 0) + 1;
          else {
            sums[bin] = (sums[bin] ?? 0) + (yr[i] ?? 0);
            sumsSq[bin] = (sumsSq[bin] ?? 0) + (yr[i] ?? 0) ** 2;
          }
        }
        let nl = 0;
        const lc = new Float64Array(Math.max(1, k));
        let ls = 0;
        let lss = 0;
        for (let bin = 0; bin < nb - 1; bin++) {
          nl += ns[bin] ?? 0;
          if (classification) for (let c = 0; c < k; c++) lc[c] = (lc[c] ?? 0) + (counts[bin * k + c] ?? 0);
          else {
            ls += sums[bin] ?? 0;
            lss += sumsSq[bin] ?? 0;
          }
          const nr = m - nl;
          if (nl < minLeaf || nr < minLeaf) continue;
          let child: number;
          if (classification) {
            let gl = 1;
            let gr = 1;
            for (let c = 0; c < k; c++) {
              const l = lc[c] ?? 0;
              const r = (total[c] ?? 0) - l;
              gl -= (l / nl) ** 2;
              gr -= (r / nr) ** 2;
            }
            child = (nl * gl + nr * gr) / m;
          } else {
            const vl = lss / nl - (ls / nl) ** 2;
            const vr = (sumSq - lss) / nr - ((sum - ls) / nr) ** 2;
            child = (nl * vl + nr * vr) / m;
          }
          const gain = impurity - child;
          if (gain > bestGain) {
            bestGain = gain;
            bestFeature = f;
            bestBin = bin;
          }
        }
      }
      if (bestFeature < 0) {
        makeLeaf();
        continue;
      }
      const col = binned[bestFeature] as Uint8Array;
      let nl = 0;
      for (let j = 0; j < m; j++) if ((col[idx[j] ?? 0] ?? 0) <= bestBin) nl++;
      const leftRows = new Uint32Array(nl);
      const rightRows = new Uint32Array(m - nl);
      let li = 0;
      let ri = 0;
      for (let j = 0; j < m; j++) {
        const i = idx[j] ?? 0;
        if ((col[i] ?? 0) <= bestBin) leftRows[li++] = i;
        else rightRows[ri++] = i;
      }
      tree.feature[node] = bestFeature;
      tree.threshold[node] = edges[bestFeature]?.[bestBin] ?? 0;
      const l = newNode();
      const r = newNode();
      tree.left[node] = l;
      tree.right[node] = r;
      stack.push({ rows: leftRows, depth: depth + 1, node: l }, { rows: rightRows, depth: depth + 1, node: r });
    }
    return tree;
  }
}

function leafOf(tree: FlatTree, row: readonly number[]): number {
  let node = 0;
  while ((tree.feature[node] ?? -1) >= 0) {
    const f = tree.feature[node] ?? 0;
    node = (row[f] ?? 0) <= (tree.threshold[node] ?? 0) ? (tree.left[node] ?? 0) : (tree.right[node] ?? 0);
  }
  return node;
}

/** Predicts one row: the class with the highest mean probability (and that probability as confidence), or the mean value. */
export function predictForest(
  model: ForestModel,
  row: readonly number[],
): { prediction: string | number; confidence: number | undefined } {
  if (model.task === 'regression') {
    let sum = 0;
    for (const tree of model.trees) sum += tree.value[leafOf(tree, row)] ?? 0;
    return { prediction: sum / model.trees.length, confidence: undefined };
  }
  const probs = new Float64Array(model.classes.length);
  for (const tree of model.trees) {
    const p = tree.leafProbabilities[tree.value[leafOf(tree, row)] ?? 0] ?? [];
    for (let c = 0; c < probs.length; c++) probs[c] = (probs[c] ?? 0) + (p[c] ?? 0);
  }
  let best = 0;
  for (let c = 1; c < probs.length; c++) if ((probs[c] ?? 0) > (probs[best] ?? 0)) best = c;
  return { prediction: model.classes[best] ?? '', confidence: (probs[best] ?? 0) / model.trees.length };
}
