import { systemClock } from '#domain/kernel/time.ts';
import { createServiceMonitoring } from '#domain/services/service.ts';
import { DynamoAnomalyStore } from '#adapters/dynamodb/anomalies.adapter.ts';
import { DynamoServiceRegistry } from '#adapters/dynamodb/services.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { documents } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import { metricStore } from './monitoring.ts';
import type { Env } from './stores.ts';

/** Composition root of service monitoring: the metric store, the service registry, stored anomalies, the clock. */
export function serviceMonitoring(env: Env) {
  return createServiceMonitoring({
    metrics: metricStore(env),
    registry: new DynamoServiceRegistry(documents(), requireString(env, ENV.servicesTable)),
    anomalies: new DynamoAnomalyStore(documents(), requireString(env, ENV.anomaliesTable)),
    clock: systemClock,
  });
}
