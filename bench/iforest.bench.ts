import { IsolationForest as PackageForest } from 'isolation-forest';
import { IsolationForest, seededRandom } from '#lib/anomaly/isolation-forest.ts';
import { fmt, row } from './lib.ts';

/** Area under the ROC curve of `scores` for the rows `isOutlier` marks (ties count half). */
function auc(scores: readonly number[], isOutlier: readonly boolean[]): number {
  const pos = scores.filter((_, i) => isOutlier[i]);
  const neg = scores.filter((_, i) => !isOutlier[i]);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

const time = <T>(work: () => T): [T, number] => {
  const start = performance.now();
  const value = work();
  return [value, performance.now() - start];
};

/**
 * Why the design card's `isolation-forest` package was replaced: the package (0.0.9) against
 * lib/anomaly/isolation-forest.ts on the same 10,000 x 5 rows (50 of them shifted by 4σ in one
 * feature), 100 trees of 256 rows each: fit and score time, how far apart it scores outliers
 * and ordinary rows, ranking quality (AUC), and whether two fits agree.
 */
export function benchIsolationForest(): void {
  console.log('\nIsolation Forest: the isolation-forest package (0.0.9) against ours, 10,000 x 5 rows, 100 trees');
  const random = seededRandom(42);
  const normal = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const outlier = Array.from({ length: 10_000 }, (_, i) => i % 200 === 0);
  const rows = outlier.map((o) => Array.from({ length: 5 }, (_, f) => normal() + (o && f === 2 ? 4 : 0)));
  const objects = rows.map((r) => Object.fromEntries(r.map((v, f) => [`f${f}`, v])));

  const ours = new IsolationForest({ trees: 100, sampleSize: 256, seed: 7 });
  const [, oursFit] = time(() => ours.fit(rows));
  const [oursScores, oursScore] = time(() => rows.map((r) => ours.score(r)));
  const again = new IsolationForest({ trees: 100, sampleSize: 256, seed: 7 }).fit(rows);
  const oursDrift = Math.max(...rows.map((r, i) => Math.abs(again.score(r) - (oursScores[i] ?? 0))));

  const pkg = new PackageForest(100, 256);
  const [, pkgFit] = time(() => pkg.fit(objects));
  const [pkgScores, pkgScore] = time(() => pkg.predict(objects));
  const pkg2 = new PackageForest(100, 256);
  pkg2.fit(objects);
  const pkg2Scores = pkg2.predict(objects);
  const pkgDrift = Math.max(...pkgScores.map((s, i) => Math.abs(s - (pkg2Scores[i] ?? 0))));

  const spread = (scores: readonly number[]) => {
    const mean = (f: (i: number) => boolean) => {
      const xs = scores.filter((_, i) => f(i));
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    return `${fmt(
      mean((i) => !outlier[i]),
      3,
    )} / ${fmt(
      mean((i) => outlier[i] === true),
      3,
    )}`;
  };
  row('fit ms: package / ours (ratio)', `${fmt(pkgFit)} / ${fmt(oursFit)} (${fmt(pkgFit / oursFit, 1)}x)`);
  row('score 10k rows ms: package / ours', `${fmt(pkgScore)} / ${fmt(oursScore)}`);
  row('mean score ordinary / outlier: package', spread(pkgScores));
  row('mean score ordinary / outlier: ours', spread(oursScores));
  row('AUC: package / ours', `${fmt(auc(pkgScores, outlier), 3)} / ${fmt(auc(oursScores, outlier), 3)}`);
  row('largest difference between two fits: package / ours', `${fmt(pkgDrift, 3)} / ${fmt(oursDrift, 3)} (seeded)`);
}
