import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import type { ModelStore, PredictionHistory } from '#domain/kernel/model.ports.ts';
import type { PerformanceDriftSource, ReferenceSource, RetrainQueue } from './drift.ports.ts';
import { SETTINGS_DOC, THRESHOLDS_DOC, RETRAIN_DOC } from '#domain/kernel/settings.ts';
import type { ModelRecord, PredictionRecord, StoredDrift, StoredEstimate } from '#domain/kernel/model.ts';
import type { Clock } from '#domain/kernel/time.ts';
import { NotFoundError } from '#domain/kernel/errors.ts';
import { mapLimit } from '#lib/async/map-limit.ts';
import { configDoc, readDoc } from '#domain/kernel/config-docs.ts';
import { calibrate, estimateAccuracy } from './cbpe.ts';
import { DEFAULT_DRIFT_SETTINGS, detectDrift, type DriftSettings } from './detector.ts';

/**
 * Windows of the drift scan; stored under the config key `drift`. The reference window's size is
 * the thresholds' `reference_size`, the one setting both drift measures read.
 */
export interface DriftWindows extends DriftSettings {
  /** Most recent predictions compared against it, at most this many... */
  readonly current_size: number;
  /** ...and no older than this. */
  readonly current_window_minutes: number;
}

export const DEFAULT_DRIFT_WINDOWS: DriftWindows = {
  ...DEFAULT_DRIFT_SETTINGS,
  current_size: 1000,
  current_window_minutes: 60,
};

/** The drift scan's windows and decision settings. */
export const DRIFT_DOC = configDoc('drift', DEFAULT_DRIFT_WINDOWS);

export interface DriftDeps {
  readonly models: ModelStore;
  readonly history: PredictionHistory;
  /** Accuracy decline against the reference, from monitoring's counters. */
  readonly performance: PerformanceDriftSource;
  readonly config: ConfigStore;
  readonly retrain: RetrainQueue;
  readonly clock: Clock;
  /** The serving version's training snapshot (input rows), when the model has a champion. */
  readonly references?: ReferenceSource;
}

type Row = Record<string, string | number | boolean | null | undefined>;

/** The scalar input features of a row. */
function featureRow(features: Readonly<Record<string, unknown>>): Row {
  const row: Row = {};
  for (const [k, v] of Object.entries(features)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') row[k] = v;
  }
  return row;
}

/** Scalar input features plus the model's own output and confidence as pseudo-features. */
function rowOf(p: PredictionRecord): Row {
  const row = featureRow(p.input_features);
  if (p.error === undefined) {
    row.__prediction__ = p.prediction ?? null;
    if (p.confidence !== undefined) row.__confidence__ = p.confidence;
  }
  return row;
}

/**
 * The drift scan of one model.
 *
 * 1. Read the reference window (the serving version's training snapshot, else the model's first
 *    `reference_size` predictions) and the current
 *    window (its latest `current_size` within `current_window_minutes`).
 * 2. Test every input feature, the prediction and the confidence (detectDrift); add
 *    performance drift where outcomes exist: drift_score = max(data drift, accuracy decline).
 * 3. For classifiers with confidence, estimate current accuracy from a calibration fitted on the
 *    labelled reference predictions (CBPE).
 * 4. When drift_score >= drift_threshold and auto-retrain is on, ask for a retrain (at most
 *    once per cool-down); then store both on the model.
 */
