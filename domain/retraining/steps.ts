import { noticeEnvelope, noticeSubject, type Notice } from '#domain/kernel/notice.ts';
import type { ModelStore, PredictionHistory, ArtifactStore, VersionStore } from '#domain/kernel/model.ports.ts';
import { mergeConfig, type Scalar, type ModelConfig, type ModelVersion } from '#domain/kernel/model.ts';
import { InsufficientDataError, NotFoundError } from '#domain/kernel/errors.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import {
  featureSpecsFor,
  evaluateArtifact,
  timeSplit,
  trainArtifact,
  type ModelArtifact,
  type TrainingRow,
} from '#lib/ml/trainer.ts';
import type { FeatureSpec } from '#lib/ml/features.ts';
import type { RunLedger } from './scheduler.ts';
import type { LiveQuality } from './retraining.ports.ts';

export interface StepDeps {
  readonly models: ModelStore;
  readonly versions: VersionStore;
  readonly artifacts: ArtifactStore;
  readonly history: PredictionHistory;
  /** Progress, durations, settings and ending runs. */
  readonly scheduler: RunLedger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Asks the dispatcher to start queued runs (a message on the retrain queue). */
  readonly poke: () => Promise<void>;
  /** Most labelled predictions read for training. @default 50000 */
  readonly maxTrainingRows?: number;
  /** The new champion's live accuracy after its bake (absent: every bake is confirmed). */
  readonly liveQuality?: LiveQuality;
}

export interface WorkflowInput {
  readonly task_id: string;
  readonly model_name: string;
  readonly reason: string;
}

interface Split {
  readonly specs: FeatureSpec[];
  readonly train: TrainingRow[];
  readonly holdout: TrainingRow[];
}

/** Parses a CSV with a header row; the column `target` is the outcome, `ts` (optional) the time. */
export function parseCsv(text: string): TrainingRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  if (!header.includes('target')) throw new InsufficientDataError('the uploaded dataset needs a "target" column');
  return lines.map((line, i) => {
    const cells = line.split(',');
    const features: Record<string, Scalar> = {};
    let target: Scalar = '';
    let ts = i;
    header.forEach((h, j) => {
      const raw = (cells[j] ?? '').trim();
      const value: Scalar = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
      if (h === 'target') target = value;
      else if (h === 'ts') ts = typeof value === 'number' ? value : Date.parse(typeof value === 'string' ? value : '');
      else features[h] = value;
    });
    return { features, target, ts };
  });
}

/**
 * The task behind each state of statemachines/retrain.asl.json. Each step records progress and
 * its duration (for ETAs) and passes large data through the artifacts bucket, not the state.
 */
