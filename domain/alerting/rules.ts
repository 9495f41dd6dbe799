import type { Thresholds } from '#domain/kernel/settings.ts';
import { COMPARISONS, RULE_METRICS, type AlertRule, type Comparison, type RuleMetric } from './types.ts';

/** Metric names accepted in conditions, with the aliases the operations manual uses. */
const METRIC_ALIASES: Record<string, RuleMetric> = {
  // Every rule metric by its own name (so every rule, the service and probe ones too, round-trips through YAML).
  ...(Object.fromEntries(RULE_METRICS.map((m) => [m, m])) as Record<RuleMetric, RuleMetric>),
  avg_response_time: 'response_time',
};

const UNIT_FACTORS: Record<string, number> = { '': 1, s: 1, ms: 0.001, '%': 0.01 };

/** True when `value comparison threshold` holds. */
export function breaches(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/**
 * Parses a condition like `avg_response_time > 3000ms`, `accuracy < 0.7` or `error_rate != 0`.
 * Units: `ms`, `s` (times are stored in seconds) and `%`.
 */
export function parseCondition(condition: string): { metric: RuleMetric; comparison: Comparison; threshold: number } {
  const match = /^\s*([a-z_0-9]+)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*(ms|s|%)?\s*$/i.exec(condition);
  if (match === null)
    throw new Error(`condition must look like "<metric> <|<=|>|>=|==|!= <number>[ms|s|%]", got "${condition}"`);
  const [, rawMetric = '', comparison = '<', number = '0', unit = ''] = match;
  const metric = METRIC_ALIASES[rawMetric.toLowerCase()];
  if (metric === undefined)
    throw new Error(`unknown metric "${rawMetric}"; known: ${Object.keys(METRIC_ALIASES).join(', ')}`);
  return {
    metric,
    comparison: comparison as Comparison,
    threshold: Number(number) * (UNIT_FACTORS[unit.toLowerCase()] ?? 1),
  };
}

export function formatCondition(rule: Pick<AlertRule, 'metric' | 'comparison' | 'threshold'>): string {
  return `${rule.metric} ${rule.comparison} ${rule.threshold}`;
}

/** Parses `90s`, `5m`, `1h`, `2d` or a number of seconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/i.exec(text);
  if (match === null) throw new Error(`duration must look like 30s, 5m, 1h or 2d, got "${text}"`);
  const factor = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? 's').toLowerCase() as 's'];
  return Number(match[1]) * factor;
}

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0 && seconds > 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0 && seconds > 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * The seed's thresholds as rules: a critical rule at each threshold and a warning rule at the
 * warning margin, for accuracy, estimated accuracy, response time, error rate and drift.
 */
export function defaultRules(t: Thresholds): AlertRule[] {
  const base = { for_seconds: 0, labels: {}, actions: [], enabled: true } as const;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const pair = (metric: RuleMetric, comparison: '<' | '>', threshold: number, label: string): AlertRule[] => [
    { ...base, name: `${label}_critical`, metric, comparison, threshold, severity: 'critical' },
    {
      ...base,
      name: `${label}_warning`,
      metric,
      comparison,
      threshold: round(comparison === '<' ? threshold * (1 + t.warning_margin) : threshold * (1 - t.warning_margin)),
      severity: 'warning',
    },
  ];
  return [
    ...pair('accuracy', '<', t.accuracy_threshold, 'accuracy_low'),
    ...pair('estimated_accuracy', '<', t.accuracy_threshold, 'estimated_accuracy_low'),
    ...pair('response_time', '>', t.response_time_threshold, 'response_time_high'),
    ...pair('error_rate', '>', t.error_rate_threshold, 'error_rate_high'),
    ...pair('drift_score', '>', t.drift_threshold, 'drift_high'),
    // Services (scope `service:<id>`): high anomalies are critical, medium ones warnings.
    {
      ...base,
      name: 'service_anomaly_high',
      metric: 'anomaly_score',
      comparison: '>=',
      threshold: 0.8,
      severity: 'critical',
    },
    {
      ...base,
      name: 'service_anomaly_medium',
      metric: 'anomaly_score',
      comparison: '>=',
      threshold: 0.6,
      severity: 'warning',
    },
    // Sustained anomalies: 30 % of a metric's last 15 points, resolved only below 10 %.
    {
      ...base,
      name: 'service_anomalies_sustained',
      metric: 'anomaly_fraction',
      comparison: '>=',
      threshold: 0.3,
      recover_threshold: 0.1,
      severity: 'warning',
    },
    // Probes (scope `probe:<name>`): down after its retries, and a certificate about to expire.
    { ...base, name: 'probe_down', metric: 'probe_failing', comparison: '>=', threshold: 1, severity: 'critical' },
    {
      ...base,
      name: 'forecast_breach',
      metric: 'hours_to_breach',
      comparison: '<',
      threshold: 24,
      severity: 'warning',
    },
    {
      ...base,
      name: 'insufficient_data',
      metric: 'insufficient_data',
      comparison: '>=',
      threshold: 1,
      severity: 'info',
    },
    {
      ...base,
      name: 'certificate_expiring',
      metric: 'tls_days_left',
      comparison: '<',
      threshold: 14,
      severity: 'warning',
    },
    // AI operations (the operations manual): budgets at 80 % and 100 %, its real-time alerts
    // (response time over 5 s, error rate over 5 %), SLO burn rates (SRE workbook), key rotation.
    { ...base, name: 'budget_warning', metric: 'budget_used', comparison: '>=', threshold: 0.8, severity: 'warning' },
    { ...base, name: 'budget_exceeded', metric: 'budget_used', comparison: '>=', threshold: 1, severity: 'critical' },
    { ...base, name: 'llm_slow', metric: 'llm_response_time', comparison: '>', threshold: 5, severity: 'warning' },
    { ...base, name: 'llm_errors', metric: 'llm_error_rate', comparison: '>', threshold: 0.05, severity: 'critical' },
    {
      ...base,
      name: 'slo_fast_burn',
      metric: 'slo_burn_fast',
      comparison: '>=',
      threshold: 14.4,
      severity: 'critical',
    },
    { ...base, name: 'slo_slow_burn', metric: 'slo_burn_slow', comparison: '>=', threshold: 6, severity: 'warning' },
    {
      ...base,
      name: 'api_key_rotation_due',
      metric: 'api_key_age_days',
      comparison: '>',
      threshold: 30,
      severity: 'info',
    },
    {
      ...base,
      name: 'ai_model_unhealthy',
      metric: 'ai_health_score',
      comparison: '<',
      threshold: 50,
      severity: 'warning',
    },
  ];
}

export { COMPARISONS, RULE_METRICS };
