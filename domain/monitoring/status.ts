import type { ModelStatus } from '#domain/kernel/model.ts';
import type { Thresholds } from '#domain/kernel/settings.ts';
import type { WindowStats } from './aggregates.ts';

export type CheckState = 'ok' | 'warning' | 'critical' | 'insufficient_data';

/** The verdict on one metric against its threshold. */
export interface MetricCheck {
  readonly metric: 'accuracy' | 'estimated_accuracy' | 'response_time' | 'error_rate' | 'drift_score';
  readonly value: number | null;
  readonly threshold: number;
  readonly state: CheckState;
}

export interface StatusVerdict {
  readonly status: ModelStatus;
  readonly checks: readonly MetricCheck[];
}

function check(
  metric: MetricCheck['metric'],
  value: number | null,
  threshold: number,
  direction: 'min' | 'max',
  margin: number,
  enough: boolean,
): MetricCheck {
  if (value === null || !enough) return { metric, value, threshold, state: 'insufficient_data' };
  if (direction === 'min') {
    if (value < threshold) return { metric, value, threshold, state: 'critical' };
    if (value < threshold * (1 + margin)) return { metric, value, threshold, state: 'warning' };
  } else {
    if (value > threshold) return { metric, value, threshold, state: 'critical' };
    if (value > threshold * (1 - margin)) return { metric, value, threshold, state: 'warning' };
  }
  return { metric, value, threshold, state: 'ok' };
}

/**
 * Classifies a model from its recent-window statistics:
 * 1. `training` while a retrain runs;
 * 2. `critical` when any metric is past its threshold;
 * 3. `warning` when any metric is within `warning_margin` (relative) of its threshold;
 * 4. `healthy` otherwise. Metrics with fewer than `min_samples` observations are not judged.
 * The label-free `estimated_accuracy` (CBPE) is judged against the accuracy threshold while
 * realised accuracy has too few outcomes, so a model can turn warning before its outcomes arrive.
 *
 * @example
 * computeStatus(stats, DEFAULT_THRESHOLDS, 0.05, false).status // 'healthy'
 */
export function computeStatus(
  stats: WindowStats,
  t: Thresholds,
  driftScore: number | null,
  training: boolean,
  estimatedAccuracy: number | null = null,
): StatusVerdict {
  const enoughPredictions = stats.prediction_count >= t.min_samples;
  const realisedKnown = stats.labelled_count >= t.min_samples && stats.accuracy !== null;
  const checks: MetricCheck[] = [
    check(
      'accuracy',
      stats.accuracy,
      t.accuracy_threshold,
      'min',
      t.warning_margin,
      stats.labelled_count >= t.min_samples,
    ),
    // Realised accuracy when outcomes are known; the estimate only stands in while they are not.
    check(
      'estimated_accuracy',
      estimatedAccuracy,
      t.accuracy_threshold,
      'min',
      t.warning_margin,
      estimatedAccuracy !== null && !realisedKnown,
    ),
    check(
      'response_time',
      stats.avg_response_time,
      t.response_time_threshold,
      'max',
      t.warning_margin,
      enoughPredictions,
    ),
    check('error_rate', stats.error_rate, t.error_rate_threshold, 'max', t.warning_margin, enoughPredictions),
    check('drift_score', driftScore, t.drift_threshold, 'max', t.warning_margin, driftScore !== null),
  ];
  if (training) return { status: 'training', checks };
  if (checks.some((c) => c.state === 'critical')) return { status: 'critical', checks };
  if (checks.some((c) => c.state === 'warning')) return { status: 'warning', checks };
  return { status: 'healthy', checks };
}

/**
 * Drift score until the statistical drift scan lands: the relative decline of recent accuracy
 * against the model's reference window, clipped to [0, 1]. Null when either is unknown.
 *
 * @example
 * accuracyDrift(0.9, 0.72) // 0.2
 */
export function accuracyDrift(referenceAccuracy: number | null, recentAccuracy: number | null): number | null {
  if (referenceAccuracy === null || recentAccuracy === null || referenceAccuracy <= 0) return null;
  return Math.min(1, Math.max(0, (referenceAccuracy - recentAccuracy) / referenceAccuracy));
}

/** Severity order, for "did it get worse". */
export const STATUS_RANK: Record<ModelStatus, number> = { healthy: 0, training: 0, warning: 1, critical: 2 };
