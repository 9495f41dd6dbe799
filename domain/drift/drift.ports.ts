import type { ModelRecord } from '#domain/kernel/model.ts';
import type { Thresholds } from '#domain/kernel/settings.ts';

/** Retraining requests; the retraining workflow consumes them. */
export interface RetrainQueue {
  request(request: {
    model_name: string;
    reason: 'model_drift' | 'schedule' | 'manual' | 'performance';
    requested_at: string;
    drift_score?: number;
  }): Promise<void>;
}
/** The serving version's training snapshot (input rows), when the model has a champion. */
export interface ReferenceSource {
  forChampion(model: ModelRecord): Promise<readonly Record<string, unknown>[] | undefined>;
}

/** Accuracy decline against the model's reference (monitoring's counters); null when unknown. */
export interface PerformanceDriftSource {
  of(model: ModelRecord, thresholds: Thresholds, now: number): Promise<number | null>;
}
