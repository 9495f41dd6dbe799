import { createClients } from '#shared/aws/clients.ts';
import { createScheduledHandler } from '#shared/handlers/background.ts';
import { MetricUnit, metrics } from '#shared/observability/index.ts';
import { retrainSchedulerFromEnv } from '#shared/wiring.ts';

const scheduler = retrainSchedulerFromEnv(process.env, createClients());

/** Hourly (EventBridge): retrain models whose `retrain_interval_hours` has passed, and start queued runs. */
export const handler = createScheduledHandler(async () => {
  const due = await scheduler.requestDue();
  await scheduler.dispatch();
  metrics.addMetric('ScheduledRetrains', MetricUnit.Count, due.length);
  return { requested: due };
});
