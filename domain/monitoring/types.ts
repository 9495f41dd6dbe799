import type { PerformanceEstimate } from '#domain/drift/cbpe.ts';
import type { DriftReport } from '#domain/drift/detector.ts';
import type { ModelConfig } from '#domain/retraining/types.ts';

/** What a model predicts: a class label, or a number. */
export const TASK_TYPES = ['classification', 'regression'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const MODEL_STATUSES = ['healthy', 'warning', 'critical', 'training'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export type Scalar = string | number | boolean;

/** One logged prediction as stored. */
export interface PredictionRecord {
  readonly prediction_id: string;
  readonly model_name: string;
  /** The model version that made it, when known (served models, or clients that say). */
  readonly model_version?: string;
  /** Epoch milliseconds at which the platform logged it. */
  readonly ts: number;
  /** Aggregate bucket the prediction counts in (see buckets.ts). */
  readonly bucket: string;
  readonly input_features: Record<string, unknown>;
  readonly prediction?: Scalar | null;
  readonly confidence?: number;
  readonly response_time: number;
  readonly error?: string;
  /** Set once the outcome is known. */
  readonly actual?: Record<string, Scalar | null>;
  readonly outcome_version?: number;
  readonly outcome_score?: OutcomeScore;
  /** Epoch seconds after which DynamoDB TTL may delete it. */
  readonly expires_at?: number;
}

/** How well one prediction matched its outcome: the counters it adds to an aggregate. */
export interface OutcomeScore {
  /** Per-prediction accuracy in [0, 1]. */
  readonly score: number;
  readonly abs_error?: number;
  readonly sq_error?: number;
}

/** A model as registered by its first logged prediction. */
export interface ModelRecord {
  readonly model_name: string;
  readonly task_type: TaskType;
  readonly created_at: string;
  /** Status recorded by the last evaluation; used to detect transitions for alerts. */
  readonly status?: ModelStatus;
  readonly status_since?: string;
  readonly last_training?: string | null;
  /** True while a retraining workflow runs for this model. */
  readonly training_active?: boolean;
  /** Result of the last drift scan. */
  readonly drift?: StoredDrift;
  /** Label-free accuracy estimate from the last drift scan (classifiers with confidence). */
  readonly estimate?: StoredEstimate;
  /** When drift last asked for a retrain (cool-down). */
  readonly last_retrain_request_at?: string;
  /** Training configuration (model registry). */
  readonly config?: ModelConfig;
  /** The version that serves predictions. */
  readonly champion_version?: string;
  /** The champion's holdout score: what its live accuracy is expected to be. */
  readonly champion_score?: number;
  readonly previous_champion_version?: string;
  /** After a deploy: the new champion is watched until `until` against `baseline_score`. */
  readonly bake?: {
    readonly until: string;
    readonly baseline_score: number;
    readonly previous_version: string | null;
    readonly version: string;
  };
  /** The model's one running retrain task. */
  readonly active_task_id?: string;
}

export interface StoredDrift {
  readonly drift_score: number;
  readonly data_drift_score: number;
  readonly performance_drift: number | null;
  readonly scanned_at: string;
  readonly report: DriftReport;
}

export type StoredEstimate = PerformanceEstimate & { readonly estimated_at: string };

/** Alert thresholds and evaluation settings (the seed's defaults). */
export interface Thresholds {
  readonly accuracy_threshold: number;
  /** Seconds. */
  readonly response_time_threshold: number;
  readonly error_rate_threshold: number;
  readonly drift_threshold: number;
  /** A metric within this fraction of its threshold makes the model `warning`. */
  readonly warning_margin: number;
  /** Recent window over which status metrics are computed. */
  readonly evaluation_window_minutes: number;
  /** Fewer samples than this in the window leave a metric unevaluated (no status flapping on tiny samples). */
  readonly min_samples: number;
  /** Labelled outcomes that make up a model's reference window for drift. */
  readonly reference_size: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  accuracy_threshold: 0.7,
  response_time_threshold: 2.0,
  error_rate_threshold: 0.1,
  drift_threshold: 0.2,
  warning_margin: 0.1,
  evaluation_window_minutes: 60,
  min_samples: 20,
  reference_size: 100,
};

/** Platform switches reported by the summary. */
export interface PlatformSettings {
  readonly monitoring_active: boolean;
  readonly auto_retrain_enabled: boolean;
}

export const DEFAULT_SETTINGS: PlatformSettings = { monitoring_active: true, auto_retrain_enabled: true };
