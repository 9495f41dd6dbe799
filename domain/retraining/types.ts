import type { FeatureSpec } from '#lib/ml/features.ts';
import type { TaskType } from '#domain/monitoring/types.ts';

/** A model's training configuration (seed example: `sales_forecast` with `n_estimators`, `max_depth`). */
export interface ModelConfig {
  readonly task: TaskType;
  /** Input features and their types; inferred from logged predictions when empty. */
  readonly features: readonly FeatureSpec[];
  /** Name of the outcome value (the key in `actual_result`); informational. */
  readonly target: string;
  readonly algorithm: 'random_forest';
  readonly hyperparameters: {
    readonly n_estimators: number;
    readonly max_depth: number;
    readonly min_samples_leaf: number;
    /** Features tried per split (count, or share of all if <= 1); absent = sqrt/third rule. */
    readonly max_features?: number;
  };
  /** Try a small grid of max_depth x min_samples_leaf on a validation split. */
  readonly hyperparameter_search: boolean;
  readonly retrain_interval_hours: number;
  /** Fewest labelled samples a retrain needs. */
  readonly min_samples: number;
  /** Most recent labelled predictions used for training (older ones may follow an old concept). */
  readonly training_rows: number;
  /** Optional CSV (header row; the target column named `target`) in the artifacts bucket, added to the training data. */
  readonly dataset_key?: string;
}

export const DEFAULT_MODEL_CONFIG: Omit<ModelConfig, 'task'> = {
  features: [],
  target: 'actual',
  algorithm: 'random_forest',
  hyperparameters: { n_estimators: 50, max_depth: 12, min_samples_leaf: 2 },
  hyperparameter_search: false,
  retrain_interval_hours: 24,
  min_samples: 100,
  training_rows: 50_000,
};

/** Holdout metrics of a model version (the same scoring as monitoring). */
export interface VersionMetrics {
  /** Classification accuracy, or mean max(0, 1 - |err| / |actual|) for regression. */
  readonly score: number;
  readonly mae?: number;
  readonly rmse?: number;
  readonly holdout_size: number;
}

export interface ModelVersion {
  readonly model_name: string;
  readonly version: string;
  readonly created_at: string;
  readonly status: 'candidate' | 'champion' | 'archived' | 'rejected';
  readonly training_samples: number;
  readonly training_time_seconds: number;
  readonly metrics: VersionMetrics;
  readonly hyperparameters: ModelConfig['hyperparameters'];
  /** Where the artifact (encoder + forest) lives in the artifacts bucket. */
  readonly artifact_key: string;
  /** Where the reference statistics for drift (the training snapshot) live. */
  readonly reference_key: string;
  readonly task_id?: string;
}

export const RETRAIN_REASONS = ['model_drift', 'schedule', 'manual', 'performance', 'bake_failed'] as const;
export type RetrainReason = (typeof RETRAIN_REASONS)[number];

export type TaskStatus = 'queued' | 'running' | 'completed' | 'failed';

/** One retraining run, from request to outcome. */
export interface RetrainTask {
  readonly task_id: string;
  readonly model_name: string;
  readonly reason: RetrainReason;
  readonly status: TaskStatus;
  readonly created_at: string;
  readonly started_at?: string;
  readonly completed_at?: string;
  readonly step?: string;
  /** 0-100. */
  readonly progress: number;
  /** Seconds left, from past runs' step durations. */
  readonly estimated_time?: number;
  readonly execution_id?: string;
  readonly result?: {
    readonly success: boolean;
    readonly deployed: boolean;
    readonly version?: string;
    readonly accuracy?: number;
    readonly champion_accuracy?: number;
    readonly training_samples?: number;
    readonly training_time?: number;
    readonly error?: string;
  };
}

/** Platform-wide retraining settings (the seed's `config`). */
export interface RetrainConfig {
  readonly auto_retrain_enabled: boolean;
  readonly drift_threshold: number;
  readonly performance_threshold: number;
  readonly max_concurrent_tasks: number;
  readonly retrain_interval_hours: number;
  readonly backup_models: boolean;
  /** A candidate must beat the champion's holdout score by at least this much. */
  readonly improvement_margin: number;
  /** After a deploy, how long the new champion is watched for a quality regression. */
  readonly bake_minutes: number;
  /** Minutes between two drift-triggered retrain requests for one model. */
  readonly drift_retrain_cooldown_minutes: number;
}

export const DEFAULT_RETRAIN_CONFIG: RetrainConfig = {
  auto_retrain_enabled: true,
  drift_threshold: 0.2,
  performance_threshold: 0.7,
  max_concurrent_tasks: 2,
  retrain_interval_hours: 24,
  backup_models: true,
  improvement_margin: 0.01,
  bake_minutes: 60,
  drift_retrain_cooldown_minutes: 360,
};

/** The workflow's steps with their share of a run, for progress. */
export const STEP_WEIGHTS: Readonly<Record<string, number>> = {
  backup: 5,
  collect: 20,
  features: 10,
  train: 45,
  evaluate: 10,
  deploy: 5,
  finish: 5,
};
