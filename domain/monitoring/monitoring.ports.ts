import type { OutcomeScore, PredictionRecord, Scalar } from '#domain/kernel/model.ts';
import type { Notice } from '#domain/kernel/notice.ts';
import type { PlatformSettings, Thresholds } from '#domain/kernel/settings.ts';
import type { AggregateBucket, AggregateDelta, Counters } from './aggregates.ts';

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
   * (undefined = no outcome yet), marked pending (`outcome_pending` = its version) with the score
   * the counters hold now (`counted`, none for a first outcome) and leased to the caller until
   * `leaseUntil` (epoch ms). Throws ConflictError when another writer got there first.
   */
  setOutcome(
    predictionId: string,
    outcome: {
      actual: Record<string, Scalar | null>;
      score: OutcomeScore;
      version: number;
      leaseUntil: number;
      counted?: OutcomeScore;
    },
    expectedVersion: number | undefined,
  ): Promise<void>;
  /**
   * Takes the lease of pending outcome `version` until `untilMs` if its lease lapsed by `nowMs`.
   * @returns the prediction as stored with the lease taken, or undefined (not pending, or leased)
   */
  leaseOutcome(
    predictionId: string,
    version: number,
    untilMs: number,
    nowMs: number,
  ): Promise<PredictionRecord | undefined>;
  /** Gives up the lease of pending outcome `version` (a request that failed), so a retry need not wait. */
  releaseOutcome(predictionId: string, version: number): Promise<void>;
  /** Clears the pending mark and lease of outcome `version` (its counters are in); no-op if it moved on. */
  settleOutcome(predictionId: string, version: number): Promise<void>;
  /** Compensation: removes predictions whose counters could not be applied. */
  deleteMany(predictionIds: readonly string[]): Promise<void>;
  /**
   * The stored predictions of a model with `ts` in [fromMs, toMs), oldest first, page by page,
   * with only the fields their counters come from.
   */
  countable(modelName: string, fromMs: number, toMs: number): AsyncIterable<readonly CountableRecord[]>;
}

/** What a stored prediction contributes to the counters. */
export type CountableRecord = Pick<PredictionRecord, 'ts' | 'response_time' | 'confidence' | 'error' | 'model_version'>;

/**
 * Short-lived claims on a batch of client-supplied ids, so that concurrent copies of one batch
 * (a client retrying a request that is still running) are logged one after the other.
 */
export interface BatchClaims {
  /** Takes the claim for `holder` unless another holder has it until after `nowMs`. */
  acquire(key: string, holder: string, untilMs: number, nowMs: number): Promise<boolean>;
  /** Gives the claim up if `holder` still has it. */
  release(key: string, holder: string): Promise<void>;
}

/** Per-model, per-bucket counters. */
export interface AggregateStore {
  /** Atomically adds each delta to its bucket and to the model's all-time total. */
  increment(deltas: readonly AggregateDelta[]): Promise<void>;
  /**
   * Like `increment`, but each bucket (and the total) takes the deltas of operation `op` at most
   * once, however often it is called: each keeps a mark of `op` until `forget` drops it. Call
   * `forget` only once nothing can call this again for `op` (the caller holds a claim on it).
   */
  incrementOnce(op: string, deltas: readonly AggregateDelta[]): Promise<void>;
  /** Drops the marks `incrementOnce` left for `op` on the buckets of `deltas`. */
  forget(op: string, deltas: readonly AggregateDelta[]): Promise<void>;
  /** Time buckets of a model with keys in [fromBucket, toBucket], oldest first. */
  range(modelName: string, fromBucket: string, toBucket: string): Promise<AggregateBucket[]>;
  /** The oldest `limit` time buckets of a model, oldest first. */
  earliest(modelName: string, limit: number): Promise<AggregateBucket[]>;
  /**
   * The all-time total of a model, if it has one: every outcome counter, and the prediction
   * counters of the buckets up to `sealed_through`.
   */
  total(modelName: string): Promise<AggregateBucket | undefined>;
  /**
   * Sets the counters of a bucket that `inScope` accepts to exactly `counters` (removing those in
   * scope that `counters` lacks) and leaves the others (outcomes) as they are.
   */
  replaceCounters(
    modelName: string,
    bucket: string,
    counters: Counters,
    inScope: (name: string) => boolean,
  ): Promise<void>;
  /**
   * Adds a sealed bucket's prediction counters to the all-time total, once: only while the total
   * is sealed through an earlier bucket (or not at all), and moves `sealed_through` to `bucket`.
   * Racing runs may share the work (a long counter set is written in parts, each added once);
   * exactly one of them completes the seal.
   * @returns whether this call completed the seal (false: another run did)
   */
  seal(modelName: string, bucket: string, counters: Counters, lastPrediction?: string): Promise<boolean>;
}

/** "Re-evaluate model X": the hand-off from the logging path to the status evaluator. */
export interface ModelEventQueue {
  /** Asks for an evaluation of each model, delivered after `delaySeconds`. */
  modelsChanged(modelNames: readonly string[], delaySeconds: number): Promise<void>;
}

/** The metrics of a model that alert rules read (null: not enough data to judge). */
export interface ModelMetricValues {
  readonly accuracy: number | null;
  readonly estimated_accuracy: number | null;
  readonly response_time: number | null;
  readonly p95_response_time: number | null;
  readonly error_rate: number | null;
  readonly drift_score: number | null;
}

/** What one run of the alert rules decided: the notices sent and when to look again. */
export interface AlertEvaluation {
  readonly notices: readonly Notice[];
  /** Seconds until something time-based is due (a `for`, a repeat, an escalation). */
  readonly nextEvaluationInSeconds?: number;
}

/** The alert manager as the status evaluator drives it. */
export interface AlertEvaluator {
  /** The thresholds and platform settings are the ones the evaluator already read (not read again). */
  evaluate(
    modelName: string,
    metrics: ModelMetricValues,
    thresholds: Thresholds,
    settings: PlatformSettings,
  ): Promise<AlertEvaluation>;
}
