import { TransientError } from '#domain/kernel/errors.ts';
import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { createLocalWorkflow, RETRAIN_ASL, substitute } from '#local/workflow.ts';
import { createMonitoringService } from '#domain/monitoring/service.ts';
import { createRetrainScheduler } from '#domain/retraining/scheduler.ts';
import { createRetrainSteps, type StepName } from '#domain/retraining/steps.ts';
import { createRegistry } from '#domain/registry/service.ts';
import {
  counterIds,
  FixedClock,
  MemoryAggregates,
  MemoryConfig,
  MemoryEvents,
  MemoryModels,
  MemoryPredictions,
} from '../../support/in-memory.ts';
import { MemoryArtifacts, MemoryTasks, MemoryVersions } from '../../support/in-memory-retraining.ts';
import { mulberry32, normal } from '../../support/random.ts';

const raw = readFileSync(RETRAIN_ASL, 'utf8');

describe('statemachines/retrain.asl.json', () => {
  it('is valid ASL once its placeholders are substituted', () => {
    // Act
    const definition = JSON.parse(
      substitute(raw, {
        RetrainStepFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:step',
        AlertsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
      }),
    ) as object;
    const { isValid, errors } = aslValidator(definition);

    // Assess
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('fails on any placeholder left unsubstituted and hard-codes no resource', () => {
    expect(() => substitute(raw, { RetrainStepFunctionArn: 'x' })).toThrow(
      'unsubstituted placeholder ${AlertsTopicArn}',
    );
    const states = Object.values(
      (JSON.parse(raw) as { States: Record<string, { Parameters?: { FunctionName?: string; TopicArn?: string } }> })
        .States,
    );
    const functions = states.flatMap((s) =>
      s.Parameters?.FunctionName === undefined ? [] : [s.Parameters.FunctionName],
    );
    const topics = states.flatMap((s) => (s.Parameters?.TopicArn === undefined ? [] : [s.Parameters.TopicArn]));
    expect(new Set(functions)).toEqual(new Set(['${RetrainStepFunctionArn}']));
    expect(new Set(topics)).toEqual(new Set(['${AlertsTopicArn}']));
  });

  it('gives every state a Comment, every task a Catch or a retry, and routes every Catch to the restore', () => {
    const states = (
      JSON.parse(raw) as {
        States: Record<string, { Type: string; Comment?: string; Catch?: { Next: string }[]; Retry?: unknown[] }>;
      }
    ).States;
    const entries = Object.entries(states);
    expect(entries.filter(([, s]) => s.Comment === undefined || s.Comment === '').map(([n]) => n)).toEqual([]);
    expect(entries.filter(([, s]) => s.Type === 'Task' && s.Retry === undefined).map(([n]) => n)).toEqual([]);
    const catchTargets = new Set(entries.flatMap(([, s]) => (s.Catch ?? []).map((c) => c.Next)));
    expect(catchTargets).toEqual(new Set(['RestoreAfterFailure', 'FinishFailed', 'VerificationFailed']));
    // Every task before the outcome is known routes failures to the restore.
    for (const name of [
      'Backup',
      'CollectData',
      'EngineerFeatures',
      'Train',
      'Evaluate',
      'Deploy',
      'KeepChampion',
      'FinishDeployed',
      'FinishKept',
    ]) {
      expect(states[name]?.Catch?.[0]?.Next, name).toBe('RestoreAfterFailure');
    }
    expect(Object.keys(states)).toEqual(
      expect.arrayContaining([
        'Backup',
        'CollectData',
        'EngineerFeatures',
        'Train',
        'Evaluate',
        'IsBetter',
        'Deploy',
        'KeepChampion',
        'Notify',
        'Bake',
        'VerifyLive',
        'Rollback',
        'Confirm',
      ]),
    );
    // After a deploy the run bakes, verifies live, and rolls back or confirms.
    const next = (name: string) => (states[name] as { Next?: string } | undefined)?.Next;
    expect(['FinishDeployed', 'NotifyDeployed', 'Bake', 'VerifyLive'].map(next)).toEqual([
      'NotifyDeployed',
      'Bake',
      'VerifyLive',
      'IsLiveOk',
    ]);
  });
});

function setup(
  options: { fail?: StepName; failTimes?: number; stepDelayMs?: number; liveAccuracy?: number | null } = {},
) {
  const clock = new FixedClock(Date.parse('2026-03-01T00:00:00Z'));
  const models = new MemoryModels();
  const predictions = new MemoryPredictions();
  const config = new MemoryConfig();
  const tasks = new MemoryTasks();
  const versions = new MemoryVersions();
  const artifacts = new MemoryArtifacts();
  const ids = counterIds();
  const monitoring = createMonitoringService({
    predictions,
    aggregates: new MemoryAggregates(),
    models,
    config,
    events: new MemoryEvents(),
    clock,
    ids,
  });
  const published: {
    Subject?: string;
    Message: string;
    MessageAttributes?: Record<string, { StringValue?: string }>;
  }[] = [];
  const runs: Promise<unknown>[] = [];
  let failures = options.failTimes ?? Infinity;
  let failAt: StepName | undefined = options.fail;
  // eslint-disable-next-line prefer-const -- assigned after the scheduler that needs it is built
  let workflow: ReturnType<typeof createLocalWorkflow>;
  const scheduler = createRetrainScheduler({
    tasks,
    models,
    config,
    clock,
    ids,
    starter: {
      start: (input) => {
        runs.push(workflow.run(input).catch((e: unknown) => e));
        return Promise.resolve(`local:${input.task_id}`);
      },
    },
  });
  const steps = createRetrainSteps({
    models,
    versions,
    artifacts,
    history: predictions,
    scheduler,
    clock,
    ids,
    poke: async () => {
      await scheduler.dispatch();
    },
    liveQuality: {
      of: () =>
        Promise.resolve(
          options.liveAccuracy === undefined || options.liveAccuracy === null
            ? { accuracy: null, source: 'none' as const }
            : { accuracy: options.liveAccuracy, source: 'outcomes' as const },
        ),
    },
  });
  workflow = createLocalWorkflow({
    noRetryWait: true,
    bakeWaitMs: 0,
    invoke: async (payload) => {
      const step = payload.step as StepName;
      if (options.stepDelayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.stepDelayMs));
      if (step === failAt && failures > 0) {
        failures--;
        throw step === 'collect' && options.failTimes !== undefined
          ? new TransientError('throttled')
          : new Error(`injected failure in ${step}`);
      }
      return (steps[step] as (p: unknown) => Promise<unknown>)(payload);
    },
    publish: async (p) => {
      published.push(p);
      return Promise.resolve();
    },
  });
  const registry = createRegistry({ models, versions, artifacts, monitoring, clock });
  const rand = mulberry32(3);
  /** Labelled predictions of a regression model whose target is 10x + noise (or pure noise). */
  const data = async (model: string, n: number, learnable: boolean) => {
    for (let i = 0; i < n; i++) {
      const x = normal(rand, 5, 2);
      const id = `${model}-${clock.now()}-${i}`;
      await monitoring.logPredictions([
        {
          model_name: model,
          prediction_id: id,
          task_type: 'regression',
          prediction_data: { input_features: { x, noise: rand() } },
          result: { prediction: 0, response_time: 0.01 },
        },
      ]);
      await monitoring.updateResult({
        prediction_id: id,
        actual_result: { y: learnable ? 10 * x + normal(rand) : 50 + normal(rand, 0, 30) },
      });
      clock.advance(1000);
    }
    await registry.putConfig(model, { min_samples: 50, hyperparameters: { n_estimators: 10 } });
  };
  const settle = async () => {
    for (let i = 0; i < runs.length; i++) await runs[i];
  };
  return {
    clock,
    models,
    tasks,
    versions,
    artifacts,
    config,
    scheduler,
    registry,
    published,
    data,
    settle,
    runs,
    failAt: (step: StepName | undefined) => {
      failAt = step;
    },
  };
}

describe('retrain workflow (aws-local-stepfunctions, the same ASL)', () => {
  it('deploys the first model, then deploys a better one and keeps the champion against a worse one', async () => {
    // Prepare
    const { data, scheduler, settle, models, versions, published } = setup();
    await data('sales', 200, true);

    // Act: first run (no champion) deploys
    const first = await scheduler.request('sales', 'manual');
    await settle();
    const championAfterFirst = (await models.get('sales'))?.champion_version;
    // Second run on pure noise: the candidate is worse, the champion stays
    await data('sales', 200, false);
    await scheduler.request('sales', 'manual');
    await settle();

    // Assess
    expect(first.status).toBe('running');
    expect(championAfterFirst).toBeDefined();
    expect((await models.get('sales'))?.champion_version).toBe(championAfterFirst);
    const all = await versions.list('sales');
    expect(all.map((v) => v.status).sort()).toEqual(['champion', 'rejected']);
    expect(published.map((p) => p.MessageAttributes?.severity?.StringValue)).toEqual(['info', 'info']);
    expect(published[0]?.Subject).toContain('deployed');
    expect(published[1]?.Subject).toContain('kept the champion');
    const status = await scheduler.status();
    expect(status).toMatchObject({ active_tasks: 0, completed_tasks: 2 });
    expect(status.recent_completed[0]?.result).toMatchObject({ success: true });
    expect((await models.get('sales'))?.training_active).toBe(false);
  });

  it.each(['backup', 'collect', 'features', 'train', 'evaluate', 'deploy'] as const)(
    'leaves the champion unchanged and notifies when %s fails',
    async (step) => {
      // Prepare: a first run deploys a champion
      const s = setup();
      await s.data('m', 150, true);
      await s.scheduler.request('m', 'manual');
      await s.settle();
      const champion = (await s.models.get('m'))?.champion_version;
      await s.data('m', 100, true);
      // Any candidate counts as better, so the run reaches Deploy unless it fails first.
      await s.config.put('retrain', { improvement_margin: -1 });
      s.failAt(step);

      // Act
      await s.scheduler.request('m', 'manual');
      await s.settle();

      // Assess
      expect(champion).toBeDefined();
      expect((await s.models.get('m'))?.champion_version).toBe(champion);
      expect((await s.versions.get('m', champion ?? ''))?.status).toBe('champion');
      expect((await s.versions.list('m')).filter((v) => v.status === 'candidate')).toEqual([]);
      const last = s.published[s.published.length - 1];
      expect(last?.MessageAttributes?.severity?.StringValue).toBe('warning');
      expect(last?.Subject).toContain('RETRAIN FAILED');
      expect(JSON.parse(last?.Message ?? '{}')).toMatchObject({
        type: 'alert_notice',
        notice: { retrain: { outcome: 'failed' } },
      });
      const [failed] = await s.tasks.listByStatus('failed', 10);
      expect(failed?.result?.error).toContain(`injected failure in ${step}`);
      expect(s.tasks.active).toBe(0);
      expect(s.tasks.locks.size).toBe(0);
      expect((await s.models.get('m'))?.training_active).toBe(false);
    },
  );

  /** A champion, then a run whose candidate counts as better, baked and verified at `live`. */
  async function bakedRun(live: number | null) {
    const s = setup({ liveAccuracy: live });
    await s.data('m', 150, true);
    await s.scheduler.request('m', 'manual');
    await s.settle();
    const first = (await s.models.get('m'))?.champion_version ?? '';
    await s.data('m', 100, true);
    await s.config.put('retrain', { improvement_margin: -0.5 });
    await s.scheduler.request('m', 'manual');
    await s.settle();
    const second = (await s.versions.list('m')).find((v) => v.version !== first)?.version ?? '';
    const model = await s.models.get('m');
    return { ...s, first, second, model, subjects: s.published.map((p) => p.Subject ?? '') };
  }

  it('rolls a new champion back after its bake when it does worse live, in the Rollback state', async () => {
    // Act
    const r = await bakedRun(0.2);

    // Assess
    expect(r.model?.champion_version).toBe(r.first);
    expect(r.model?.bake).toBeUndefined();
    expect((await r.versions.get('m', r.first))?.status).toBe('champion');
    expect((await r.versions.get('m', r.second))?.status).toBe('rejected');
    expect(r.subjects[1]).toContain('deployed');
    expect(r.subjects[2]).toContain('[ROLLBACK] m');
    expect(JSON.parse(r.published[2]?.Message ?? '{}')).toMatchObject({
      notice: { retrain: { outcome: 'rolled_back' } },
    });
  });

  it.each([1, null])('confirms a new champion whose live accuracy is %s after its bake', async (live) => {
    // Act
    const r = await bakedRun(live);

    // Assess
    expect(r.model?.champion_version).toBe(r.second);
    expect(r.model?.bake).toBeUndefined();
    expect((await r.versions.get('m', r.second))?.status).toBe('champion');
    expect((await r.versions.get('m', r.first))?.status).toBe('archived');
    expect(r.subjects).toHaveLength(2);
  });

  it('answers a first run that fails with no champion at all', async () => {
    const s = setup({ fail: 'train' });
    await s.data('m', 150, true);
    await s.scheduler.request('m', 'manual');
    await s.settle();
    expect((await s.models.get('m'))?.champion_version).toBeUndefined();
    expect((await s.scheduler.status()).failed_tasks).toBe(1);
  });

  it('retries a transient failure and then succeeds', async () => {
    const s = setup({ fail: 'collect', failTimes: 2 });
    await s.data('m', 150, true);
    await s.scheduler.request('m', 'manual');
    await s.settle();
    expect((await s.models.get('m'))?.champion_version).toBeDefined();
  });

  it('runs at most max_concurrent_tasks at once with 5 simultaneous triggers, and queues the rest', async () => {
    // Prepare: slow steps, so runs overlap
    const s = setup({ stepDelayMs: 20 });
    for (const m of ['a', 'b', 'c', 'd', 'e']) await s.data(m, 80, true);

    // Act
    const requested = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((m) => s.scheduler.request(m, 'manual')));
    const during = await s.scheduler.status();
    for (let i = 0; i < 10 && s.runs.length < 5; i++) await s.settle();
    await s.settle();

    // Assess
    expect(requested.filter((t) => t.status === 'running').length).toBeLessThanOrEqual(2);
    expect(during.active_tasks).toBe(2);
    expect(during.queued_tasks).toBe(3);
    expect(s.tasks.maxActiveSeen).toBe(2);
    expect((await s.scheduler.status()).completed_tasks).toBe(5);
  });

  it('coalesces a second request for a model that already has one queued', async () => {
    const s = setup();
    await s.config.put('retrain', { max_concurrent_tasks: 1 });
    for (const m of ['a', 'b']) await s.data(m, 80, true);
    await s.scheduler.request('a', 'manual');
    const q1 = await s.scheduler.request('b', 'manual');
    const q2 = await s.scheduler.request('b', 'model_drift');
    expect(q2.task_id).toBe(q1.task_id);
    await s.settle();
    await s.settle();
  });
});
