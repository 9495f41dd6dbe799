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
