import type { FeatureSpec } from '#lib/ml/features.ts';
import type { Algorithm, HoldoutMetrics, Hyperparameters, TrainingConfig } from '#lib/ml/trainer.ts';
import type { OutcomeScore, Scalar } from '#lib/ml/scoring.ts';

/**
 * The model as every MLOps context sees it: its record in the Models table, its logged
 * predictions, its versions and its training configuration. Each context owns the use cases
 * that change these; the shapes are shared here so that no context imports another.
 */

export { TASK_TYPES, type TaskType, type Scalar, type OutcomeScore } from '#lib/ml/scoring.ts';
export type { FeatureSpec } from '#lib/ml/features.ts';

export const MODEL_STATUSES = ['healthy', 'warning', 'critical', 'training'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** One logged prediction as stored. */
export interface PredictionRecord {
  readonly prediction_id: string;
  readonly model_name: string;
  /** The model version that made it, when known (served models, or clients that say). */
  readonly model_version?: string;
  /** Epoch milliseconds at which the platform logged it. */
  readonly ts: number;
  /** Aggregate bucket the prediction counts in (see monitoring/buckets.ts). */
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
  /**
   * The outcome version whose counters may not all be added yet: set with the outcome, removed
   * once its counters are in. A crash or a failed write between the two leaves it for the retry.
   */
  readonly outcome_pending?: number;
  /** The score the counters held before the pending version (its counters are the difference). */
  readonly outcome_counted?: OutcomeScore;
  /** Epoch ms until which the request counting the pending outcome holds it. */
  readonly outcome_lease_until?: number;
  /** Epoch seconds after which DynamoDB TTL may delete it. */
  readonly expires_at?: number;
}

/** A model's training configuration (seed example: `sales_forecast` with `n_estimators`, `max_depth`). */
export interface ModelConfig extends TrainingConfig {
  /** Name of the outcome value (the key in `actual_result`); informational. */
  readonly target: string;
  readonly algorithm: Algorithm;
  readonly retrain_interval_hours: number;
  /** Fewest labelled samples a retrain needs. */
  readonly min_samples: number;
  /** Most recent labelled predictions used for training (older ones may follow an old concept). */
  readonly training_rows: number;
  /** Optional CSV (header row; the target column named `target`) in the artifacts bucket, added to the training data. */
  readonly dataset_key?: string;
}

/** Each learner's default hyperparameters (boosting: sklearn's HistGradientBoosting, a little shallower). */
export const DEFAULT_HYPERPARAMETERS: Record<Algorithm, Hyperparameters> = {
  random_forest: { n_estimators: 50, max_depth: 12, min_samples_leaf: 2 },
  gradient_boosting: { n_estimators: 100, max_depth: 5, min_samples_leaf: 20, learning_rate: 0.1 },
};

export const DEFAULT_MODEL_CONFIG: Omit<ModelConfig, 'task'> = {
  features: [] as readonly FeatureSpec[],
  target: 'actual',
  algorithm: 'random_forest',
  hyperparameters: DEFAULT_HYPERPARAMETERS.random_forest,
  hyperparameter_search: false,
  retrain_interval_hours: 24,
  min_samples: 100,
  training_rows: 50_000,
};

/** A configuration update: any top-level setting, and any hyperparameter on its own. */
export type ModelConfigInput = Partial<Omit<ModelConfig, 'hyperparameters'>> & {
  hyperparameters?: Partial<Hyperparameters>;
};

/** Merges a config update over the stored one (or the defaults for the task). */
export function mergeConfig(
  task: ModelConfig['task'],
  stored: ModelConfig | undefined,
  update: ModelConfigInput,
): ModelConfig {
  // Defaults first, so configs stored before a setting existed still get it.
  const base: ModelConfig = { ...DEFAULT_MODEL_CONFIG, task, ...stored };
  // A change of learner starts from that learner's defaults, not the other one's settings.
  const switched = update.algorithm !== undefined && update.algorithm !== base.algorithm;
  const hyperparameters = switched ? DEFAULT_HYPERPARAMETERS[update.algorithm] : base.hyperparameters;
  return {
    ...base,
    ...update,
    task: update.task ?? base.task,
    hyperparameters: { ...hyperparameters, ...update.hyperparameters },
  };
}

/** Holdout metrics of a model version (the same scoring as monitoring). */
export type VersionMetrics = HoldoutMetrics;

export interface ModelVersion {
  readonly model_name: string;
  readonly version: string;
  readonly created_at: string;
  readonly status: 'candidate' | 'champion' | 'archived' | 'rejected';
  readonly training_samples: number;
  readonly training_time_seconds: number;
  readonly metrics: VersionMetrics;
  readonly hyperparameters: Hyperparameters;
  /** Where the artifact (encoder + forest) lives in the artifacts bucket. */
  readonly artifact_key: string;
  /** Where the reference statistics for drift (the training snapshot) live. */
  readonly reference_key: string;
  readonly task_id?: string;
}

export type FeatureKind = 'numeric' | 'categorical';

/** One feature's two-sample test, as the drift scan stores and the API returns it. */
export interface FeatureDrift {
  readonly feature: string;
  readonly kind: FeatureKind;
  readonly test: 'ks' | 'chi_square';
  readonly statistic: number;
  readonly p_value: number;
  /** Benjamini-Hochberg adjusted p-value over the model's features. */
  readonly p_value_adjusted: number;
  /** Effect size the decision uses: the KS statistic or the Jensen-Shannon distance, in [0, 1]. */
  readonly distance: number;
  /** The effect size needed to call drift at these sample sizes: max(significance bound, minimum effect). */
  readonly limit: number;
  readonly drifted: boolean;
  readonly psi?: number;
  readonly wasserstein?: number;
  readonly reference_size: number;
  readonly current_size: number;
  readonly histogram: {
    readonly labels: readonly string[];
    readonly reference: readonly number[];
    readonly current: readonly number[];
  };
}

export interface SkippedFeature {
  readonly feature: string;
  readonly reason: string;
}

export interface DriftReport {
  readonly drift_score: number;
  readonly drifted_features: number;
  readonly tested_features: number;
  readonly features: readonly FeatureDrift[];
  readonly skipped: readonly SkippedFeature[];
  readonly reference_size: number;
  readonly current_size: number;
}

/** A label-free accuracy estimate (CBPE) with its interval. */
export interface PerformanceEstimate {
  readonly estimated_accuracy: number;
  readonly standard_error: number;
  readonly ci95: readonly [number, number];
  readonly current_size: number;
  readonly calibration_size: number;
}

export interface StoredDrift {
  readonly drift_score: number;
  readonly data_drift_score: number;
  readonly performance_drift: number | null;
  readonly scanned_at: string;
  readonly report: DriftReport;
}

export type StoredEstimate = PerformanceEstimate & { readonly estimated_at: string };

/** A model as registered by its first logged prediction. */
export interface ModelRecord {
  readonly model_name: string;
  readonly task_type: ModelConfig['task'];
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
