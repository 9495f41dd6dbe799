import * as z from 'zod/mini';
import { alertingSettingsSchema, alertRuleSchema } from './alerting.schema.ts';
import { thresholdsUpdateSchema } from './monitoring.schema.ts';
import { retrainSettingsSchema } from './retraining.schema.ts';
import { int, num, str } from './zod.ts';

const SEVERITIES = ['info', 'warning', 'critical'] as const;
const ruleName = str(1, 128);
const isoTime = z.iso.datetime({ offset: true });

/** A stored silence as exported: its id and author kept, so a restore brings back the same ones. */
const silenceRecordSchema = z.strictObject({
  silence_id: str(1, 200),
  matchers: z.strictObject({
    model_name: z.optional(str(1, 128)),
    rule: z.optional(ruleName),
    severity: z.optional(z.enum(SEVERITIES)),
  }),
  starts_at: isoTime,
  ends_at: isoTime,
  comment: str(1, 500),
  created_by: str(1, 200),
  created_at: isoTime,
});

/** The drift scan's windows and decision settings (config key `drift`). */
const driftConfigSchema = z.strictObject({
  alpha: z.optional(num(0.0001, 0.5)),
  minKs: z.optional(num(0, 1)),
  minJs: z.optional(num(0, 1)),
  minSamples: z.optional(int(5, 100_000)),
  current_size: z.optional(int(10, 100_000)),
  current_window_minutes: z.optional(int(1, 10_080)),
});

/** Service monitoring's settings (config key `services`). */
export const serviceSettingsSchema = z.strictObject({
  /** Seed 001's ANOMALY_DETECTION_SENSITIVITY: about the share of points expected to be anomalous. */
  anomaly_detection_sensitivity: z.optional(num(0.01, 0.5)),
});

/** Platform switches (config key `settings`). */
const monitoringConfigSchema = z.strictObject({
  monitoring_active: z.optional(z.boolean()),
  auto_retrain_enabled: z.optional(z.boolean()),
  update_interval_seconds: z.optional(int(5, 86_400)),
  notification_settings: z.optional(
    z.strictObject({
      email_enabled: z.optional(z.boolean()),
      sms_enabled: z.optional(z.boolean()),
      webhook_enabled: z.optional(z.boolean()),
    }),
  ),
});

const uniqueBy =
  <K extends string>(key: K) =>
  (items: readonly Record<K, string>[]) =>
    new Set(items.map((i) => i[key])).size === items.length;

/**
 * The platform's configuration as one document (seed 002's configuration manager): every settings
 * document, the alert rules and the silences. On import each section given replaces its document
 * (fields left out take their defaults); sections left out stay as they are. `rules: null` goes
 * back to the default rules.
 */
export const platformConfigSchema = z.strictObject({
  format_version: z.optional(z.literal(1)),
  thresholds: z.optional(thresholdsUpdateSchema),
  monitoring: z.optional(monitoringConfigSchema),
  alerting: z.optional(alertingSettingsSchema),
  drift: z.optional(driftConfigSchema),
  retrain: z.optional(retrainSettingsSchema),
  services: z.optional(serviceSettingsSchema),
  rules: z.optional(
    z.nullable(
      z.array(alertRuleSchema).check(z.maxLength(200), z.refine(uniqueBy('name'), 'rule names must be unique')),
    ),
  ),
  silences: z.optional(
    z
      .array(silenceRecordSchema)
      .check(z.maxLength(500), z.refine(uniqueBy('silence_id'), 'silence ids must be unique')),
  ),
});
export type PlatformConfigInput = z.infer<typeof platformConfigSchema>;

export const configFormatQuerySchema = z.strictObject({ format: z._default(z.enum(['json', 'yaml']), 'json') });
export const configImportQuerySchema = z.strictObject({ dry_run: z._default(z.enum(['true', 'false']), 'false') });
export const configVersionParamsSchema = z.strictObject({
  version: z.pipe(z.coerce.number(), int(1, Number.MAX_SAFE_INTEGER)),
});
