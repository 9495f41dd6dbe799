import { DEFAULT_MODEL_CONFIG } from '#domain/kernel/model.ts';
import { encodeRow, fitEncoder, inferFeatureSpecs } from '#lib/ml/features.ts';
import { predictForest, trainForest } from '#lib/ml/forest.ts';
import { evaluateArtifact, timeSplit, trainArtifact, type TrainingRow } from '#lib/ml/trainer.ts';
import { parseCsv } from '#domain/retraining/steps.ts';
import { mulberry32, normal } from '../../support/random.ts';

describe('feature engineering', () => {
  it('infers types and encodes numerics, categories (unseen -> -1) and timestamps (hour, weekday)', () => {
    // Prepare
    const rows = [
      { amount: 10, plan: 'pro', at: '2026-03-02T13:00:00Z', tags: ['x'] },
      { amount: 30, plan: 'free', at: '2026-03-03T01:00:00Z', tags: ['y'] },
      { plan: 'pro', at: '2026-03-04T05:00:00Z' },
    ];

    // Act
    const specs = inferFeatureSpecs(rows);
    const encoder = fitEncoder(specs, rows);

    // Assess
    expect(specs).toEqual([
      { name: 'amount', type: 'numeric' },
      { name: 'at', type: 'timestamp' },
      { name: 'plan', type: 'categorical' },
    ]);
    expect(encoder.columns).toEqual(['amount', 'at.hour', 'at.dow', 'plan']);
    expect(encodeRow(encoder, { amount: 5, at: '2026-03-02T13:30:00Z', plan: 'pro' })).toEqual([5, 13, 1, 0]);
    expect(encodeRow(encoder, { plan: 'enterprise' })).toEqual([30, -1, -1, -1]);
  });
});

describe('histogram random forest', () => {
  it('learns a classification rule and reports the winning class probability as confidence', () => {
    const rand = mulberry32(1);
    const X = Array.from({ length: 2000 }, () => [rand() * 10, rand() * 10]);
    const y = X.map(([a = 0, b = 0]) => (a + b > 10 ? 'yes' : 'no'));
    const model = trainForest(X, y, { task: 'classification', nEstimators: 20, seed: 3 });
    const far = predictForest(model, [9, 9]);
    expect(far.prediction).toBe('yes');
    expect(far.confidence).toBeGreaterThan(0.9);
    expect(predictForest(model, [1, 1]).prediction).toBe('no');
  });

  it('is deterministic for a seed', () => {
    const X = Array.from({ length: 300 }, (_, i) => [i % 17, i % 5]);
    const y = X.map(([a = 0]) => a * 2);
    expect(JSON.stringify(trainForest(X, y, { task: 'regression', nEstimators: 5, seed: 9 }))).toBe(
      JSON.stringify(trainForest(X, y, { task: 'regression', nEstimators: 5, seed: 9 })),
    );
  });
});

describe('trainArtifact', () => {
  const rows = (n: number): TrainingRow[] => {
    const rand = mulberry32(4);
    return Array.from({ length: n }, (_, i) => {
      const x = normal(rand, 0, 2);
      return { features: { x, region: i % 2 === 0 ? 'eu' : 'us' }, target: 5 * x + (i % 2 === 0 ? 3 : 0), ts: i };
    });
  };

  it('splits by time and scores the holdout with the monitoring scoring', () => {
    // Prepare
    const data = rows(500);
    const { train, holdout } = timeSplit(data);

    // Act
    const { artifact } = trainArtifact(
      {
        ...DEFAULT_MODEL_CONFIG,
        task: 'regression',
        hyperparameters: { n_estimators: 20, max_depth: 10, min_samples_leaf: 2 },
      },
      train,
    );
    const metrics = evaluateArtifact(artifact, holdout);

    // Assess
    expect(train.length).toBe(400);
    expect(Math.min(...holdout.map((r) => r.ts))).toBeGreaterThan(Math.max(...train.map((r) => r.ts)));
    expect(metrics.holdout_size).toBe(100);
    expect(metrics.mae).toBeLessThan(1.5);
  });

  it('searches max_depth and min_samples_leaf when asked and keeps the configured tree count', () => {
    const { searched, hyperparameters } = trainArtifact(
      {
        ...DEFAULT_MODEL_CONFIG,
        task: 'regression',
        hyperparameter_search: true,
        hyperparameters: { n_estimators: 12, max_depth: 3, min_samples_leaf: 50 },
      },
      rows(300),
    );
    expect(searched).toHaveLength(6);
    expect(hyperparameters.n_estimators).toBe(12);
    expect(searched.map((s) => s.hyperparameters.max_depth)).toEqual([6, 6, 10, 10, 16, 16]);
  });

  it('reads an uploaded CSV with a target column', () => {
    expect(parseCsv('x,region,target\n1.5,eu,10\n2,us,12\n')).toEqual([
      { features: { x: 1.5, region: 'eu' }, target: 10, ts: 0 },
      { features: { x: 2, region: 'us' }, target: 12, ts: 1 },
    ]);
    expect(() => parseCsv('x,y\n1,2')).toThrow('"target" column');
  });
});
