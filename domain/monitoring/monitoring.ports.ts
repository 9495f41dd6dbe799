import type { AggregateBucket, AggregateDelta } from './aggregates.ts';
import type {
  ModelRecord,
  ModelStatus,
  OutcomeScore,
  PredictionRecord,
  Scalar,
  StoredDrift,
  StoredEstimate,
} from './types.ts';

/** Stored predictions. */
export interface PredictionStore {
  /**
   * Inserts predictions whose id is not stored yet and leaves existing ones untouched.
   * @returns the ids that were newly inserted (the rest were already there: retries).
   */
  insertNew(records: readonly PredictionRecord[]): Promise<ReadonlySet<string>>;
  get(predictionId: string): Promise<PredictionRecord | undefined>;
  /**
   * Records an outcome if the stored outcome version is still `expectedVersion`
   * (undefined = no outcome yet). Throws ConflictError when another writer got there first.
   */
  setOutcome(
    predictionId: string,
    outcome: { actual: Record<string, Scalar | null>; score: OutcomeScore; version: number },
    expectedVersion: number | undefined,
  ): Promise<void>;
  /** Restores the previous outcome (or none) after a failed aggregate update. */
  revertOutcome(predictionId: string, previous: PredictionRecord, failedVersion: number): Promise<void>;
  /** Compensation: removes predictions whose counters could not be applied. */
  deleteMany(predictionIds: readonly string[]): Promise<void>;
}

/** Predictions of one model in time order (for drift and training data). */
export interface PredictionHistory {
  /** The first `limit` predictions the model logged, oldest first. */
  earliest(modelName: string, limit: number): Promise<PredictionRecord[]>;
  /** Up to `limit` predictions logged at or after `sinceMs`, newest first. */
  latest(modelName: string, sinceMs: number, limit: number): Promise<PredictionRecord[]>;
}

/** Per-model, per-bucket counters. */
export interface AggregateStore {
  /** Atomically adds each delta to its bucket and to the model's all-time total. */
  increment(deltas: readonly AggregateDelta[]): Promise<void>;
  /** Time buckets of a model with keys in [fromBucket, toBucket], oldest first. */
  range(modelName: string, fromBucket: string, toBucket: string): Promise<AggregateBucket[]>;
  /** The oldest `limit` time buckets of a model, oldest first. */
  earliest(modelName: string, limit: number): Promise<AggregateBucket[]>;
  /** The all-time total of a model, if it has one. */
  total(modelName: string): Promise<AggregateBucket | undefined>;
}

/** Registered models. */
export interface ModelStore {
  get(modelName: string): Promise<ModelRecord | undefined>;
  /** Creates the model unless it exists; returns the stored record either way. */
  createIfAbsent(record: ModelRecord): Promise<ModelRecord>;
  list(): Promise<ModelRecord[]>;
  /**
   * Moves the recorded status from `from` to `to`. Returns false when another evaluator already
   * moved it (so exactly one of them sends the alert).
   */
  transitionStatus(modelName: string, from: ModelStatus | undefined, to: ModelStatus, at: string): Promise<boolean>;
  /**
   * Sets (or, with `undefined`, removes) the given fields of a model. With `expect`, only if the
   * stored fields still have those values (undefined = absent); ConflictError otherwise.
   */
  update(
    modelName: string,
    fields: Partial<Omit<ModelRecord, 'model_name'>>,
    expect?: Partial<Pick<ModelRecord, 'champion_version' | 'active_task_id'>>,
  ): Promise<void>;
  /** Stores the latest drift scan and label-free estimate. */
  saveScan(modelName: string, drift: StoredDrift, estimate: StoredEstimate | undefined): Promise<void>;
  /**
   * Claims the model's next scheduled evaluation for `dueAt`, unless one is already scheduled
   * at or before it (and still in the future). True when the caller should schedule it.
   */
  claimWakeup(modelName: string, dueAt: string, now: string): Promise<boolean>;
  /** Records a retrain request unless one was recorded after `notBefore`; false when still cooling down. */
  claimRetrainRequest(modelName: string, at: string, notBefore: string): Promise<boolean>;
}

/** Retraining requests; the retraining workflow consumes them. */
export interface RetrainQueue {
  request(request: {
    model_name: string;
    reason: 'model_drift' | 'schedule' | 'manual' | 'performance';
    requested_at: string;
    drift_score?: number;
  }): Promise<void>;
}

/** Small JSON documents of configuration, by key. */
export interface ConfigStore {
  get(key: string): Promise<Record<string, unknown> | undefined>;
  put(key: string, value: Record<string, unknown>): Promise<void>;
  /** Stores `value` unless the key exists; returns what is stored either way. */
  putIfAbsent(key: string, value: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** "Re-evaluate model X": the hand-off from the logging path to the status evaluator. */
export interface ModelEventQueue {
  /** Asks for an evaluation of each model, delivered after `delaySeconds`. */
  modelsChanged(modelNames: readonly string[], delaySeconds: number): Promise<void>;
}
