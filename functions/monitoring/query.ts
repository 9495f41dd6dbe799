import { driftQuerySchema } from '#contracts/alerting.schema.ts';
import {
  monitoringSettingsUpdateSchema,
  performanceQuerySchema,
  thresholdsUpdateSchema,
} from '#contracts/monitoring.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { auditLog } from '#wiring/audit.ts';
import { parseBody, parseQuery } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { driftService } from '#wiring/drift.ts';
import { monitoringService } from '#wiring/monitoring.ts';

const monitoring = monitoringService(process.env, { readsMetrics: true });
const drift = driftService(process.env);

export const handler = createHttpApi(
  'monitoringQuery',
  {
    getPerformance: async (event) => {
      const { model_name, hours } = parseQuery(event, performanceQuerySchema);
      return ok(await monitoring.getPerformance(model_name, hours));
    },
    getMetricHistory: async (event) => {
      const { model_name, hours } = parseQuery(event, performanceQuerySchema);
      return ok({ model_name, hours, series: await monitoring.getMetricHistory(model_name, hours) });
    },
    getSummary: async () => ok({ summary: await monitoring.getSummary() }),
    getThresholds: async () => ok({ thresholds: await monitoring.getThresholds() }),
    putThresholds: async (event) =>
      ok({ thresholds: await monitoring.putThresholds(parseBody(event, thresholdsUpdateSchema)) }),
    getMonitoringSettings: async () => ok({ settings: await monitoring.getSettings() }),
    putMonitoringSettings: async (event) =>
      ok({ settings: await monitoring.putSettings(parseBody(event, monitoringSettingsUpdateSchema)) }),
    getDrift: async (event) => {
      const { model_name, refresh } = parseQuery(event, driftQuerySchema);
      const { drift: report, estimate } = await drift.report(model_name, refresh === 'true');
      return ok({ model_name, drift: report, estimate: estimate ?? null });
    },
  },
  { audit: auditLog(process.env) },
);