export function createRetrainSteps(deps: StepDeps) {
  const { models, versions, artifacts, history, scheduler, clock, ids } = deps;
  const iso = () => new Date(clock.now()).toISOString();

  async function timed<T>(task: string, step: string, work: () => Promise<T>): Promise<T> {
    await scheduler.progress(task, step);
    const started = clock.now();
    const out = await work();
    await scheduler.recordStepDuration(step, (clock.now() - started) / 1000);
    return out;
  }

  async function configOf(modelName: string): Promise<ModelConfig> {
    const m = await models.get(modelName);
    if (m === undefined) throw new NotFoundError(`model '${modelName}' is not known`);
    return mergeConfig(m.task_type, m.config, {});
  }

  return {
    /** Backup: copy the champion's artifact aside, so a failed run can restore exactly it. */
    backup: (input: WorkflowInput) =>
      timed(input.task_id, 'backup', async () => {
        const m = await models.get(input.model_name);
        if (m === undefined) throw new NotFoundError(`model '${input.model_name}' is not known`);
        if (m.champion_version === undefined) return { champion_version: null, backup_key: null };
        const v = await versions.get(input.model_name, m.champion_version);
        if (v === undefined) return { champion_version: m.champion_version, backup_key: null };
        const backupKey = `backups/${input.model_name}/${input.task_id}.json`;
        await artifacts.copy(v.artifact_key, backupKey);
        return { champion_version: m.champion_version, backup_key: backupKey };
      }),

    /** CollectData: labelled predictions of the model (plus an uploaded CSV), newest first, bounded. */
    collect: (input: WorkflowInput) =>
      timed(input.task_id, 'collect', async () => {
        const config = await configOf(input.model_name);
        // Newest first; unlabelled and failed predictions are skipped, so read a little more than needed.
        const limit = Math.min(config.training_rows, deps.maxTrainingRows ?? 50_000);
        const recent = await history.latest(input.model_name, 0, Math.min(200_000, limit * 2));
        const rows: TrainingRow[] = recent
          .flatMap((p) => {
            const [target] = Object.values(p.actual ?? {});
            return p.error === undefined && target !== undefined && target !== null
              ? [{ features: p.input_features, target, ts: p.ts }]
              : [];
          })
          .slice(0, limit);
        if (config.dataset_key !== undefined) rows.push(...parseCsv(await artifacts.getText(config.dataset_key)));
        if (rows.length < config.min_samples) {
          throw new InsufficientDataError(
            `model '${input.model_name}' has ${rows.length} labelled samples; retraining needs ${config.min_samples}`,
          );
        }
        const key = `datasets/${input.model_name}/${input.task_id}.json`;
        await artifacts.putJson(key, rows);
        return { dataset_key: key, samples: rows.length };
      }),

    /** EngineerFeatures: time-ordered split and the feature types the encoder will use. */
    features: (input: WorkflowInput & { dataset_key: string }) =>
      timed(input.task_id, 'features', async () => {
        const config = await configOf(input.model_name);
        const rows = await artifacts.getJson<TrainingRow[]>(input.dataset_key);
        const { train, holdout } = timeSplit(rows);
        const split: Split = { specs: featureSpecsFor(config, train), train, holdout };
        const key = `features/${input.model_name}/${input.task_id}.json`;
        await artifacts.putJson(key, split);
        return {
          features_key: key,
          feature_count: split.specs.length,
          train_size: train.length,
          holdout_size: holdout.length,
        };
      }),

    /** Train: fit the candidate, store its artifact and reference snapshot, register the version. */
    train: (input: WorkflowInput & { features_key: string }) =>
      timed(input.task_id, 'train', async () => {
        const config = await configOf(input.model_name);
        const split = await artifacts.getJson<Split>(input.features_key);
        const started = clock.now();
        const { artifact, hyperparameters } = trainArtifact({ ...config, features: split.specs }, split.train);
        const trainingTime = (clock.now() - started) / 1000;
        const version = ids.next('v');
        const artifactKey = `models/${input.model_name}/${version}/model.json`;
        const referenceKey = `models/${input.model_name}/${version}/reference.json`;
        await artifacts.putJson(artifactKey, artifact);
        // The training snapshot: the reference window for drift of this version.
        await artifacts.putJson(
          referenceKey,
          split.train.slice(-1000).map((r) => r.features),
        );
        const record: ModelVersion = {
          model_name: input.model_name,
          version,
          created_at: iso(),
          status: 'candidate',
          training_samples: split.train.length,
          training_time_seconds: trainingTime,
          metrics: evaluateArtifact(artifact, split.holdout),
          hyperparameters,
          artifact_key: artifactKey,
          reference_key: referenceKey,
          task_id: input.task_id,
        };
        await versions.put(record);
        return {
          version,
          artifact_key: artifactKey,
          training_time: trainingTime,
          training_samples: split.train.length,
          candidate_score: record.metrics.score,
        };
      }),

    /** Evaluate: candidate and champion on the same holdout; better by the margin, or not. */
    evaluate: (input: WorkflowInput & { features_key: string; version: string; champion_version: string | null }) =>
      timed(input.task_id, 'evaluate', async () => {
        const margin = (await scheduler.retrainConfig()).improvement_margin;
        const split = await artifacts.getJson<Split>(input.features_key);
        const candidate = await versions.get(input.model_name, input.version);
        if (candidate === undefined) throw new NotFoundError(`candidate '${input.version}' vanished`);
        const candidateScore = evaluateArtifact(
          await artifacts.getJson<ModelArtifact>(candidate.artifact_key),
          split.holdout,
        ).score;
        let championScore: number | null = null;
        if (input.champion_version !== null) {
          const champion = await versions.get(input.model_name, input.champion_version);
          if (champion !== undefined)
            championScore = evaluateArtifact(
              await artifacts.getJson<ModelArtifact>(champion.artifact_key),
              split.holdout,
            ).score;
        }
        return {
          candidate_score: candidateScore,
          champion_score: championScore,
          margin,
          better: championScore === null || candidateScore >= championScore + margin,
        };
      }),

    /** Deploy: move the champion alias (conditional on the backed-up champion) and start the bake period. */
    deploy: (
      input: WorkflowInput & {
        version: string;
        champion_version: string | null;
        champion_score: number | null;
        candidate_score: number;
      },
    ) =>
      timed(input.task_id, 'deploy', async () => {
        const cfg = await scheduler.retrainConfig();
        await models.update(
          input.model_name,
          {
            champion_version: input.version,
            champion_score: input.candidate_score,
            previous_champion_version: input.champion_version ?? undefined,
            last_training: iso(),
            bake:
              input.champion_score === null
                ? undefined
                : {
                    until: new Date(clock.now() + cfg.bake_minutes * 60_000).toISOString(),
                    baseline_score: input.champion_score,
                    previous_version: input.champion_version,
                    version: input.version,
                  },
          },
          { champion_version: input.champion_version ?? undefined },
        );
        const v = await versions.get(input.model_name, input.version);
        if (v !== undefined) await versions.put({ ...v, status: 'champion' });
        if (input.champion_version !== null) {
          const old = await versions.get(input.model_name, input.champion_version);
          if (old !== undefined) await versions.put({ ...old, status: 'archived' });
        }
        // The Bake state waits this long before VerifyLive; a first model has nothing to compare with.
        const bakeSeconds = input.champion_score === null ? 0 : cfg.bake_minutes * 60;
        return { deployed: true, champion_version: input.version, bake_seconds: bakeSeconds };
      }),

    /**
     * VerifyLive, after the bake: the new champion's own live accuracy (realised, else estimated)
     * against the previous champion's holdout score. Worse by the improvement margin: `rollback`;
     * otherwise (or with nothing to judge yet) `confirm`. The notice is ready for a rollback.
     */
    verify: (
      input: WorkflowInput & { version: string; previous_version: string | null; baseline_score: number | null },
    ) =>
      timed(input.task_id, 'verify', async () => {
        // A negative improvement margin lets a slightly worse candidate deploy; it never makes a
        // live result that matches the previous champion count as a failure.
        const margin = Math.max(0, (await scheduler.retrainConfig()).improvement_margin);
        const model = await models.get(input.model_name);
        const serving = model?.champion_version === input.version;
        const live =
          serving && deps.liveQuality !== undefined
            ? await deps.liveQuality.of(input.model_name, input.version)
            : { accuracy: null, source: 'none' as const };
        const verdict: 'rollback' | 'confirm' | 'superseded' = !serving
          ? 'superseded'
          : input.previous_version !== null &&
              input.baseline_score !== null &&
              live.accuracy !== null &&
              live.accuracy < input.baseline_score - margin
            ? 'rollback'
            : 'confirm';
        const notice: Notice = {
          notice_id: ids.next('notice'),
          model_name: input.model_name,
          audience: 'primary',
          severity: 'warning',
          state: 'firing',
          title: `[ROLLBACK] ${input.model_name}: ${input.version} scored ${fmt(live.accuracy)} live (${live.source}) against ${fmt(input.baseline_score)} for ${input.previous_version ?? 'n/a'}; rolled back after its bake`,
          alerts: [],
          created_at: iso(),
          retrain: {
            task_id: input.task_id,
            reason: input.reason,
            outcome: 'rolled_back',
            version: input.version,
            candidate_score: live.accuracy,
            champion_score: input.baseline_score,
          },
        };
        return {
          verdict,
          live_accuracy: live.accuracy,
          source: live.source,
          baseline_score: input.baseline_score,
          margin,
          message: noticeEnvelope(notice),
          severity: notice.severity,
          subject: noticeSubject(notice),
        };
      }),

    /** Confirm: the bake is over and the new champion stays. */
    confirm: (input: WorkflowInput & { version: string }) =>
      timed(input.task_id, 'confirm', async () => {
        const model = await models.get(input.model_name);
        if (model?.bake !== undefined && model.champion_version === input.version)
          await models.update(input.model_name, { bake: undefined });
        return { confirmed: model?.champion_version === input.version };
      }),

    /**
     * Rollback (and KeepChampion): keep or restore the backed-up champion and reject this run's
     * version, also when it had been deployed (the Rollback after a failed bake).
     */
    rollback: (input: WorkflowInput & { champion_version: string | null; version?: string | null }) =>
      timed(input.task_id, 'deploy', async () => {
        const m = await models.get(input.model_name);
        if (m !== undefined && m.champion_version !== (input.champion_version ?? undefined)) {
          const restored =
            input.champion_version === null ? undefined : await versions.get(input.model_name, input.champion_version);
          await models.update(input.model_name, {
            champion_version: input.champion_version ?? undefined,
            champion_score: restored?.metrics.score,
            previous_champion_version: m.champion_version,
            bake: undefined,
          });
          if (restored !== undefined && restored.status !== 'champion')
            await versions.put({ ...restored, status: 'champion' });
        }
        // Reject this run's candidate: named, or (after a failure) found by its task id.
        const candidates =
          input.version !== undefined && input.version !== null
            ? [await versions.get(input.model_name, input.version)]
            : (await versions.list(input.model_name)).filter(
                (v) => v.task_id === input.task_id && v.status === 'candidate',
              );
        for (const v of candidates)
          if (v !== undefined && v.version !== input.champion_version && v.status !== 'rejected')
            await versions.put({ ...v, status: 'rejected' });
        return { deployed: false, champion_version: input.champion_version };
      }),

    /** Finish: record the outcome, free the slot, start queued runs, and build the notice. */
    finish: (
      input: WorkflowInput & {
        outcome: 'deployed' | 'kept' | 'failed';
        version?: string | null;
        candidate_score?: number | null;
        champion_score?: number | null;
        training_samples?: number;
        training_time?: number;
        error?: unknown;
      },
    ) =>
      timed(input.task_id, 'finish', async () => {
        const failed = input.outcome === 'failed';
        const errorText = failed ? describeError(input.error) : undefined;
        await scheduler.complete(input.task_id, {
          success: !failed,
          deployed: input.outcome === 'deployed',
          ...(input.version !== undefined && input.version !== null ? { version: input.version } : {}),
          ...(input.candidate_score !== undefined && input.candidate_score !== null
            ? { accuracy: input.candidate_score }
            : {}),
          ...(input.champion_score !== undefined && input.champion_score !== null
            ? { champion_accuracy: input.champion_score }
            : {}),
          ...(input.training_samples !== undefined ? { training_samples: input.training_samples } : {}),
          ...(input.training_time !== undefined ? { training_time: input.training_time } : {}),
          ...(errorText !== undefined ? { error: errorText } : {}),
        });
        await deps.poke();
        const title =
          input.outcome === 'deployed'
            ? `[RETRAIN] ${input.model_name}: deployed ${input.version ?? ''} (holdout ${fmt(input.candidate_score)} vs champion ${fmt(input.champion_score)})`
            : input.outcome === 'kept'
              ? `[RETRAIN] ${input.model_name}: kept the champion; candidate ${fmt(input.candidate_score)} did not beat ${fmt(input.champion_score)}`
              : `[RETRAIN FAILED] ${input.model_name}: ${errorText ?? 'unknown error'}; champion unchanged`;
        const severity = failed ? 'warning' : 'info';
        const notice: Notice = {
          notice_id: ids.next('notice'),
          model_name: input.model_name,
          audience: 'primary',
          severity,
          state: failed ? 'firing' : 'resolved',
          title,
          alerts: [],
          created_at: iso(),
          retrain: {
            task_id: input.task_id,
            reason: input.reason,
            outcome: input.outcome,
            version: input.version ?? null,
            candidate_score: input.candidate_score ?? null,
            champion_score: input.champion_score ?? null,
          },
        };
        return { message: noticeEnvelope(notice), severity, subject: noticeSubject(notice) };
      }),
  };
}

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : x.toFixed(3);
}

