import { SETTINGS_DOC, THRESHOLDS_DOC, type PlatformSettings } from '#domain/kernel/settings.ts';
import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import type { ModelStore } from '#domain/kernel/model.ports.ts';
import { type Thresholds } from '#domain/kernel/settings.ts';
import {
  MODEL_STATUSES,
  type ModelRecord,
  type ModelStatus,
  type PredictionRecord,
  type TaskType,
} from '#domain/kernel/model.ts';
import { ConflictError, NotFoundError, ValidationError } from '#domain/kernel/errors.ts';
import type {
  MonitoringSettings,
  MonitoringSettingsUpdate,
  OutcomeInput,
  PredictionInput,
  ThresholdsUpdate,
} from './types.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import type { AggregateStore, BatchClaims, ModelEventQueue, PredictionStore } from './monitoring.ports.ts';
import { mergeDeltas, outcomeCounters, predictionCounters, type AggregateDelta } from './aggregates.ts';
import { assessModel, historyPoints, type Assessment, type HistoryPoint } from './assess.ts';
import type { MetricStore } from '#domain/kernel/metric-store.ports.ts';
import { HISTORY_METRICS, historySeries, type HistoryMetric } from './history-metrics.ts';
import { bucketOf, versionBucket } from './buckets.ts';
import { inferTaskType, scoreOutcome, UnscorableOutcomeError } from '#lib/ml/scoring.ts';
import type { MetricCheck } from './status.ts';
import { mapLimit } from '#lib/async/map-limit.ts';
import { hash64 } from '#lib/ids/hash.ts';
import { readDoc, updateDoc } from '#domain/kernel/config-docs.ts';

