import type { AlertRule } from '#domain/alerting/types.ts';

/** A critical `accuracy < 0.7` rule that fires at once, with what a test overrides. */
export const alertRule = (over: Partial<AlertRule> = {}): AlertRule => ({
  name: 'accuracy_low',
  metric: 'accuracy',
  comparison: '<',
  threshold: 0.7,
  for_seconds: 0,
  severity: 'critical',
  labels: {},
  actions: [],
  enabled: true,
  ...over,
});
