import { systemClock } from '#domain/kernel/time.ts';
import { createRegistry } from '#domain/registry/service.ts';
import { monitoringService } from './monitoring.ts';
import { artifacts, models, versions, type Env } from './stores.ts';

/** Composition root of the model registry; served predictions are logged through monitoring. */
export function registry(env: Env) {
  return createRegistry({
    models: models(env),
    versions: versions(env),
    artifacts: artifacts(env),
    monitoring: monitoringService(env),
    clock: systemClock,
  });
}