export interface MonitoringDeps {
  readonly predictions: PredictionStore;
  readonly aggregates: AggregateStore;
  readonly models: ModelStore;
  readonly config: ConfigStore;
  readonly events: ModelEventQueue;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Seconds between evaluation requests for one model from one instance; also their delivery delay. @default 5 */
  readonly evaluationDelaySeconds?: number;
  /** Days a stored prediction is kept. @default 90 */
  readonly predictionRetentionDays?: number;
  /** The metric store the status evaluator records snapshots in; read for metric history. */
  readonly metrics?: MetricStore;
  /** Claims on batches of client ids; without them concurrent copies of a batch are counted exactly only once sealed. */
  readonly claims?: BatchClaims;
  /** Waits; for a batch whose copy is still being logged. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * How long a batch claim or an outcome lease holds: beyond the ingest functions' timeout, so a
 * crashed holder's claim lapses.
 */
export const CLAIM_HOLD_MS = 30_000;
/** How long a copy of a batch waits for the running one before answering 409. */
const CLAIM_WAIT_MS = 10_000;
const CLAIM_POLL_MS = 50;

/**
 * The claim key of a batch whose items all carry a client id: a 64-bit FNV-1a hash of the
 * sorted ids (a collision only makes two batches wait for each other), or undefined.
 */
export function batchKey(items: readonly PredictionInput[]): string | undefined {
  if (items.length < 2 || items.some((i) => i.prediction_id === undefined)) return undefined;
  const ids = items.map((i) => i.prediction_id ?? '').sort();
  // Each id ends with a unit separator, so ['ab', 'c'] and ['a', 'bc'] differ.
  return `${ids.length}:${hash64(ids.map((id) => `${id}\x1f`).join(''))}`;
}

export interface LogResult {
  readonly index: number;
  readonly prediction_id: string;
  /** `created` the first time, `duplicate` when the id was already stored (a retry). */
  readonly status: 'created' | 'duplicate';
}

export interface Performance {
  readonly model_name: string;
  readonly task_type: TaskType;
  readonly accuracy: number | null;
  readonly estimated_accuracy: number | null;
  readonly estimated_accuracy_ci: readonly [number, number] | null;
  readonly mae: number | null;
  readonly rmse: number | null;
  readonly prediction_count: number;
  readonly error_count: number;
  readonly labelled_count: number;
  readonly error_rate: number | null;
  readonly avg_response_time: number | null;
  readonly p95_response_time: number | null;
  readonly avg_confidence: number | null;
  readonly last_prediction: string | null;
  readonly last_training: string | null;
  readonly drift_score: number | null;
  readonly reference_accuracy: number | null;
  readonly status: ModelStatus;
  readonly checks: readonly MetricCheck[];
  readonly window: { readonly minutes: number; readonly predictions: number; readonly labelled: number };
}

export interface Summary {
  readonly total_models: number;
  readonly total_predictions: number;
  readonly avg_accuracy: number | null;
  readonly avg_response_time: number | null;
  readonly status_distribution: Record<ModelStatus, number>;
  readonly monitoring_active: boolean;
  readonly auto_retrain_enabled: boolean;
  /** Every model's performance over the evaluation window, by name: what an overview lists. */
  readonly models: readonly Performance[];
}

/** A model's performance in the seed's shape, from its assessment. */
function performanceOf(model: ModelRecord, a: Assessment, t: Thresholds): Performance {
  const recent = a.window.labelled_count > 0;
  return {
    model_name: model.model_name,
    task_type: model.task_type,
    accuracy: recent ? a.window.accuracy : a.allTime.accuracy,
    estimated_accuracy: a.estimatedAccuracy,
    estimated_accuracy_ci: model.estimate?.ci95 ?? null,
    mae: recent ? a.window.mae : a.allTime.mae,
    rmse: recent ? a.window.rmse : a.allTime.rmse,
    prediction_count: a.allTime.prediction_count,
    error_count: a.allTime.error_count,
    labelled_count: a.allTime.labelled_count,
    error_rate: a.window.error_rate ?? a.allTime.error_rate,
    avg_response_time: a.window.avg_response_time ?? a.allTime.avg_response_time,
    p95_response_time: a.window.p95_response_time ?? a.allTime.p95_response_time,
    avg_confidence: a.window.avg_confidence ?? a.allTime.avg_confidence,
    last_prediction: a.lastPrediction,
    last_training: model.last_training ?? null,
    drift_score: a.driftScore,
    reference_accuracy: a.referenceAccuracy,
    status: a.verdict.status,
    checks: a.verdict.checks,
    window: {
      minutes: t.evaluation_window_minutes,
      predictions: a.window.prediction_count,
      labelled: a.window.labelled_count,
    },
  };
}

const SUMMARY_CONCURRENCY = 8;

function settingsView(t: Thresholds, st: PlatformSettings): MonitoringSettings {
  return {
    monitoring_active: st.monitoring_active,
    update_interval_seconds: st.update_interval_seconds,
    alert_thresholds: {
      accuracy_threshold: t.accuracy_threshold,
      response_time_threshold: t.response_time_threshold,
      error_rate_threshold: t.error_rate_threshold,
      drift_threshold: t.drift_threshold,
    },
    notification_settings: st.notification_settings,
  };
}

/** The counters with their signs flipped: what takes a delta back. */
function negated(c: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, -v]));
}

/** Scores an outcome; an outcome that cannot be scored is the client's error (400), naming the field. */
function scoreOrReject(...args: Parameters<typeof scoreOutcome>): ReturnType<typeof scoreOutcome> {
  try {
    return scoreOutcome(...args);
  } catch (error) {
    if (!(error instanceof UnscorableOutcomeError)) throw error;
    const details = error.field === 'actual' ? [{ path: 'actual_result', message: 'expected a number' }] : undefined;
    throw new ValidationError(error.message, { cause: error, ...(details !== undefined ? { details } : {}) });
  }
}

/**
 * Model-monitoring use cases behind `/api/ai/monitoring/*`.
 *
 * @example
 * const monitoring = createMonitoringService({ predictions, aggregates, models, config, events, clock, ids });
 * await monitoring.logPredictions([{ model_name: 'churn', prediction_data: { input_features: {} }, result: { prediction: 'yes', confidence: 0.9, response_time: 0.12 } }]);
 */
