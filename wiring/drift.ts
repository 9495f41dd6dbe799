import { createDriftService } from '#domain/drift/service.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { performanceDrift } from '#domain/monitoring/assess.ts';
import {
  aggregates,
  artifacts,
  config,
  models,
  modelEvents,
  predictions,
  retrainQueue,
  versions,
  type Env,
} from './stores.ts';

/** Composition root of the drift scan: references from the registry, performance drift from monitoring. */
export function driftService(env: Env) {
  const versionStore = versions(env);
  const artifactStore = artifacts(env);
  return createDriftService({
    references: {
      forChampion: async (model) => {
        const v =
          model.champion_version === undefined
            ? undefined
            : await versionStore.get(model.model_name, model.champion_version);
        return v === undefined ? undefined : artifactStore.getJson<Record<string, unknown>[]>(v.reference_key);
      },
    },
    models: models(env),
    history: predictions(env),
    performance: performanceDrift(aggregates(env)),
    config: config(env),
    retrain: retrainQueue(env),
    clock: systemClock,
  });
}

export { modelEvents };
