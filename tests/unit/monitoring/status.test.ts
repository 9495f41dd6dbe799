import { DEFAULT_THRESHOLDS } from '#domain/kernel/settings.ts';
import { statsOf } from '#domain/monitoring/aggregates.ts';
import { referenceAccuracyOf } from '#domain/monitoring/assess.ts';
import { accuracyDrift, computeStatus } from '#domain/monitoring/status.ts';

const stats = (over: { n?: number; err?: number; rt?: number; lab?: number; acc?: number }) => {
  const n = over.n ?? 100;
  const lab = over.lab ?? 100;
  return statsOf({ n, err: over.err ?? 0, rt_sum: (over.rt ?? 0.1) * n, lab, score_sum: (over.acc ?? 0.9) * lab });
};

describe('computeStatus', () => {
  it('is healthy when every metric is clear of its threshold and margin', () => {
    expect(computeStatus(stats({}), DEFAULT_THRESHOLDS, 0.05, false).status).toBe('healthy');
  });

  it('is critical when accuracy is below its threshold', () => {
    const verdict = computeStatus(stats({ acc: 0.65 }), DEFAULT_THRESHOLDS, null, false);
    expect(verdict.status).toBe('critical');
    expect(verdict.checks.find((c) => c.metric === 'accuracy')?.state).toBe('critical');
  });

  it('is warning when accuracy is within the 10% margin above its threshold', () => {
    expect(computeStatus(stats({ acc: 0.76 }), DEFAULT_THRESHOLDS, null, false).status).toBe('warning');
    expect(computeStatus(stats({ acc: 0.78 }), DEFAULT_THRESHOLDS, null, false).status).toBe('healthy');
  });

  it.each([
    ['response time', { rt: 2.5 }, 'critical'],
    ['response time near its limit', { rt: 1.9 }, 'warning'],
    ['error rate', { err: 15 }, 'critical'],
    ['error rate near its limit', { err: 9.5 }, 'warning'],
  ] as const)('judges %s', (_label, over, expected) => {
    expect(computeStatus(stats(over), DEFAULT_THRESHOLDS, null, false).status).toBe(expected);
  });

  it('is critical on drift past the drift threshold', () => {
    expect(computeStatus(stats({}), DEFAULT_THRESHOLDS, 0.25, false).status).toBe('critical');
  });

  it('does not judge metrics with fewer samples than min_samples', () => {
    // Act
    const verdict = computeStatus(stats({ n: 5, lab: 5, acc: 0.1, err: 5 }), DEFAULT_THRESHOLDS, null, false);

    // Assess
    expect(verdict.status).toBe('healthy');
    expect(verdict.checks.map((c) => c.state)).toEqual([
      'insufficient_data',
      'insufficient_data',
      'insufficient_data',
      'insufficient_data',
      'insufficient_data',
    ]);
  });

  it('judges the label-free estimated accuracy against the accuracy threshold', () => {
    const verdict = computeStatus(stats({ lab: 0 }), DEFAULT_THRESHOLDS, null, false, 0.6);
    expect(verdict.status).toBe('critical');
    expect(verdict.checks.find((c) => c.metric === 'estimated_accuracy')?.state).toBe('critical');
  });

  it('reports training while a retrain runs, whatever the metrics', () => {
    expect(computeStatus(stats({ acc: 0.1 }), DEFAULT_THRESHOLDS, 0.9, true).status).toBe('training');
  });
});

describe('accuracyDrift', () => {
  it('is the relative decline against the reference, clipped to [0, 1]', () => {
    expect(accuracyDrift(0.9, 0.72)).toBeCloseTo(0.2);
    expect(accuracyDrift(0.9, 0.95)).toBe(0);
    expect(accuracyDrift(0.5, 0)).toBe(1);
    expect(accuracyDrift(null, 0.5)).toBeNull();
    expect(accuracyDrift(0, 0.5)).toBeNull();
  });
});

describe('referenceAccuracyOf', () => {
  it('uses the labelled outcomes of the oldest buckets that hold reference_size predictions', () => {
    // Prepare
    const buckets = [
      { model_name: 'm', bucket: 'B#1', counters: { n: 300, lab: 60, score_sum: 54 } },
      { model_name: 'm', bucket: 'B#2', counters: { n: 300, lab: 60, score_sum: 48 } },
      { model_name: 'm', bucket: 'B#3', counters: { n: 300, lab: 60, score_sum: 0 } },
    ];

    // Act / Assess
    expect(referenceAccuracyOf(buckets, 500, 20)).toBeCloseTo(102 / 120);
    expect(referenceAccuracyOf(buckets.slice(0, 1), 500, 20)).toBeNull();
    expect(referenceAccuracyOf(buckets, 500, 200)).toBeNull();
  });
});
