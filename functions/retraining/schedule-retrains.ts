import { createScheduledHandler } from '#platform/lambda/background.ts';
import { MetricUnit, metrics } from '#platform/observability/index.ts';
import { retrainScheduler } from '#wiring/retraining.ts';

const scheduler = retrainScheduler(process.env);

/** Hourly (EventBridge): retrain models whose `retrain_interval_hours` has passed, and start queued runs. */
export const handler = createScheduledHandler('retrainSchedule', async () => {
  const due = await scheduler.requestDue();
  await scheduler.dispatch();
  metrics.addMetric('ScheduledRetrains', MetricUnit.Count, due.length);
  return { requested: due };
});
