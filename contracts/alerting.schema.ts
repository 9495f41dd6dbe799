import { ACTION_TYPES, COMPARISONS, RULE_METRICS, SEVERITIES } from '#domain/alerting/types.ts';
import * as z from 'zod/mini';
import { finite, int, nonEmpty, queryInt, str } from './zod.ts';

const ruleName = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/,
      'letters, digits, space _ . - (max 128), starting with a letter or digit',
    ),
  );

export const alertRuleSchema = z.strictObject({
  name: ruleName,
  metric: z.enum(RULE_METRICS),
  comparison: z.enum(COMPARISONS),
  threshold: finite(),
  recover_threshold: z.optional(finite()),
  for_seconds: z._default(int(0, 86_400), 0),
  severity: z.enum(SEVERITIES),
  labels: z._default(z.record(str(1, 64), str(0, 256)), {}),
  actions: z._default(
    z.array(z.strictObject({ type: z.enum(ACTION_TYPES), target: str(1, 512) })).check(z.maxLength(20)),
    [],
  ),
  enabled: z._default(z.boolean(), true),
});

const uniqueNames = (rules: readonly { name: string }[]) => new Set(rules.map((r) => r.name)).size === rules.length;

/** `PUT /alert-rules`: `{ rule }` adds or replaces one rule; `{ rules }` replaces them all. */
export const putRulesSchema = z
  .strictObject({
    rule: z.optional(alertRuleSchema),
    rules: z.optional(
      z.array(alertRuleSchema).check(z.maxLength(200), z.refine(uniqueNames, 'rule names must be unique')),
    ),
  })
  .check(
    z.refine(
      (b) => (b.rule === undefined) !== (b.rules === undefined),
      'give either rule (one rule to add or replace) or rules (the whole set)',
    ),
  );

export const ruleNameQuerySchema = z.strictObject({ name: ruleName });
export const rulesFormatQuerySchema = z.strictObject({ format: z._default(z.enum(['json', 'yaml']), 'json') });

const isoTime = z.iso.datetime({ offset: true });

export const silenceSchema = z
  .strictObject({
    matchers: z
      .strictObject({
        model_name: z.optional(str(1, 128)),
        service: z.optional(str(1, 128)),
        rule: z.optional(ruleName),
        severity: z.optional(z.enum(SEVERITIES)),
      })
      .check(nonEmpty('matcher (model_name, service, rule or severity)')),
    starts_at: z.optional(isoTime),
    ends_at: isoTime,
    comment: str(1, 500),
  })
  .check(
    z.superRefine((s, ctx) => {
      const start = s.starts_at === undefined ? Date.now() : Date.parse(s.starts_at);
      if (Date.parse(s.ends_at) <= start)
        ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at (or now)' });
    }),
  );
export type SilenceInput = z.infer<typeof silenceSchema>;

export const ackSchema = z.strictObject({ comment: z.optional(str(0, 500)) });

const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (UTC)'));

export const muteWindowSchema = z.strictObject({
  name: str(1, 64),
  days: z.array(int(0, 6)).check(z.minLength(1), z.maxLength(7)),
  start: hhmm,
  end: hhmm,
});

export const alertingSettingsSchema = z
  .strictObject({
    dedup_window_seconds: z.optional(int(0, 86_400)),
    repeat_interval_seconds: z.optional(int(60, 7 * 86_400)),
    escalate_after_seconds: z.optional(int(0, 7 * 86_400)),
    mute_windows: z.optional(z.array(muteWindowSchema).check(z.maxLength(20))),
  })
  .check(nonEmpty('setting'));

export const alertIdParamsSchema = z.strictObject({ id: str(1, 200) });
export const silenceIdParamsSchema = z.strictObject({ id: str(1, 200) });

export const alertsQuerySchema = z.strictObject({
  model_name: z.optional(str(1, 128)),
  /** A service's alerts: the same as `model_name=service:<id>`. */
  service: z.optional(str(1, 128)),
  severity: z.optional(z.enum(SEVERITIES)),
  state: z.optional(z.enum(['pending', 'firing', 'resolved'])),
  limit: queryInt(1, 200, 50),
});

export const noticesQuerySchema = z.strictObject({
  model_name: z.optional(str(1, 128)),
  limit: queryInt(1, 200, 50),
});

export const driftQuerySchema = z.strictObject({
  model_name: str(1, 128),
  refresh: z._default(z.enum(['true', 'false']), 'false'),
});
