import { RETRAIN_DOC } from '#domain/kernel/settings.ts';
import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import type { ModelStore } from '#domain/kernel/model.ports.ts';
import { SETTINGS_DOC, THRESHOLDS_DOC, type RetrainConfig } from '#domain/kernel/settings.ts';
import { NotFoundError } from '#domain/kernel/errors.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import type { RetrainTaskStore, WorkflowStarter } from './retraining.ports.ts';
import { configDoc, readDoc, updateDoc } from '#domain/kernel/config-docs.ts';
import { STEP_WEIGHTS, type RetrainReason, type RetrainTask } from './types.ts';

export interface SchedulerDeps {
  readonly tasks: RetrainTaskStore;
  readonly models: ModelStore;
  readonly config: ConfigStore;
  readonly starter: WorkflowStarter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Seconds per step, learnt from past runs; these defaults hold until then. */
const STEP_DURATIONS_DOC = configDoc<Record<string, number>>('retrain_step_durations', {
  backup: 1,
  collect: 5,
  features: 2,
  train: 30,
  evaluate: 3,
  deploy: 1,
  finish: 1,
});
const STEPS = Object.keys(STEP_WEIGHTS);

/**
 * The bookkeeping of runs in progress: settings, step progress with ETAs, learnt step
 * durations, and ending a run (freeing the model and its slot). The workflow's steps need only
 * this; starting runs is the scheduler's.
 */
export function createRunLedger(deps: Pick<SchedulerDeps, 'tasks' | 'models' | 'config' | 'clock'>) {
  const { tasks, models, config, clock } = deps;
  const iso = () => new Date(clock.now()).toISOString();

  async function retrainConfig(): Promise<RetrainConfig> {
    const [own, thresholds, settings] = await Promise.all([
      readDoc(config, RETRAIN_DOC),
      readDoc(config, THRESHOLDS_DOC),
      readDoc(config, SETTINGS_DOC),
    ]);
    return { ...own, drift_threshold: thresholds.drift_threshold, auto_retrain_enabled: settings.auto_retrain_enabled };
  }

  const stepSeconds = (): Promise<Record<string, number>> => readDoc(config, STEP_DURATIONS_DOC);

  return {
    retrainConfig,

    /** Records a step's progress and ETA (from past step durations). */
    async progress(taskId: string, step: string): Promise<void> {
      const idx = STEPS.indexOf(step);
      const done = STEPS.slice(0, Math.max(0, idx)).reduce((s, k) => s + (STEP_WEIGHTS[k] ?? 0), 0);
      const seconds = await stepSeconds();
      const eta = STEPS.slice(Math.max(0, idx)).reduce((s, k) => s + (seconds[k] ?? 0), 0);
      await tasks.update(taskId, { step, progress: done, estimated_time: Math.round(eta) });
    },

    /** Learns step durations (exponential moving average) for future ETAs. */
    async recordStepDuration(step: string, seconds: number): Promise<void> {
      const current = await stepSeconds();
      const prev = current[step] ?? seconds;
      await updateDoc(config, STEP_DURATIONS_DOC, { [step]: Math.round((0.7 * prev + 0.3 * seconds) * 100) / 100 });
    },

    /** Ends a run: records the result, frees the model and the slot. The next dispatch is the caller's. */
    async complete(taskId: string, result: NonNullable<RetrainTask['result']>): Promise<RetrainTask> {
      const task = await tasks.get(taskId);
      if (task === undefined) throw new NotFoundError(`retrain task '${taskId}' is not known`);
      if (task.status !== 'running') return task;
      const done = await tasks.update(taskId, {
        status: result.success ? 'completed' : 'failed',
        completed_at: iso(),
        progress: 100,
        estimated_time: 0,
        step: 'done',
        result,
      });
      await models.update(task.model_name, { training_active: false });
      await tasks.unlockModel(task.model_name, taskId);
      await tasks.releaseSlot();
      return done;
    },
  };
}

export type RunLedger = ReturnType<typeof createRunLedger>;

/**
 * Retraining requests in, workflow executions out, never more than `max_concurrent_tasks` at
 * once and one per model.
 *
 * Concurrency uses conditional writes (no transactions; the local emulator has none): a slot
 * counter that only increments below the limit, and a per-model lock. A request finding no slot
 * stays queued; every finished run dispatches the next.
 */
export function createRetrainScheduler(deps: SchedulerDeps) {
  const { tasks, models, config, starter, clock, ids } = deps;
  const iso = () => new Date(clock.now()).toISOString();
  const ledger = createRunLedger(deps);
  const { retrainConfig } = ledger;

  async function dispatch(): Promise<RetrainTask[]> {
    const cfg = await retrainConfig();
    const started: RetrainTask[] = [];
    for (const task of await tasks.listByStatus('queued', 25)) {
      if (!(await tasks.acquireSlot(cfg.max_concurrent_tasks))) break;
      // Claim the task, then the model; undo the earlier claims when a later one is lost.
      const running = await tasks.transition(task.task_id, 'queued', {
        status: 'running',
        started_at: iso(),
        step: 'backup',
        progress: 0,
      });
      if (running === undefined) {
        await tasks.releaseSlot();
        continue;
      }
      if (!(await tasks.lockModel(task.model_name, task.task_id))) {
        await tasks.transition(task.task_id, 'running', { status: 'queued' });
        await tasks.releaseSlot();
        continue;
      }
      try {
        await models.update(task.model_name, { training_active: true });
        const champion = (await models.get(task.model_name))?.champion_version ?? null;
        const execution = await starter.start({
          task_id: running.task_id,
          model_name: running.model_name,
          reason: running.reason,
          champion_at_start: champion,
        });
        started.push(await tasks.update(task.task_id, { execution_id: execution }));
      } catch (error) {
        await tasks.update(task.task_id, {
          status: 'failed',
          completed_at: iso(),
          result: { success: false, deployed: false, error: `could not start: ${(error as Error).message}` },
        });
        await models.update(task.model_name, { training_active: false }).catch(() => undefined);
        await tasks.unlockModel(task.model_name, task.task_id);
        await tasks.releaseSlot();
      }
    }
    return started;
  }

  return {
    ...ledger,
    dispatch,

    /** `PUT /retrain/config`: each setting is stored in the one document that owns it. */
    async putConfig(update: Partial<RetrainConfig>): Promise<RetrainConfig> {
      const { drift_threshold, auto_retrain_enabled, ...own } = update;
      if (Object.keys(own).length > 0) await updateDoc(config, RETRAIN_DOC, own);
      if (drift_threshold !== undefined) await updateDoc(config, THRESHOLDS_DOC, { drift_threshold });
      if (auto_retrain_enabled !== undefined) await updateDoc(config, SETTINGS_DOC, { auto_retrain_enabled });
      return retrainConfig();
    },

    /**
     * Queues a retrain of a model unless one is already queued for it, then dispatches.
     * 1. 404 for an unknown model.
     * 2. Reuse a queued task of the same model (requests are coalesced, never dropped).
     * 3. Otherwise queue a new task and try to start it.
     */
    async request(modelName: string, reason: RetrainReason): Promise<RetrainTask> {
      if ((await models.get(modelName)) === undefined) throw new NotFoundError(`model '${modelName}' is not known`);
      const queued = (await tasks.listByStatus('queued', 100)).find((t) => t.model_name === modelName);
      const task = queued ?? {
        task_id: ids.next(`retrain_${modelName}`),
        model_name: modelName,
        reason,
        status: 'queued' as const,
        created_at: iso(),
        progress: 0,
      };
      if (queued === undefined) await tasks.create(task);
      await dispatch();
      return (await tasks.get(task.task_id)) ?? task;
    },

    /** Requests retrains of models whose last training is older than their interval. */
    async requestDue(): Promise<string[]> {
      const cfg = await retrainConfig();
      if (!cfg.auto_retrain_enabled) return [];
      const now = clock.now();
      const due: string[] = [];
      for (const m of await models.list()) {
        if (m.config === undefined) continue;
        const hours = m.config.retrain_interval_hours;
        const last =
          m.last_training === undefined || m.last_training === null
            ? Date.parse(m.created_at)
            : Date.parse(m.last_training);
        if (now - last >= hours * 3_600_000) due.push(m.model_name);
      }
      for (const name of due) await this.request(name, 'schedule');
      return due;
    },

    /** `GET /api/ai/retrain/status` in the seed's shape. */
    async status() {
      const [cfg, running, completed, failed, queued] = await Promise.all([
        retrainConfig(),
        tasks.listByStatus('running', 100),
        tasks.listByStatus('completed', 1000),
        tasks.listByStatus('failed', 1000),
        tasks.listByStatus('queued', 100),
      ]);
      const finished = [...completed, ...failed].sort((a, b) =>
        (b.completed_at ?? '').localeCompare(a.completed_at ?? ''),
      );
      return {
        active_tasks: running.length,
        queued_tasks: queued.length,
        completed_tasks: completed.length,
        failed_tasks: failed.length,
        config: {
          auto_retrain_enabled: cfg.auto_retrain_enabled,
          drift_threshold: cfg.drift_threshold,
          performance_threshold: cfg.performance_threshold,
          max_concurrent_tasks: cfg.max_concurrent_tasks,
          retrain_interval_hours: cfg.retrain_interval_hours,
          backup_models: cfg.backup_models,
          improvement_margin: cfg.improvement_margin,
          bake_minutes: cfg.bake_minutes,
          drift_retrain_cooldown_minutes: cfg.drift_retrain_cooldown_minutes,
        },
        active_tasks_detail: running.map((t) => ({
          task_id: t.task_id,
          model_name: t.model_name,
          progress: t.progress,
          estimated_time: t.estimated_time ?? null,
          reason: t.reason,
          step: t.step ?? null,
        })),
        queued_tasks_detail: queued.map((t) => ({
          task_id: t.task_id,
          model_name: t.model_name,
          reason: t.reason,
          created_at: t.created_at,
        })),
        recent_completed: finished.slice(0, 20).map((t) => ({
          task_id: t.task_id,
          model_name: t.model_name,
          status: t.status,
          completed_at: t.completed_at ?? null,
          result: {
            success: t.result?.success ?? false,
            deployed: t.result?.deployed ?? false,
            accuracy: t.result?.accuracy ?? null,
            training_samples: t.result?.training_samples ?? null,
            training_time: t.result?.training_time ?? null,
            ...(t.result?.error !== undefined ? { error: t.result.error } : {}),
          },
        })),
      };
    },
  };
}

export type RetrainScheduler = ReturnType<typeof createRetrainScheduler>;
