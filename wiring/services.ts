import { systemClock } from '#domain/kernel/time.ts';
import { createServiceMonitoring } from '#domain/services/service.ts';
import { metricStore } from './monitoring.ts';
import { randomIds, type Env } from './stores.ts';

/** Composition root of service monitoring: the metric store, the clock and ids. */
export function serviceMonitoring(env: Env) {
  return createServiceMonitoring({ metrics: metricStore(env), clock: systemClock, ids: randomIds });
}
