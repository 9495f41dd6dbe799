import { setTimeout as sleep } from 'node:timers/promises';
import { createScheduledHandler } from '#platform/lambda/background.ts';
import { MetricUnit, metrics } from '#platform/observability/index.ts';
import { probes as probesOf } from '#wiring/services.ts';

const probes = probesOf(process.env, { alerts: true });

/** How long one run keeps checking: EventBridge starts the next one a minute after this one. */
const RUN_MS = 55_000;

/**
 * Every minute (EventBridge): checks the probes that are due. A probe checked more often than
 * once a minute is checked again within the run, when due, until the next run takes over.
 */
export const handler = createScheduledHandler('probeRunner', async (_event, context) => {
  const stopAt = Date.now() + Math.min(RUN_MS, context.getRemainingTimeInMillis() - 15_000);
  let checked = 0;
  let failed = 0;
  for (;;) {
    const { results, nextDue: next } = await probes.run();
    checked += results.length;
    failed += results.filter((r) => !r.ok).length;
    if (next === undefined || next > stopAt) break;
    // Awake every few seconds at most: a probe created meanwhile is picked up.
    await sleep(Math.min(5000, Math.max(250, next - Date.now())));
  }
  metrics.addMetric('ProbesChecked', MetricUnit.Count, checked);
  metrics.addMetric('ProbeChecksFailed', MetricUnit.Count, failed);
  return { checked, failed };
});
