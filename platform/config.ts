import { ENV, METRIC_STORE_KINDS, type EnvName, type MetricStoreKind } from '#catalog/env.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** A required variable; the error names it, so a misconfigured function fails at init, loudly. */
export function requireString(env: Env, name: EnvName): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new Error(`environment variable ${name} is required`);
  return value;
}

/** An optional number with a default; rejects values that are not finite numbers. */
export function numberOr(env: Env, name: EnvName, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`environment variable ${name} must be a number, got '${raw}'`);
  return value;
}

export function metricStoreKind(env: Env): MetricStoreKind {
  const raw = env[ENV.metricsStore] ?? 'dynamodb';
  if (!(METRIC_STORE_KINDS as readonly string[]).includes(raw)) {
    throw new Error(
      `environment variable ${ENV.metricsStore} must be one of ${METRIC_STORE_KINDS.join(', ')}, got '${raw}'`,
    );
  }
  return raw as MetricStoreKind;
}