export function createDriftService(deps: DriftDeps) {
  const { models, history, performance, config, retrain, clock } = deps;

  async function settings() {
    const [thresholds, windows, platform, retrain] = await Promise.all([
      readDoc(config, THRESHOLDS_DOC),
      readDoc(config, DRIFT_DOC),
      readDoc(config, SETTINGS_DOC),
      readDoc(config, RETRAIN_DOC),
    ]);
    return { thresholds, windows, platform, retrain };
  }

  /** Scans one model; `read` is the settings a caller scanning many models read once for all. */
  async function scan(
    model: ModelRecord,
    read?: Awaited<ReturnType<typeof settings>>,
  ): Promise<{ drift: StoredDrift; estimate: StoredEstimate | undefined; retrainRequested: boolean }> {
    const { thresholds, windows, platform, retrain: retrainConfig } = read ?? (await settings());
    const now = clock.now();
    const [reference, current, performanceDrift] = await Promise.all([
      history.earliest(model.model_name, thresholds.reference_size),
      history.latest(model.model_name, now - windows.current_window_minutes * 60_000, windows.current_size),
      performance.of(model, thresholds, now),
    ]);
    // Reference: the champion's training snapshot when the platform trained it, else the first logged predictions.
    const snapshot = model.champion_version === undefined ? undefined : await deps.references?.forChampion(model);
    // A training snapshot has inputs only, so then only inputs are compared.
    const report =
      snapshot !== undefined
        ? detectDrift(
            snapshot.map(featureRow),
            current.map((p) => featureRow(p.input_features)),
            windows,
          )
        : detectDrift(reference.map(rowOf), current.map(rowOf), windows);
    const at = new Date(now).toISOString();
    const drift: StoredDrift = {
      drift_score: Math.max(report.drift_score, performanceDrift ?? 0),
      data_drift_score: report.drift_score,
      performance_drift: performanceDrift,
      scanned_at: at,
      report,
    };

    let estimate: StoredEstimate | undefined;
    if (model.task_type === 'classification') {
      const labelled = reference.flatMap((p) =>
        p.confidence !== undefined && p.outcome_score !== undefined
          ? [{ confidence: p.confidence, correct: p.outcome_score.score >= 0.5 }]
          : [],
      );
      const calibration = calibrate(labelled);
      const confidences = current.flatMap((p) =>
        p.error === undefined && p.confidence !== undefined ? [p.confidence] : [],
      );
      const e = calibration === undefined ? undefined : estimateAccuracy(calibration, confidences);
      if (e !== undefined) estimate = { ...e, estimated_at: at };
    }
    let retrainRequested = false;
    if (drift.drift_score >= thresholds.drift_threshold && platform.auto_retrain_enabled) {
      const notBefore = new Date(now - retrainConfig.drift_retrain_cooldown_minutes * 60_000).toISOString();
      if (await models.claimRetrainRequest(model.model_name, at, notBefore)) {
        await retrain.request({
          model_name: model.model_name,
          reason: 'model_drift',
          requested_at: at,
          drift_score: drift.drift_score,
        });
        retrainRequested = true;
      }
    }
    // Saved after the retrain request, so a failed save cannot keep a drifting model from being retrained.
    await models.saveScan(model.model_name, drift, estimate);
    return { drift, estimate, retrainRequested };
  }

  return {
    scan,
    async scanModel(modelName: string) {
      const model = await models.get(modelName);
      if (model === undefined) throw new NotFoundError(`model '${modelName}' has no logged predictions`);
      return scan(model);
    },
    /** `GET /drift`: the last scan's report; a model never scanned (or `refresh`) is scanned now. */
    async report(
      modelName: string,
      refresh: boolean,
    ): Promise<{ drift: StoredDrift; estimate: StoredEstimate | undefined }> {
      const model = await models.get(modelName);
      if (model === undefined) throw new NotFoundError(`model '${modelName}' has no logged predictions`);
      if (model.drift === undefined || refresh) return scan(model);
      return { drift: model.drift, estimate: model.estimate };
    },
    /** Scans every model, a few at a time; one model's failure does not stop the others. */
    async scanAll(options: { concurrency?: number; each?: (modelName: string) => void } = {}): Promise<{
      scanned: number;
      failed: { model_name: string; error: string }[];
      retrain_requested: string[];
      paused?: true;
    }> {
      // Monitoring paused (settings.monitoring_active): the scheduled scan does nothing.
      const read = await settings();
      if (!read.platform.monitoring_active) {
        return { scanned: 0, failed: [], retrain_requested: [], paused: true };
      }
      const concurrency = options.concurrency ?? 4;
      const all = await models.list();
      for (const m of all) options.each?.(m.model_name);
      const failed: { model_name: string; error: string }[] = [];
      const requested: string[] = [];
      await mapLimit(all, concurrency, async (model) => {
        try {
          if ((await scan(model, read)).retrainRequested) requested.push(model.model_name);
        } catch (error) {
          failed.push({ model_name: model.model_name, error: error instanceof Error ? error.message : String(error) });
        }
      });
      return { scanned: all.length - failed.length, failed, retrain_requested: requested };
    },
    settings,
  };
}

export type DriftService = ReturnType<typeof createDriftService>;
