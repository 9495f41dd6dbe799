import { systemClock } from '#domain/kernel/time.ts';
import { createServiceMonitoring } from '#domain/services/service.ts';
import { createProbes } from '#domain/services/probes.ts';
import { createForecasting } from '#domain/services/forecasts.ts';
import { createInsights } from '#domain/services/insights.ts';
import { DynamoSuggestionStore } from '#adapters/dynamodb/suggestions.adapter.ts';
import { DynamoForecastStore } from '#adapters/dynamodb/forecasts.adapter.ts';
import { DynamoProbeStore } from '#adapters/dynamodb/probes.adapter.ts';
import { httpProbeChecker } from '#adapters/http/probe-checker.adapter.ts';
import { DynamoAnomalyStore } from '#adapters/dynamodb/anomalies.adapter.ts';
import { DynamoHttpTrafficStore } from '#adapters/dynamodb/http-traffic.adapter.ts';
import { DynamoServiceRegistry } from '#adapters/dynamodb/services.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { documents } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import { alertManager } from './alerting.ts';
import { metricStore } from './monitoring.ts';
import { config, type Env } from './stores.ts';

/**
 * Composition root of service monitoring: the metric store, the service registry, stored
 * anomalies, the clock; with `alerts`, the alert manager (the scheduled detection).
 */
export function serviceMonitoring(env: Env, options: { readonly alerts?: boolean } = {}) {
  return createServiceMonitoring({
    ...(options.alerts === true ? { alerts: alertManager(env) } : {}),
    metrics: metricStore(env),
    registry: new DynamoServiceRegistry(documents(), requireString(env, ENV.servicesTable)),
    anomalies: new DynamoAnomalyStore(documents(), requireString(env, ENV.anomaliesTable)),
    traffic: new DynamoHttpTrafficStore(documents(), requireString(env, ENV.httpTrafficTable)),
    config: config(env),
    clock: systemClock,
  });
}

/** Composition root of the probes: their tables, the HTTP checker, and with `alerts` the alert manager. */
export function probes(env: Env, options: { readonly alerts?: boolean } = {}) {
  return createProbes({
    store: new DynamoProbeStore(
      documents(),
      requireString(env, ENV.probesTable),
      requireString(env, ENV.probeResultsTable),
    ),
    checker: httpProbeChecker,
    clock: systemClock,
    ...(options.alerts === true
      ? {
          alerts: alertManager(env),
          anomalies: new DynamoAnomalyStore(documents(), requireString(env, ENV.anomaliesTable)),
        }
      : {}),
  });
}

/** Composition root of forecasting: the metric store, the forecasters table, and the alert manager. */
export function forecasting(env: Env) {
  return createForecasting({
    metrics: metricStore(env),
    registry: new DynamoServiceRegistry(documents(), requireString(env, ENV.servicesTable)),
    store: new DynamoForecastStore(documents(), requireString(env, ENV.forecastsTable)),
    config: config(env),
    clock: systemClock,
    alerts: alertManager(env),
  });
}

/** Composition root of the analytics over a service: suggestions and the summary, over forecasting. */
export function insights(env: Env) {
  return createInsights({
    metrics: metricStore(env),
    registry: new DynamoServiceRegistry(documents(), requireString(env, ENV.servicesTable)),
    anomalies: new DynamoAnomalyStore(documents(), requireString(env, ENV.anomaliesTable)),
    traffic: new DynamoHttpTrafficStore(documents(), requireString(env, ENV.httpTrafficTable)),
    suggestions: new DynamoSuggestionStore(documents(), requireString(env, ENV.suggestionsTable)),
    forecasting: forecasting(env),
    clock: systemClock,
  });
}
