import { inferTaskType, scoreOutcome, UnscorableOutcomeError } from '#lib/ml/scoring.ts';

describe('scoreOutcome', () => {
  it('scores a classification as 1 when labels match, comparing as text', () => {
    expect(scoreOutcome('classification', 'yes', 'yes').score).toBe(1);
    expect(scoreOutcome('classification', 1, '1').score).toBe(1);
    expect(scoreOutcome('classification', 'yes', 'no').score).toBe(0);
    expect(scoreOutcome('classification', null, 'no').score).toBe(0);
  });

  it('scores a regression as 1 - relative error with MAE and squared error', () => {
    // Act
    const s = scoreOutcome('regression', 1_250_000, 1_280_000);

    // Assess
    expect(s.score).toBeCloseTo(1 - 30_000 / 1_280_000, 12);
    expect(s.abs_error).toBe(30_000);
    expect(s.sq_error).toBe(9e8);
  });

  it('clips a regression score at 0 when the error exceeds the actual', () => {
    expect(scoreOutcome('regression', 300, 100).score).toBe(0);
  });

  it('guards an actual of 0: exact 0 scores 1, anything else 0', () => {
    expect(scoreOutcome('regression', 0, 0).score).toBe(1);
    expect(scoreOutcome('regression', 0.01, 0).score).toBe(0);
  });

  it('rejects a non-numeric regression outcome', () => {
    expect(() => scoreOutcome('regression', 10, 'ten')).toThrow(UnscorableOutcomeError);
    expect(() => scoreOutcome('regression', 10, null)).toThrow(UnscorableOutcomeError);
  });
});

describe('inferTaskType', () => {
  it('treats numbers as regression and labels as classification', () => {
    expect(inferTaskType(12.5)).toBe('regression');
    expect(inferTaskType('fraud')).toBe('classification');
    expect(inferTaskType(true)).toBe('classification');
  });
});
