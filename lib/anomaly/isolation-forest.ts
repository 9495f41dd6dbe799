/**
 * Isolation Forest (Liu, Ting & Zhou 2008), seeded: each tree is grown on its own subsample of
 * `sampleSize` rows to depth ceil(log2 sampleSize), and a row's score is 2^(-E[h(x)] / c(n)).
 *
 * Written here instead of using `isolation-forest@0.0.9`, the package the design card names:
 * that package grows every tree on the whole data set while normalising by c(256) (so scores are
 * compressed and fitting 10k rows takes 17x longer), has no seed, and appends trees on a second
 * fit (measured in ../shared/research/local-stack.md; `npm run bench -- --only nab` prints the
 * fit and score times of this one).
 */

type Node =
  | { readonly size: number }
  | { readonly feature: number; readonly split: number; readonly left: Node; readonly right: Node };

/** Average path length of an unsuccessful search in a binary search tree of n nodes. */
export function averagePath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

/** mulberry32: a small, fast, seedable PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class IsolationForest {
  private trees: Node[] = [];
  private sampleSize = 0;

  public constructor(
    private readonly options: { readonly trees?: number; readonly sampleSize?: number; readonly seed?: number } = {},
  ) {}

  /** Fits a new forest on `rows` (replacing any earlier one). */
  public fit(rows: readonly (readonly number[])[]): this {
    const random = seededRandom(this.options.seed ?? 1);
    this.sampleSize = Math.min(this.options.sampleSize ?? 256, rows.length);
    const depth = Math.ceil(Math.log2(Math.max(2, this.sampleSize)));
    this.trees = Array.from({ length: this.options.trees ?? 100 }, () => {
      // Partial Fisher-Yates for a sample without replacement.
      const index = rows.map((_, i) => i);
      for (let i = 0; i < this.sampleSize; i++) {
        const j = i + Math.floor(random() * (index.length - i));
        [index[i], index[j]] = [index[j] ?? 0, index[i] ?? 0];
      }
      return grow(
        index.slice(0, this.sampleSize).map((i) => rows[i] ?? []),
        0,
        depth,
        random,
      );
    });
    return this;
  }

  /** Anomaly score in (0, 1]: about 0.5 for ordinary rows, towards 1 for isolated ones. */
  public score(row: readonly number[]): number {
    if (this.trees.length === 0) return 0.5;
    let total = 0;
    for (const tree of this.trees) total += pathLength(tree, row, 0);
    return 2 ** (-total / this.trees.length / averagePath(this.sampleSize));
  }
}

function grow(rows: readonly (readonly number[])[], depth: number, maxDepth: number, random: () => number): Node {
  if (depth >= maxDepth || rows.length <= 1) return { size: rows.length };
  const width = rows[0]?.length ?? 0;
  // Pick a feature that varies among these rows; a leaf when none does.
  for (let attempt = 0; attempt < width; attempt++) {
    const feature = Math.floor(random() * width);
    let min = Infinity;
    let max = -Infinity;
    for (const r of rows) {
      const v = r[feature] ?? 0;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (max <= min) continue;
    const split = min + random() * (max - min);
    const left = rows.filter((r) => (r[feature] ?? 0) < split);
    const right = rows.filter((r) => (r[feature] ?? 0) >= split);
    return {
      feature,
      split,
      left: grow(left, depth + 1, maxDepth, random),
      right: grow(right, depth + 1, maxDepth, random),
    };
  }
  return { size: rows.length };
}

function pathLength(node: Node, row: readonly number[], depth: number): number {
  if ('size' in node) return depth + averagePath(node.size);
  return pathLength((row[node.feature] ?? 0) < node.split ? node.left : node.right, row, depth + 1);
}
