import { driftQuerySchema } from '#contracts/alerting.schema.ts';
import { performanceQuerySchema, thresholdsUpdateSchema } from '#contracts/monitoring.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody, parseQuery } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { driftService } from '#wiring/drift.ts';
import { monitoringService } from '#wiring/monitoring.ts';

const monitoring = monitoringService(process.env);
const drift = driftService(process.env);
const BASE = '/api/ai/monitoring';

export const handler = createHttpApi([
  {
    method: 'GET',
    path: `${BASE}/performance`,
    handler: async (event) => {
      const { model_name, hours } = parseQuery(event, performanceQuerySchema);
      return ok(await monitoring.getPerformance(model_name, hours));
    },
  },
  {
    method: 'GET',
    path: `${BASE}/summary`,
    handler: async () => ok({ summary: await monitoring.getSummary() }),
  },
  {
    method: 'GET',
    path: `${BASE}/thresholds`,
    handler: async () => ok({ thresholds: await monitoring.getThresholds() }),
  },
  {
    method: 'PUT',
    path: `${BASE}/thresholds`,
    handler: async (event) =>
      ok({ thresholds: await monitoring.putThresholds(parseBody(event, thresholdsUpdateSchema)) }),
  },
  {
    method: 'GET',
    path: `${BASE}/drift`,
    handler: async (event) => {
      const { model_name, refresh } = parseQuery(event, driftQuerySchema);
      const { drift: report, estimate } = await drift.report(model_name, refresh === 'true');
      return ok({ model_name, drift: report, estimate: estimate ?? null });
    },
  },
]);
