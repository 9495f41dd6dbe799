import {
  manualRetrainSchema,
  modelConfigSchema,
  modelPathSchema,
  predictSchema,
  retrainConfigSchema,
  rollbackSchema,
} from '#contracts/retraining.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody, parsePath } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { registry as createRegistry } from '#wiring/registry.ts';
import { retrainScheduler } from '#wiring/retraining.ts';

const registry = createRegistry(process.env);
const scheduler = retrainScheduler(process.env);

export const handler = createHttpApi([
  {
    method: 'GET',
    path: '/api/ai/retrain/status',
    handler: async () => ok(await scheduler.status()),
  },
  {
    method: 'PUT',
    path: '/api/ai/retrain/config',
    handler: async (event) => ok({ config: await scheduler.putConfig(parseBody(event, retrainConfigSchema)) }),
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
