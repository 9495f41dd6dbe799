import { SCOPE_KINDS, SEVERITIES } from '#domain/kernel/notice.ts';
import * as z from 'zod/mini';
import './zod.ts';

const state = z.enum(['firing', 'resolved']);

export const noticeAlertSchema = z.object({
  alert_id: z.string(),
  rule: z.string(),
  metric: z.string(),
  comparison: z.string(),
  threshold: z.number(),
  severity: z.enum(SEVERITIES),
  value: z.number(),
  started_at: z.string(),
  fired_at: z.optional(z.string()),
  resolved_at: z.optional(z.string()),
  state,
  kind: z.enum(['new', 'repeat', 'escalation', 'resolved']),
  detail: z.optional(z.string()),
});

export const noticeSchema = z.object({
  notice_id: z.string(),
  model_name: z.string(),
  scope: z.optional(z.enum(SCOPE_KINDS)),
  service: z.optional(z.string()),
  probe: z.optional(z.string()),
  audience: z.enum(['primary', 'escalation']),
  severity: z.enum(SEVERITIES),
  state,
  title: z.string(),
  alerts: z.array(noticeAlertSchema),
  created_at: z.string(),
  channels: z.optional(z.array(z.enum(['email', 'sms', 'webhook']))),
  retrain: z.optional(
    z.object({
      task_id: z.string(),
      reason: z.string(),
      outcome: z.enum(['deployed', 'kept', 'failed', 'rolled_back']),
      version: z.nullable(z.string()),
      candidate_score: z.nullable(z.number()),
      champion_score: z.nullable(z.number()),
    }),
  ),
  report: z.optional(
    z.object({
      kind: z.literal('llm_weekly'),
      from: z.string(),
      to: z.string(),
      totals: z.object({ calls: z.number(), errors: z.number(), cost_usd: z.number(), unpriced_calls: z.number() }),
      top_models: z.array(z.object({ model: z.string(), calls: z.number(), cost_usd: z.number() })),
      csv: z.string(),
      path: z.string(),
    }),
  ),
});

/** The body of a webhook-delivery queue message (the SNS message, raw delivery): the notice envelope. */
export const noticeMessageSchema = z.object({
  type: z.literal('alert_notice'),
  version: z.literal(1),
  notice: noticeSchema,
});
