import { createScheduledHandler } from '#platform/lambda/background.ts';
import { MetricUnit, metrics } from '#platform/observability/index.ts';
import { incidents as incidentsOf } from '#wiring/incidents.ts';

const incidents = incidentsOf(process.env);

/** Every minute (EventBridge): an incident for each new critical alert; those whose alerts resolved are resolved. */
export const handler = createScheduledHandler('incidentSync', async () => {
  const result = await incidents.sync();
  metrics.addMetric('IncidentsOpened', MetricUnit.Count, result.opened);
  return result;
});
