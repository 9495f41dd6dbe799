import { mergeConfig } from '#domain/kernel/model.ts';
import { predictBoosting, trainBoosting } from '#lib/ml/boosting.ts';
import { evaluateArtifact, timeSplit, trainArtifact, type TrainingRow } from '#lib/ml/trainer.ts';
import { mulberry32, normal } from '../../support/random.ts';

const mae = (pairs: [number, number][]) => pairs.reduce((s, [p, y]) => s + Math.abs(p - y), 0) / pairs.length;

describe('histogram gradient boosting', () => {
  it('fits a smooth nonlinear regression better than the mean, and better with more rounds', () => {
    const rand = mulberry32(2);
    const X = Array.from({ length: 3000 }, () => [rand() * 10, rand() * 10, rand()]);
    const f = ([a = 0, b = 0]: number[]) => 3 * a + Math.sin(b) * 4;
    const y = X.map((x) => f(x) + normal(rand, 0, 0.3));
    const test = Array.from({ length: 500 }, () => [rand() * 10, rand() * 10, rand()]);
    const score = (rounds: number) => {
      const m = trainBoosting(X, y, { task: 'regression', nEstimators: rounds, learningRate: 0.2, maxDepth: 4 });
      return mae(test.map((x) => [Number(predictBoosting(m, x).prediction), f(x)]));
    };
    const meanY = y.reduce((a, b) => a + b, 0) / y.length;
    const baseline = mae(test.map((x) => [meanY, f(x)]));
    const few = score(5);
    const many = score(150);
    expect(few).toBeLessThan(baseline);
    expect(many).toBeLessThan(few / 3);
    expect(many).toBeLessThan(0.6);
  });

  it('classifies two and three classes with the winning probability as confidence', () => {
    const rand = mulberry32(5);
    const X = Array.from({ length: 2000 }, () => [rand() * 10, rand() * 10]);
    const two = X.map(([a = 0, b = 0]) => (a + b > 10 ? 'yes' : 'no'));
    const three = X.map(([a = 0]) => (a < 3 ? 'low' : a < 7 ? 'mid' : 'high'));
    const binary = trainBoosting(X, two, { task: 'classification', nEstimators: 60 });
    const multi = trainBoosting(X, three, { task: 'classification', nEstimators: 60 });
    expect(predictBoosting(binary, [9, 9])).toMatchObject({ prediction: 'yes' });
    expect(predictBoosting(binary, [9, 9]).confidence).toBeGreaterThan(0.9);
    expect(predictBoosting(binary, [1, 1]).prediction).toBe('no');
    expect([1, 5, 9].map((a) => predictBoosting(multi, [a, 5]).prediction)).toEqual(['low', 'mid', 'high']);
    const right = X.filter((x, i) => predictBoosting(multi, x).prediction === three[i]).length;
    expect(right / X.length).toBeGreaterThan(0.97);
  });

  it('is deterministic and stays a JSON artifact', () => {
    const X = Array.from({ length: 300 }, (_, i) => [i % 17, i % 5]);
    const y = X.map(([a = 0]) => a * 2);
    const a = trainBoosting(X, y, { task: 'regression', nEstimators: 10 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(trainBoosting(X, y, { task: 'regression', nEstimators: 10 })));
    expect(predictBoosting(JSON.parse(JSON.stringify(a)) as typeof a, [4, 0])).toEqual(predictBoosting(a, [4, 0]));
  });

  it('trains a model artifact by the configured algorithm, as accurate as the forest on a smooth target', () => {
    const rand = mulberry32(8);
    const rows: TrainingRow[] = Array.from({ length: 2000 }, (_, i) => {
      const x = rand() * 10;
      const z = rand() * 10;
      return {
        features: { x, z, region: i % 2 === 0 ? 'eu' : 'us' },
        target: 4 * x + z * z * 0.3 + (i % 2) * 5,
        ts: i,
      };
    });
    const { train, holdout } = timeSplit(rows);
    const base = { task: 'regression' as const, features: [], hyperparameter_search: false };
    const gb = trainArtifact(
      {
        ...base,
        algorithm: 'gradient_boosting',
        hyperparameters: { n_estimators: 150, max_depth: 4, min_samples_leaf: 20, learning_rate: 0.2 },
      },
      train,
    );
    const rf = trainArtifact(
      { ...base, hyperparameters: { n_estimators: 30, max_depth: 12, min_samples_leaf: 2 } },
      train,
    );
    expect(gb.artifact.forest.kind).toBe('histogram-gradient-boosting');
    expect(rf.artifact.forest.kind).toBe('histogram-random-forest');
    const gbScore = evaluateArtifact(gb.artifact, holdout);
    const rfScore = evaluateArtifact(rf.artifact, holdout);
    expect(gbScore.mae).toBeLessThan((rfScore.mae ?? 0) * 1.2);
    expect(gbScore.score).toBeGreaterThan(0.9);
    // Both learners agree on the shape of the artifact the registry serves.
    expect(Object.keys(gb.artifact).sort()).toEqual(Object.keys(rf.artifact).sort());
  });

  it("switches a model's hyperparameters to the new learner's defaults, keeping the ones given", () => {
    const switched = mergeConfig('regression', undefined, {
      algorithm: 'gradient_boosting',
      hyperparameters: { n_estimators: 100, learning_rate: 0.1, max_depth: 5 },
    });
    expect(switched.algorithm).toBe('gradient_boosting');
    expect(switched.hyperparameters).toEqual({
      n_estimators: 100,
      max_depth: 5,
      min_samples_leaf: 20,
      learning_rate: 0.1,
    });
    expect(mergeConfig('regression', switched, { hyperparameters: { max_depth: 3 } }).hyperparameters.max_depth).toBe(
      3,
    );
  });
});
