import {
  C,
  mergeDeltas,
  outcomeCounters,
  percentileFromHistogram,
  predictionCounters,
  statsOf,
  sumCounters,
} from '#domain/monitoring/aggregates.ts';
import { bucketOf, bucketStart } from '#domain/monitoring/buckets.ts';

describe('buckets', () => {
  it('maps an instant to the 5-minute bucket it starts in, and back', () => {
    // Act
    const bucket = bucketOf(Date.parse('2026-01-01T10:07:30Z'));

    // Assess
    expect(bucket).toBe('B#2026-01-01T10:05');
    expect(new Date(bucketStart(bucket)).toISOString()).toBe('2026-01-01T10:05:00.000Z');
  });

  it('orders bucket keys by time', () => {
    expect(bucketOf(Date.parse('2026-01-01T09:59:00Z')) < bucketOf(Date.parse('2026-01-01T10:00:00Z'))).toBe(true);
  });
});

describe('counters and statistics', () => {
  it('derives accuracy, error rate, latency and confidence from summed counters', () => {
    // Prepare
    const counters = sumCounters([
      { counters: predictionCounters({ response_time: 0.2, confidence: 0.9 }) },
      { counters: predictionCounters({ response_time: 0.4, confidence: 0.7 }) },
      { counters: predictionCounters({ response_time: 1.2, error: 'boom' }) },
      { counters: outcomeCounters({ score: 1 }) },
      { counters: outcomeCounters({ score: 0 }) },
    ]);

    // Act
    const s = statsOf(counters);

    // Assess
    expect(s.prediction_count).toBe(3);
    expect(s.error_count).toBe(1);
    expect(s.error_rate).toBeCloseTo(1 / 3);
    expect(s.accuracy).toBe(0.5);
    expect(s.avg_response_time).toBeCloseTo(0.6);
    expect(s.avg_confidence).toBeCloseTo(0.8);
    expect(s.mae).toBeNull();
  });

  it('computes MAE and RMSE for regression outcomes', () => {
    const c = sumCounters([
      { counters: outcomeCounters({ score: 0.9, abs_error: 3, sq_error: 9 }) },
      { counters: outcomeCounters({ score: 0.8, abs_error: 4, sq_error: 16 }) },
    ]);
    const s = statsOf(c);
    expect(s.mae).toBe(3.5);
    expect(s.rmse).toBeCloseTo(Math.sqrt(12.5));
    expect(s.accuracy).toBeCloseTo(0.85);
  });

  it('applies a corrected outcome as the difference, without counting a second label', () => {
    // Act
    const delta = outcomeCounters({ score: 1, abs_error: 0, sq_error: 0 }, { score: 0.25, abs_error: 3, sq_error: 9 });

    // Assess
    expect(delta[C.labelled]).toBeUndefined();
    expect(delta[C.scoreSum]).toBe(0.75);
    expect(delta[C.absErrorSum]).toBe(-3);
    expect(delta[C.sqErrorSum]).toBe(-9);
  });

  it('returns nulls when there is nothing to compute from', () => {
    const s = statsOf({});
    expect([s.accuracy, s.error_rate, s.avg_response_time, s.p95_response_time]).toEqual([null, null, null, null]);
  });

  it('merges deltas per model and bucket, keeping the newest last_prediction', () => {
    // Act
    const merged = mergeDeltas([
      { model_name: 'a', bucket: 'B#1', counters: { n: 1 }, last_prediction: '2026-01-01T00:00:01Z' },
      { model_name: 'a', bucket: 'B#1', counters: { n: 2, err: 1 }, last_prediction: '2026-01-01T00:00:03Z' },
      { model_name: 'b', bucket: 'B#1', counters: { n: 1 } },
    ]);

    // Assess
    expect(merged).toEqual([
      { model_name: 'a', bucket: 'B#1', counters: { n: 3, err: 1 }, last_prediction: '2026-01-01T00:00:03Z' },
      { model_name: 'b', bucket: 'B#1', counters: { n: 1 } },
    ]);
  });
});

describe('percentileFromHistogram', () => {
  const p95Of = (samples: readonly number[]) =>
    percentileFromHistogram(
      sumCounters(samples.map((rt) => ({ counters: predictionCounters({ response_time: rt }) }))),
      0.95,
    );

  it('stays within the observed range: 0.12, 0.12 and 2.5 s give a p95 of 2.5 s within 1%', () => {
    // Act
    const p95 = p95Of([0.12, 0.12, 2.5]);

    // Assess (the fixed-edge histogram this replaced answered 4.55 s)
    expect(Math.abs(p95! - 2.5) / 2.5).toBeLessThanOrEqual(0.01);
  });

  it('is within 1% of an observed value for skewed and tiny latencies, and 0 for zeros', () => {
    // Prepare: log-normal-ish latencies from 1 ms to minutes
    const samples = Array.from({ length: 5000 }, (_, i) => 0.001 * Math.exp((i % 997) / 90));
    const sorted = [...samples].sort((a, b) => a - b);
    const truth = sorted[Math.ceil(0.95 * sorted.length) - 1]!;

    // Act / Assess
    expect(Math.abs(p95Of(samples)! - truth) / truth).toBeLessThanOrEqual(0.01);
    expect(p95Of([0, 0, 0])).toBe(0);
    expect(p95Of([])).toBeNull();
  });

  it('stays within the bin that holds the true percentile', () => {
    // Prepare: 1000 latencies uniform in [0, 1] s
    const samples = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    const counters = sumCounters(samples.map((rt) => ({ counters: predictionCounters({ response_time: rt }) })));

    // Act
    const p95 = percentileFromHistogram(counters, 0.95);

    // Assess: the true p95 is 0.95, inside the (0.5, 1] bin
    expect(p95).not.toBeNull();
    expect(p95!).toBeGreaterThan(0.5);
    expect(p95!).toBeLessThanOrEqual(1);
    expect(Math.abs(p95! - 0.95)).toBeLessThan(0.01);
  });
});
