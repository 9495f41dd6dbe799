import { createScheduledHandler } from '#platform/lambda/background.ts';
import { loggerFor, MetricUnit, metrics } from '#platform/observability/index.ts';
import { driftService, modelEvents } from '#wiring/drift.ts';

const drift = driftService(process.env);
const events = modelEvents(process.env);

/**
 * The scheduled drift scan (EventBridge, every 5 minutes by default). Scans every model, then
 * asks the status evaluator to re-run the alert rules on the fresh drift and estimate. A model
 * that fails is reported and retried at the next run; the others are not held up.
 */
export const handler = createScheduledHandler('driftScan', async () => {
  const models: string[] = [];
  const result = await drift.scanAll({ each: (name) => models.push(name) });
  metrics.addMetric('ModelsScanned', MetricUnit.Count, result.scanned);
  metrics.addMetric('RetrainRequests', MetricUnit.Count, result.retrain_requested.length);
  if (result.failed.length > 0)
    loggerFor('driftScan').error('drift scan failed for some models', { failed: result.failed });
  if (models.length > 0) await events.modelsChanged(models, 0);
  return result;
});