/** The Step Functions Catch output `{Error, Cause}`, or anything else, as text. */
function describeError(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'Error' in error) {
    const e = error as { Error?: unknown; Cause?: unknown };
    const cause = typeof e.Cause === 'string' ? e.Cause : '';
    let message = cause;
    try {
      const parsed = (JSON.parse(cause) as { errorMessage?: unknown }).errorMessage;
      if (typeof parsed === 'string') message = parsed;
    } catch {
      /* the cause is plain text */
    }
    return `${typeof e.Error === 'string' ? e.Error : 'Error'}: ${message}`.slice(0, 500);
  }
  return (error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error').slice(0, 500);
}

export type RetrainSteps = ReturnType<typeof createRetrainSteps>;
export type StepName = keyof RetrainSteps;

type StepInputs = { [K in StepName]: Parameters<RetrainSteps[K]>[0] & { readonly step: K } };

/**
 * Runs the step a payload names; each payload is checked against its own step's input.
 *
 * @example
 * await runStep(steps, { step: 'backup', task_id: 't1', model_name: 'churn', reason: 'manual' });
 */
export function runStep(steps: RetrainSteps, payload: StepInputs[StepName]): Promise<unknown> {
  switch (payload.step) {
    case 'backup':
      return steps.backup(payload);
    case 'collect':
      return steps.collect(payload);
    case 'features':
      return steps.features(payload);
    case 'train':
      return steps.train(payload);
    case 'evaluate':
      return steps.evaluate(payload);
    case 'deploy':
      return steps.deploy(payload);
    case 'verify':
      return steps.verify(payload);
    case 'confirm':
      return steps.confirm(payload);
    case 'rollback':
      return steps.rollback(payload);
    case 'finish':
      return steps.finish(payload);
  }
}
