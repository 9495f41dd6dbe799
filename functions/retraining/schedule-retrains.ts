import middy from '@middy/core';
import { createClients } from '#shared/aws/clients.ts';
import { captureLambdaHandler, injectLambdaContext, logger, logMetrics, MetricUnit, metrics, tracer } from '#shared/observability/index.ts';
import { retrainSchedulerFromEnv } from '#shared/wiring.ts';

const scheduler = retrainSchedulerFromEnv(process.env, createClients());

/** Hourly (EventBridge): retrain models whose `retrain_interval_hours` has passed, and start queued runs. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(captureLambdaHandler(tracer))
  .handler(async () => {
    const due = await scheduler.requestDue();
    await scheduler.dispatch();
    metrics.addMetric('ScheduledRetrains', MetricUnit.Count, due.length);
    return { requested: due };
  });
