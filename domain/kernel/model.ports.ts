import type { ModelRecord, ModelStatus, ModelVersion, PredictionRecord, StoredDrift, StoredEstimate } from './model.ts';

/** The stores of the model aggregate, shared by monitoring, drift, registry and retraining. */

/** Predictions of one model in time order (for drift and training data). */
export interface PredictionHistory {
  /** The first `limit` predictions the model logged, oldest first. */
  earliest(modelName: string, limit: number): Promise<PredictionRecord[]>;
  /** Up to `limit` predictions logged at or after `sinceMs`, newest first. */
  latest(modelName: string, sinceMs: number, limit: number): Promise<PredictionRecord[]>;
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

/** Model artifacts, datasets and reference snapshots (S3; fauxqs locally). */
export interface ArtifactStore {
  putJson(key: string, value: unknown): Promise<void>;
  getJson<T>(key: string): Promise<T>;
  getText(key: string): Promise<string>;
  copy(fromKey: string, toKey: string): Promise<void>;
}

export interface VersionStore {
  put(version: ModelVersion): Promise<void>;
  get(modelName: string, version: string): Promise<ModelVersion | undefined>;
  /** Newest first. */
  list(modelName: string): Promise<ModelVersion[]>;
}
