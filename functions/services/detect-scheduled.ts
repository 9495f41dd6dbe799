import { createScheduledHandler } from '#platform/lambda/background.ts';
import { MetricUnit, metrics } from '#platform/observability/index.ts';
import { serviceMonitoring } from '#wiring/services.ts';

const services = serviceMonitoring(process.env, { alerts: true });

/** Every 5 minutes (EventBridge): detection over every service that reports; anomalies are stored and alert. */
export const handler = createScheduledHandler('serviceDetection', async () => {
  const results = await services.detectAll();
  metrics.addMetric('ServicesScanned', MetricUnit.Count, results.length);
  metrics.addMetric('ServiceScanFailures', MetricUnit.Count, results.filter((r) => r.error !== undefined).length);
  return { results };
});
