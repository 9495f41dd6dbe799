import type { PerformanceEstimate } from '#domain/kernel/model.ts';
/**
 * Confidence-based performance estimation (as NannyML's CBPE): estimate a classifier's
 * accuracy on predictions whose outcomes are not known yet, from their confidence.
 *
 * 1. Calibrate on the reference window, where outcomes are known: isotonic regression (pool
 *    adjacent violators) of "was the prediction right" on the logged confidence, so that a
 *    model that is over- or under-confident is corrected.
 * 2. The expected accuracy of the current window is the mean calibrated probability of being
 *    right; its standard error is sqrt(Σ p (1 - p)) / n (the spread of the realised accuracy
 *    around its expectation). Calibration error is not included.
 *
 * The estimate holds under covariate shift (inputs move, the confidence-to-correctness relation
 * stays); it cannot see concept drift, where that relation itself changes.
 */
export interface Calibration {
  /** Block upper confidences, ascending. */
  readonly x: readonly number[];
  /** Calibrated probability of being right per block, non-decreasing. */
  readonly y: readonly number[];
  readonly samples: number;
}

/** Fits the isotonic calibration; undefined with fewer than `minSamples` labelled predictions. */
export function calibrate(
  labelled: readonly { confidence: number; correct: boolean }[],
  minSamples = 50,
): Calibration | undefined {
  if (labelled.length < minSamples) return undefined;
  const sorted = [...labelled].sort((a, b) => a.confidence - b.confidence);
  // Pool adjacent violators: blocks of (sum of outcomes, weight, max x) with non-decreasing means.
  const blocks: { sum: number; weight: number; x: number }[] = [];
  for (const p of sorted) {
    blocks.push({ sum: p.correct ? 1 : 0, weight: 1, x: p.confidence });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const prev = blocks[blocks.length - 2];
      if (last === undefined || prev === undefined || prev.sum / prev.weight <= last.sum / last.weight) break;
      blocks.splice(blocks.length - 2, 2, { sum: prev.sum + last.sum, weight: prev.weight + last.weight, x: last.x });
    }
  }
  return { x: blocks.map((b) => b.x), y: blocks.map((b) => b.sum / b.weight), samples: labelled.length };
}

/** The calibrated probability of being right at a confidence (step function of the blocks). */
export function calibrated(c: Calibration, confidence: number): number {
  let lo = 0;
  let hi = c.x.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (confidence <= (c.x[mid] ?? Infinity)) hi = mid;
    else lo = mid + 1;
  }
  return c.y[lo] ?? c.y[c.y.length - 1] ?? 0;
}

/** Estimates accuracy over the current confidences. */
export function estimateAccuracy(c: Calibration, confidences: readonly number[]): PerformanceEstimate | undefined {
  if (confidences.length === 0) return undefined;
  let sum = 0;
  let variance = 0;
  for (const conf of confidences) {
    const p = calibrated(c, conf);
    sum += p;
    variance += p * (1 - p);
  }
  const n = confidences.length;
  const estimate = sum / n;
  const se = Math.sqrt(variance) / n;
  return {
    estimated_accuracy: estimate,
    standard_error: se,
    ci95: [Math.max(0, estimate - 1.96 * se), Math.min(1, estimate + 1.96 * se)],
    current_size: n,
    calibration_size: c.samples,
  };
}
