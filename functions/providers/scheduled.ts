import { createScheduledHandler } from '#platform/lambda/background.ts';
import { MetricUnit, metrics } from '#platform/observability/index.ts';
import { aiOperations } from '#wiring/providers.ts';

const operations = aiOperations(process.env);

/** Every 5 minutes (EventBridge): budgets, SLO burn rates, real-time rules, key ages; hourly health tests. */
export const handler = createScheduledHandler('aiOpsSchedule', async () => {
  const result = await operations.runSchedule();
  metrics.addMetric('AiHealthTests', MetricUnit.Count, result.health_tests);
  return result;
});
