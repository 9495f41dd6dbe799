import { createScheduledHandler } from '#platform/lambda/background.ts';
import { MetricUnit, metrics } from '#platform/observability/index.ts';
import { forecasting } from '#wiring/services.ts';

const forecasts = forecasting(process.env);

/** Hourly (EventBridge): retrains stale forecasters and alerts on forecast breaches within 24 h. */
export const handler = createScheduledHandler('forecastSchedule', async () => {
  const results = await forecasts.runSchedule();
  metrics.addMetric('ForecastersRetrained', MetricUnit.Count, results.filter((r) => r.retrained).length);
  metrics.addMetric('ForecastFailures', MetricUnit.Count, results.filter((r) => r.error !== undefined).length);
  return { results };
});