export function createMonitoringService(deps: MonitoringDeps) {
  const { predictions, aggregates, models, config, events, clock, ids } = deps;
  const delaySeconds = deps.evaluationDelaySeconds ?? 5;
  const retentionSeconds = (deps.predictionRetentionDays ?? 90) * 86_400;
  const knownModels = new Map<string, TaskType>();
  const lastNotified = new Map<string, number>();

  /** The stored task type of a model, or undefined for a model never seen. */
  async function storedTask(modelName: string): Promise<TaskType | undefined> {
    const cached = knownModels.get(modelName);
    if (cached !== undefined) return cached;
    const stored = await models.get(modelName);
    if (stored !== undefined) knownModels.set(modelName, stored.task_type);
    return stored?.task_type;
  }

  /**
   * Works out each model's task type and checks every item against it, writing nothing, so a
   * rejected request leaves no trace. Returns the models that still have to be registered.
   */
  async function resolveTasks(
    items: readonly PredictionInput[],
  ): Promise<Map<string, { task: TaskType; isNew: boolean }>> {
    const resolved = new Map<string, { task: TaskType; isNew: boolean }>();
    for (const [index, item] of items.entries()) {
      const prefix = items.length > 1 ? `predictions.${index}.` : '';
      let entry = resolved.get(item.model_name);
      if (entry === undefined) {
        const stored = await storedTask(item.model_name);
        entry =
          stored !== undefined
            ? { task: stored, isNew: false }
            : { task: item.task_type ?? inferTaskType(item.result.prediction), isNew: true };
        resolved.set(item.model_name, entry);
      }
      if (item.task_type !== undefined && item.task_type !== entry.task) {
        throw new ConflictError(`model '${item.model_name}' is ${entry.task}, not ${item.task_type}`, {
          details: [{ path: `${prefix}task_type`, message: `model is ${entry.task}` }],
        });
      }
      if (
        entry.task === 'regression' &&
        item.result.error === undefined &&
        typeof item.result.prediction !== 'number'
      ) {
        throw new ValidationError(`model '${item.model_name}' is a regression model; its predictions must be numbers`, {
          details: [{ path: `${prefix}result.prediction`, message: 'expected a number' }],
        });
      }
    }
    return resolved;
  }

  /**
   * Asks for re-evaluation at most once per `delaySeconds` per model and instance, on both
   * edges: at once (so a threshold crossing alerts within a second) and once more after the
   * window (covering the writes this instance left unannounced in between).
   */
  async function notify(modelNames: Iterable<string>): Promise<void> {
    const now = clock.now();
    const due = [...new Set(modelNames)].filter((m) => now - (lastNotified.get(m) ?? -Infinity) >= delaySeconds * 1000);
    if (due.length === 0) return;
    await Promise.all([events.modelsChanged(due, 0), events.modelsChanged(due, delaySeconds)]);
    for (const m of due) lastNotified.set(m, now);
  }

  const thresholds = (): Promise<Thresholds> => readDoc(config, THRESHOLDS_DOC);

  async function requireModel(modelName: string): Promise<ModelRecord> {
    const model = await models.get(modelName);
    if (model === undefined) throw new NotFoundError(`model '${modelName}' has no logged predictions`);
    return model;
  }

  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** logPredictions without the batch claim. */
  async function logUnclaimed(items: readonly PredictionInput[]): Promise<LogResult[]> {
    const now = clock.now();
    const createdAt = new Date(now).toISOString();
    const resolved = await resolveTasks(items);

    const seen = new Set<string>();
    const results: LogResult[] = [];
    const records: PredictionRecord[] = [];
    for (const [index, item] of items.entries()) {
      const id = item.prediction_id ?? ids.next(item.model_name);
      if (seen.has(id)) {
        results.push({ index, prediction_id: id, status: 'duplicate' });
        continue;
      }
      seen.add(id);
      results.push({ index, prediction_id: id, status: 'created' });
      records.push({
        prediction_id: id,
        model_name: item.model_name,
        ts: now,
        bucket: bucketOf(now),
        input_features: item.prediction_data.input_features,
        ...(item.result.prediction !== undefined ? { prediction: item.result.prediction } : {}),
        ...(item.result.confidence !== undefined ? { confidence: item.result.confidence } : {}),
        response_time: item.result.response_time,
        ...(item.result.error !== undefined ? { error: item.result.error } : {}),
        ...(item.model_version !== undefined ? { model_version: item.model_version } : {}),
      });
    }

    const inserted = await predictions.insertNew(
      records.map((r) => ({ ...r, expires_at: Math.floor(now / 1000) + retentionSeconds })),
    );
    const deltas: AggregateDelta[] = records
      .filter((r) => inserted.has(r.prediction_id))
      .flatMap((r) => {
        const counters = predictionCounters(r);
        return [
          {
            model_name: r.model_name,
            bucket: r.bucket,
            counters,
            last_prediction: createdAt,
            total: false,
            ...(r.model_version !== undefined ? { versions: [r.model_version] } : {}),
          },
          ...(r.model_version !== undefined
            ? [{ model_name: r.model_name, bucket: versionBucket(r.model_version, r.bucket), counters, total: false }]
            : []),
        ];
      });
    const merged = mergeDeltas(deltas);
    try {
      await aggregates.increment(merged);
    } catch (error) {
      // Without transactions (the local emulator has none) the compensation keeps stored
      // predictions and counters in step: the client's retry then writes both again.
      await predictions.deleteMany([...inserted]);
      throw error;
    }
    // New models are registered last, so a request that fails before leaves no model behind.
    for (const [modelName, { task, isNew }] of resolved) {
      if (!isNew) continue;
      // A concurrent first use may have registered it meanwhile: the stored type wins, and this
      // request takes back what it wrote for the model.
      const stored = await models.createIfAbsent({ model_name: modelName, task_type: task, created_at: createdAt });
      knownModels.set(modelName, stored.task_type);
      if (stored.task_type !== task) {
        const mine = records.filter((r) => r.model_name === modelName && inserted.has(r.prediction_id));
        await predictions.deleteMany(mine.map((r) => r.prediction_id));
        await aggregates.increment(
          merged
            .filter((d) => d.model_name === modelName)
            .map(({ versions: _v, last_prediction: _l, ...d }) => ({ ...d, counters: negated(d.counters) })),
        );
        throw new ConflictError(`model '${modelName}' was just registered as ${stored.task_type}`);
      }
    }
    await notify(items.map((i) => i.model_name));
    return results.map((r) =>
      r.status === 'created' && !inserted.has(r.prediction_id) ? { ...r, status: 'duplicate' } : r,
    );
  }

  /**
   * Adds the counters of a prediction's pending outcome (the difference from the score counted
   * before it) exactly once, then clears the mark. The caller holds the outcome's lease (taken
   * with the outcome, or by `repairPending`), so one request counts it at a time; each bucket
   * takes the operation once (`incrementOnce`), so a request that crashed half way and the retry
   * that repairs it add it once between them. The marks are dropped after the pending mark is
   * cleared, when no request can try the operation again.
   */
  async function countPending(record: PredictionRecord): Promise<void> {
    const version = record.outcome_pending;
    if (record.outcome_score === undefined || version === undefined) return;
    const counters = outcomeCounters(record.outcome_score, record.outcome_counted);
    const deltas: AggregateDelta[] = [
      { model_name: record.model_name, bucket: record.bucket, counters },
      ...(record.model_version !== undefined
        ? [
            {
              model_name: record.model_name,
              bucket: versionBucket(record.model_version, record.bucket),
              counters,
              total: false,
            },
          ]
        : []),
    ];
    const op = `outcome:${record.prediction_id}:${version}`;
    await aggregates.incrementOnce(op, deltas);
    await predictions.settleOutcome(record.prediction_id, version);
    await aggregates.forget(op, deltas);
  }

  /**
   * Calls `attempt` until it answers, every CLAIM_POLL_MS, for up to CLAIM_WAIT_MS; then a 409
   * saying `busy`. The one wait of a request for a claim or lease another request holds.
   */
  async function waitForClaim<T>(attempt: () => Promise<T | undefined>, busy: string): Promise<T> {
    const waitUntil = clock.now() + CLAIM_WAIT_MS;
    for (;;) {
      const answer = await attempt();
      if (answer !== undefined) return answer;
      if (clock.now() >= waitUntil) throw new ConflictError(busy);
      await sleep(CLAIM_POLL_MS);
    }
  }

  /**
   * Completes an outcome a crashed or failed request left pending: takes its lease once the one
   * before lapsed (waiting up to CLAIM_WAIT_MS, 409 after), then counts it. Nothing to do once
   * another request completed it meanwhile.
   */
  async function repairPending(record: PredictionRecord): Promise<void> {
    const id = record.prediction_id;
    let pending = record.outcome_pending;
    const leased = await waitForClaim(async () => {
      if (pending === undefined) return null;
      const claimed = await predictions.leaseOutcome(id, pending, clock.now() + CLAIM_HOLD_MS, clock.now());
      if (claimed !== undefined) return claimed;
      pending = (await predictions.get(id))?.outcome_pending;
      return pending === undefined ? null : undefined;
    }, `the outcome of '${id}' is being recorded; retry in a few seconds`);
    if (leased !== null) await countPending(leased);
  }

  return {
    /**
     * Logs predictions; a client-supplied `prediction_id` already stored is counted once.
     *
     * 1. Copies of a batch of client ids wait for each other (a claim on the batch), so a retry
     *    sent while the first attempt still runs finds its predictions stored.
     * 2. Work out each model's task type (stored, declared or inferred) and check each item fits.
     * 3. Insert the predictions whose id is new; the others are retries.
     * 4. Add their counters to their time buckets; if that fails, remove what step 3 wrote. The
     *    all-time total gets them when the bucket is sealed (reconcile.ts), which also repairs
     *    counts a crash between steps 3 and 4 left short.
     * 5. Register new models, last, so a failed request leaves none behind; a concurrent first
     *    use that registered another task type wins, and this request takes back steps 3 and 4.
     * 6. Ask for a status evaluation of the touched models.
     */
    async logPredictions(items: readonly PredictionInput[]): Promise<LogResult[]> {
      const key = deps.claims === undefined ? undefined : batchKey(items);
      if (key === undefined || deps.claims === undefined) return logUnclaimed(items);
      const claims = deps.claims;
      const holder = ids.next('claim');
      await waitForClaim(
        async () => ((await claims.acquire(key, holder, clock.now() + CLAIM_HOLD_MS, clock.now())) ? true : undefined),
        'the same batch is being logged by another request; retry in a few seconds',
      );
      try {
        return await logUnclaimed(items);
      } finally {
        await claims.release(key, holder);
      }
    },

    /**
     * Records the actual outcome of a prediction. The same outcome again changes nothing; a
     * different one corrects the counters by the difference. A crash or a failed write at any
     * step leaves the outcome marked pending, and the client's retry completes its counting,
     * exactly once.
     *
     * 1. Load the prediction (404 if unknown) and its model's task type; complete an outcome left
     *    pending (`repairPending`).
     * 2. Score the outcome; stop if it equals the stored one.
     * 3. Store it, pending and leased to this request, under an optimistic version check; then
     *    count it (`countPending`).
     */
    async updateResult(input: OutcomeInput): Promise<{ prediction_id: string; score: number; updated: boolean }> {
      let prediction = await predictions.get(input.prediction_id);
      if (prediction === undefined) throw new NotFoundError(`prediction '${input.prediction_id}' is not known`);
      if (prediction.error !== undefined) {
        throw new ConflictError(
          `prediction '${input.prediction_id}' failed (${prediction.error}); it has no output to score`,
        );
      }
      const task = (await storedTask(prediction.model_name)) ?? (await requireModel(prediction.model_name)).task_type;
      const [actualValue] = Object.values(input.actual_result);
      const score = scoreOrReject(task, prediction.prediction, actualValue ?? null);
      if (prediction.outcome_pending !== undefined) {
        await repairPending(prediction);
        prediction = (await predictions.get(input.prediction_id)) ?? prediction;
      }
      if (
        prediction.actual !== undefined &&
        JSON.stringify(prediction.actual) === JSON.stringify(input.actual_result)
      ) {
        return { prediction_id: prediction.prediction_id, score: score.score, updated: false };
      }
      const version = (prediction.outcome_version ?? 0) + 1;
      const counted = prediction.outcome_score;
      await predictions.setOutcome(
        prediction.prediction_id,
        {
          actual: input.actual_result,
          score,
          version,
          leaseUntil: clock.now() + CLAIM_HOLD_MS,
          ...(counted !== undefined ? { counted } : {}),
        },
        prediction.outcome_version,
      );
      try {
        await countPending({
          ...prediction,
          actual: input.actual_result,
          outcome_score: score,
          outcome_version: version,
          outcome_pending: version,
          ...(counted !== undefined ? { outcome_counted: counted } : {}),
        });
      } catch (error) {
        // Stays pending for the client's retry, which need not wait for this request's lease.
        await predictions.releaseOutcome(prediction.prediction_id, version).catch(() => undefined);
        throw error;
      }
      await notify([prediction.model_name]);
      return { prediction_id: prediction.prediction_id, score: score.score, updated: true };
    },

    /** Performance of one model over the evaluation window, with `hours` of history. */
    async getPerformance(
      modelName: string,
      hours: number,
    ): Promise<{ performance: Performance; history: HistoryPoint[] }> {
      const model = await requireModel(modelName);
      const t = await thresholds();
      const a = await assessModel(aggregates, model, t, clock.now(), hours);
      return {
        performance: performanceOf(model, a, t),
        history: historyPoints(a.history),
      };
    },

    /**
     * The snapshots the status evaluator recorded for a model over the last `hours`: one series
     * of `[epoch ms, value]` pairs per metric, oldest first (what a history chart draws, with the
     * label-free estimate and its interval, which the aggregates do not keep).
     */
    async getMetricHistory(modelName: string, hours: number): Promise<Record<HistoryMetric, [number, number][]>> {
      await requireModel(modelName);
      const to = clock.now();
      const from = to - hours * 3_600_000;
      const store = deps.metrics;
      const series = await Promise.all(
        HISTORY_METRICS.map(async (metric) =>
          store === undefined
            ? []
            : (await store.query({ name: historySeries(metric), dimensions: { model_name: modelName }, from, to })).map(
                (p): [number, number] => [p.time, p.value],
              ),
        ),
      );
      return Object.fromEntries(HISTORY_METRICS.map((m, i) => [m, series[i] ?? []])) as Record<
        HistoryMetric,
        [number, number][]
      >;
    },

    /** Fleet-wide summary; reads a bounded number of buckets per model. */
    async getSummary(): Promise<Summary> {
      const [all, t, s] = await Promise.all([models.list(), thresholds(), readDoc(config, SETTINGS_DOC)]);
      const now = clock.now();
      const assessments = await mapLimit(all, SUMMARY_CONCURRENCY, (m) => assessModel(aggregates, m, t, now));
      const distribution = Object.fromEntries(MODEL_STATUSES.map((st) => [st, 0])) as Record<ModelStatus, number>;
      const accuracies: number[] = [];
      let responseTimeSum = 0;
      let predictionsTotal = 0;
      for (const a of assessments) {
        distribution[a.verdict.status] += 1;
        const accuracy = a.window.labelled_count > 0 ? a.window.accuracy : a.allTime.accuracy;
        if (accuracy !== null) accuracies.push(accuracy);
        predictionsTotal += a.allTime.prediction_count;
        responseTimeSum += (a.allTime.avg_response_time ?? 0) * a.allTime.prediction_count;
      }
      return {
        total_models: all.length,
        models: all.map((m, i) => performanceOf(m, assessments[i] as Assessment, t)),
        total_predictions: predictionsTotal,
        avg_accuracy: accuracies.length > 0 ? accuracies.reduce((x, y) => x + y, 0) / accuracies.length : null,
        avg_response_time: predictionsTotal > 0 ? responseTimeSum / predictionsTotal : null,
        status_distribution: distribution,
        monitoring_active: s.monitoring_active,
        auto_retrain_enabled: s.auto_retrain_enabled,
      };
    },

    getThresholds: thresholds,

    /** Merges the given thresholds into the stored ones. */
    putThresholds: (update: ThresholdsUpdate): Promise<Thresholds> => updateDoc(config, THRESHOLDS_DOC, update),

    /** Seed 000's monitoring settings: the platform switches, the four alert thresholds and the channels. */
    async getSettings(): Promise<MonitoringSettings> {
      const [t, st] = await Promise.all([thresholds(), readDoc(config, SETTINGS_DOC)]);
      return settingsView(t, st);
    },

    /**
     * Updates the monitoring settings; thresholds are written to the thresholds document they
     * belong to, the switches and channels to the settings document (each merged, not replaced).
     */
    async putSettings(update: MonitoringSettingsUpdate): Promise<MonitoringSettings> {
      const { alert_thresholds, ...switches } = update;
      const [t, st] = await Promise.all([
        alert_thresholds === undefined ? thresholds() : updateDoc(config, THRESHOLDS_DOC, alert_thresholds),
        updateDoc(config, SETTINGS_DOC, switches),
      ]);
      return settingsView(t, st);
    },
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
