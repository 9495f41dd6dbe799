import {
  manualRetrainSchema,
  modelConfigSchema,
  modelPathSchema,
  predictSchema,
  retrainConfigSchema,
  rollbackSchema,
} from '#contracts/retraining.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { auditLog } from '#wiring/audit.ts';
import { parseBody, parsePath } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { registry as createRegistry } from '#wiring/registry.ts';
import { retrainScheduler } from '#wiring/retraining.ts';

const registry = createRegistry(process.env);
const scheduler = retrainScheduler(process.env);

export const handler = createHttpApi(
  'retrainApi',
  {
    getRetrainStatus: async () => ok(await scheduler.status()),
    putRetrainConfig: async (event) => {
      const { model_configs, ...settings } = parseBody(event, retrainConfigSchema);
      const configs = model_configs === undefined ? undefined : await registry.putConfigs(model_configs);
      const config = await scheduler.putConfig(settings);
      return ok({ config, ...(configs !== undefined ? { model_configs: configs } : {}) });
    },
    requestRetrain: async (event) => {
      const { model_name } = parseBody(event, manualRetrainSchema);
      return ok({ task: await scheduler.request(model_name, 'manual') }, 202);
    },
    getModel: async (event) => ok({ model: await registry.getModel(parsePath(event, modelPathSchema).name) }),
    putModelConfig: async (event) => {
      const { name } = parsePath(event, modelPathSchema);
      return ok({ config: await registry.putConfig(name, parseBody(event, modelConfigSchema)) });
    },
    listVersions: async (event) =>
      ok({ versions: await registry.listVersions(parsePath(event, modelPathSchema).name) }),
    rollbackModel: async (event) => {
      const { name } = parsePath(event, modelPathSchema);
      return ok(await registry.rollback(name, parseBody(event, rollbackSchema).version));
    },
    predict: async (event) => {
      const { name } = parsePath(event, modelPathSchema);
      return ok(await registry.predict(name, parseBody(event, predictSchema).input_features));
    },
  },
  { audit: auditLog(process.env) },
);
