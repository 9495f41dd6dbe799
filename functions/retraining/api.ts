import { createClients } from '#shared/aws/clients.ts';
import { manualRetrainSchema, modelConfigSchema, modelPathSchema, predictSchema, retrainConfigSchema, rollbackSchema } from '#shared/contracts/retraining.schema.ts';
import { createHttpApi } from '#shared/http/api.ts';
import { parseBody, parsePath } from '#shared/http/parse.ts';
import { ok } from '#shared/http/response.ts';
import { SETTINGS_KEY, THRESHOLDS_KEY } from '#shared/monitoring/service.ts';
import { RETRAIN_CONFIG_KEY } from '#shared/retraining/scheduler.ts';
import { configStoreFromEnv, registryFromEnv, retrainSchedulerFromEnv } from '#shared/wiring.ts';

const clients = createClients();
const registry = registryFromEnv(process.env, clients);
const scheduler = retrainSchedulerFromEnv(process.env, clients);
const config = configStoreFromEnv(process.env, clients);

export const handler = createHttpApi([
  {
    method: 'GET',
    path: '/api/ai/retrain/status',
    handler: async () => ok(await scheduler.status()),
  },
  {
    method: 'PUT',
    path: '/api/ai/retrain/config',
    handler: async (event) => {
      const update = parseBody(event, retrainConfigSchema);
      const next = { ...(await scheduler.retrainConfig()), ...update };
      await config.put(RETRAIN_CONFIG_KEY, { ...next });
      // One effective value: the drift scan and the summary read these too.
      await config.put(SETTINGS_KEY, { ...(await config.get(SETTINGS_KEY)), auto_retrain_enabled: next.auto_retrain_enabled });
      await config.put(THRESHOLDS_KEY, { ...(await config.get(THRESHOLDS_KEY)), drift_threshold: next.drift_threshold });
      return ok({ config: next });
    },
  },
  {
    method: 'POST',
    path: '/api/ai/retrain/manual',
    handler: async (event) => {
      const { model_name } = parseBody(event, manualRetrainSchema);
      return ok({ task: await scheduler.request(model_name, 'manual') }, 202);
    },
  },
  {
    method: 'GET',
    path: '/api/ai/models/{name}',
    handler: async (event) => ok({ model: await registry.getModel(parsePath(event, modelPathSchema).name) }),
  },
  {
    method: 'PUT',
    path: '/api/ai/models/{name}',
    handler: async (event) => {
      const { name } = parsePath(event, modelPathSchema);
      return ok({ config: await registry.putConfig(name, parseBody(event, modelConfigSchema)) });
    },
  },
  {
    method: 'GET',
    path: '/api/ai/models/{name}/versions',
    handler: async (event) => ok({ versions: await registry.listVersions(parsePath(event, modelPathSchema).name) }),
  },
  {
    method: 'POST',
    path: '/api/ai/models/{name}/rollback',
    handler: async (event) => {
      const { name } = parsePath(event, modelPathSchema);
      return ok(await registry.rollback(name, parseBody(event, rollbackSchema).version));
    },
  },
  {
    method: 'POST',
    path: '/api/ai/models/{name}/predict',
    handler: async (event) => {
      const { name } = parsePath(event, modelPathSchema);
      return ok(await registry.predict(name, parseBody(event, predictSchema).input_features));
    },
  },
]);
