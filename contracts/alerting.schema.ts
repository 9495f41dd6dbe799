import { z } from 'zod';
import { ACTION_TYPES, COMPARISONS, RULE_METRICS, SEVERITIES } from '#domain/alerting/types.ts';

const ruleName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/,
    'letters, digits, space _ . - (max 128), starting with a letter or digit',
  );

export const alertRuleSchema = z.strictObject({
  name: ruleName,
  metric: z.enum(RULE_METRICS),
  comparison: z.enum(COMPARISONS),
  threshold: z.number().refine(Number.isFinite, 'must be finite'),
  for_seconds: z.number().int().min(0).max(86_400).default(0),
  severity: z.enum(SEVERITIES),
  labels: z.record(z.string().min(1).max(64), z.string().max(256)).default({}),
  actions: z
    .array(z.strictObject({ type: z.enum(ACTION_TYPES), target: z.string().min(1).max(512) }))
    .max(20)
    .default([]),
  enabled: z.boolean().default(true),
});

const uniqueNames = (rules: readonly { name: string }[]) => new Set(rules.map((r) => r.name)).size === rules.length;

/** `PUT /alert-rules`: `{ rule }` adds or replaces one rule; `{ rules }` replaces them all. */
export const putRulesSchema = z
  .strictObject({
    rule: alertRuleSchema.optional(),
    rules: z.array(alertRuleSchema).max(200).refine(uniqueNames, 'rule names must be unique').optional(),
  })
  .refine(
    (b) => (b.rule === undefined) !== (b.rules === undefined),
    'give either rule (one rule to add or replace) or rules (the whole set)',
  );

export const ruleNameQuerySchema = z.strictObject({ name: ruleName });
export const rulesFormatQuerySchema = z.strictObject({ format: z.enum(['json', 'yaml']).default('json') });

const isoTime = z.iso.datetime({ offset: true });

export const silenceSchema = z
  .strictObject({
    matchers: z
      .strictObject({
        model_name: z.string().min(1).max(128).optional(),
        rule: ruleName.optional(),
        severity: z.enum(SEVERITIES).optional(),
      })
      .refine((m) => Object.keys(m).length > 0, 'give at least one matcher (model_name, rule or severity)'),
    starts_at: isoTime.optional(),
    ends_at: isoTime,
    comment: z.string().min(1).max(500),
  })
  .superRefine((s, ctx) => {
    const start = s.starts_at === undefined ? Date.now() : Date.parse(s.starts_at);
    if (Date.parse(s.ends_at) <= start)
      ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at (or now)' });
  });
export type SilenceInput = z.infer<typeof silenceSchema>;

export const ackSchema = z.strictObject({ comment: z.string().max(500).optional() });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (UTC)');

export const alertingSettingsSchema = z
  .strictObject({
    dedup_window_seconds: z.number().int().min(0).max(86_400).optional(),
    repeat_interval_seconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .optional(),
    escalate_after_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .optional(),
    mute_windows: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(64),
          days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
          start: hhmm,
          end: hhmm,
        }),
      )
      .max(20)
      .optional(),
  })
  .refine((s) => Object.keys(s).length > 0, 'give at least one setting');

export const alertIdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) });
export const silenceIdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) });

export const alertsQuerySchema = z.strictObject({
  model_name: z.string().min(1).max(128).optional(),
  severity: z.enum(SEVERITIES).optional(),
  state: z.enum(['pending', 'firing', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const noticesQuerySchema = z.strictObject({
  model_name: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const driftQuerySchema = z.strictObject({
  model_name: z.string().min(1).max(128),
  refresh: z.enum(['true', 'false']).default('false'),
});

/** The body of a webhook-delivery queue message (the SNS message, raw delivery). */
export const noticeMessageSchema = z.object({
  type: z.literal('alert_notice'),
  version: z.literal(1),
  notice: z.object({ notice_id: z.string(), model_name: z.string() }).loose(),
});
