import { DynamoRetrainTaskStore } from '#adapters/dynamodb/retrain-tasks.adapter.ts';
import { SfnWorkflowStarter } from '#adapters/sfn/workflow-starter.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { createRetrainScheduler, createRunLedger } from '#domain/retraining/scheduler.ts';
import { createRetrainSteps } from '#domain/retraining/steps.ts';
import type { LiveQuality } from '#domain/retraining/retraining.ports.ts';
import { readDoc } from '#domain/kernel/config-docs.ts';
import { THRESHOLDS_DOC } from '#domain/kernel/settings.ts';
import { assessModel, liveAccuracy } from '#domain/monitoring/assess.ts';
import { documents, sfn } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import {
  aggregates,
  artifacts,
  config,
  models,
  predictions,
  randomIds,
  retrainQueue,
  versions,
  type Env,
} from './stores.ts';

/** Composition root of retraining: the scheduler and the workflow's steps. */

const retrainTasks = (env: Env) => new DynamoRetrainTaskStore(documents(), requireString(env, ENV.retrainTasksTable));

export function retrainScheduler(env: Env) {
  return createRetrainScheduler({
    tasks: retrainTasks(env),
    models: models(env),
    config: config(env),
    starter: new SfnWorkflowStarter(sfn(), requireString(env, ENV.stateMachineArn)),
    clock: systemClock,
    ids: randomIds,
  });
}

/**
 * Retraining's LiveQuality from monitoring's assessment: the serving version's own window
 * (realised accuracy once min_samples outcomes, else the label-free estimate).
 */
export function liveQuality(env: Env): LiveQuality {
  return {
    async of(modelName, version) {
      const model = await models(env).get(modelName);
      if (model?.champion_version !== version) return { accuracy: null, source: 'none' };
      const t = await readDoc(config(env), THRESHOLDS_DOC);
      return liveAccuracy(await assessModel(aggregates(env), model, t, systemClock.now()), t, true);
    },
  };
}

/** The step function's dependencies: it needs no state machine ARN (it pokes the queue instead), which keeps CDK free of a cycle. */
export function retrainSteps(env: Env) {
  const queue = retrainQueue(env);
  const ledger = createRunLedger({
    tasks: retrainTasks(env),
    models: models(env),
    config: config(env),
    clock: systemClock,
  });
  return createRetrainSteps({
    models: models(env),
    versions: versions(env),
    artifacts: artifacts(env),
    history: predictions(env),
    scheduler: ledger,
    clock: systemClock,
    ids: randomIds,
    poke: () => queue.poke(),
    liveQuality: liveQuality(env),
  });
}
