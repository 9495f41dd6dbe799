/** What a model predicts: a class label, or a number. */
export const TASK_TYPES = ['classification', 'regression'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** A logged value: a label, a number or a flag. */
export type Scalar = string | number | boolean;

/** How well one prediction matched its outcome: the counters it adds to an aggregate. */
export interface OutcomeScore {
  /** Per-prediction accuracy in [0, 1]. */
  readonly score: number;
  readonly abs_error?: number;
  readonly sq_error?: number;
}

/** A regression outcome or prediction that is not a number; `field` says which side. */
export class UnscorableOutcomeError extends Error {
  public constructor(
    message: string,
    public readonly field: 'actual' | 'prediction',
  ) {
    super(message);
    this.name = 'UnscorableOutcomeError';
  }
}

/**
 * Scores one prediction against its actual outcome.
 *
 * - classification: 1 when the predicted label equals the actual one (compared as text, so
 *   `1` and `"1"` match), else 0;
 * - regression: `max(0, 1 - |predicted - actual| / |actual|)`; when the actual is 0 the
 *   relative error is undefined, so an exact 0 scores 1 and anything else 0. Absolute and
 *   squared errors are returned for MAE and RMSE.
 *
 * @example
 * scoreOutcome('regression', 1250000, 1280000) // { score: 0.9765..., abs_error: 30000, sq_error: 9e8 }
 */
export function scoreOutcome(
  task: TaskType,
  predicted: Scalar | null | undefined,
  actual: Scalar | null,
): OutcomeScore {
  if (task === 'classification') {
    return {
      score:
        predicted !== null && predicted !== undefined && actual !== null && String(predicted) === String(actual)
          ? 1
          : 0,
    };
  }
  const p = typeof predicted === 'number' ? predicted : Number(predicted);
  const a = typeof actual === 'number' ? actual : Number(actual);
  if (!Number.isFinite(a) || actual === null || typeof actual === 'boolean') {
    throw new UnscorableOutcomeError('a regression outcome must be a number', 'actual');
  }
  if (!Number.isFinite(p)) {
    throw new UnscorableOutcomeError(
      'the logged prediction is not a number, so it cannot be scored as regression',
      'prediction',
    );
  }
  const absError = Math.abs(p - a);
  const score = a === 0 ? (p === 0 ? 1 : 0) : Math.max(0, 1 - absError / Math.abs(a));
  return { score, abs_error: absError, sq_error: absError * absError };
}

/**
 * The task type implied by a predicted value when the client did not declare one:
 * numbers are regression, strings and booleans are class labels. Clients whose class labels
 * are numbers declare `task_type: "classification"` on first use.
 */
export function inferTaskType(prediction: Scalar | null | undefined): TaskType {
  return typeof prediction === 'number' ? 'regression' : 'classification';
}
