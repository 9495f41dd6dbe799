import { createClients } from '#shared/aws/clients.ts';
import { alertsQuerySchema, performanceQuerySchema, thresholdsUpdateSchema } from '#shared/contracts/monitoring.schema.ts';
import { createHttpApi } from '#shared/http/api.ts';
import { parseBody, parseQuery } from '#shared/http/parse.ts';
import { ok } from '#shared/http/response.ts';
import { alertStoreFromEnv, monitoringServiceFromEnv } from '#shared/wiring.ts';

const clients = createClients();
const monitoring = monitoringServiceFromEnv(process.env, clients);
const alerts = alertStoreFromEnv(process.env, clients);
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
    handler: async (event) => ok({ thresholds: await monitoring.putThresholds(parseBody(event, thresholdsUpdateSchema)) }),
  },
  {
    method: 'GET',
    path: `${BASE}/alerts`,
    handler: async (event) => {
      const query = parseQuery(event, alertsQuerySchema);
      return ok({ alerts: await alerts.list(query) });
    },
  },
]);
