import * as z from 'zod/mini';
import { INCIDENT_LEVELS } from '#domain/incidents/types.ts';
import { aiModelNameSchema } from './providers.schema.ts';
import { str } from './zod.ts';
import './zod.ts';

export const incidentPathSchema = z.strictObject({
  incident_id: str(1, 128).check(z.regex(/^[A-Za-z0-9_.-]+$/, 'an incident id')),
});
export const alertInsightPathSchema = z.strictObject({
  alert_id: str(1, 128).check(z.regex(/^[A-Za-z0-9_.:-]+$/, 'an alert id')),
});
/** A scope as alerts name it: a model, `service:<id>`, `probe:<name>`, `llm:<provider>/<model>`, `budget:<name>`, `ai:<name>`. */
const scopeSchema = str(1, 200).check(z.regex(/^[A-Za-z0-9][A-Za-z0-9 _.:/@-]*$/, 'a model name or an alert scope'));

export const openIncidentSchema = z.strictObject({
  title: str(1, 200),
  level: z.enum(INCIDENT_LEVELS),
  scope: scopeSchema,
  alert_ids: z.optional(z.array(alertInsightPathSchema.shape.alert_id).check(z.maxLength(50))),
});

export const updateIncidentSchema = z
  .strictObject({
    level: z.optional(z.enum(INCIDENT_LEVELS)),
    status: z.optional(z.enum(['open', 'resolved'])),
    note: z.optional(str(1, 2000)),
    root_cause: z.optional(str(1, 5000)),
    prevention: z.optional(str(1, 5000)),
    action_items: z.optional(z.array(z.strictObject({ item: str(1, 500), owner: str(1, 100) })).check(z.maxLength(50))),
  })
  .check(z.refine((p) => Object.keys(p).length > 0, 'change at least one field'));

export const listIncidentsQuerySchema = z.strictObject({ status: z.optional(z.enum(['open', 'resolved'])) });

export const incidentSettingsSchema = z.strictObject({
  /** A registered AI model (through the gateway); null: no narrative. */
  insight_model: z.nullable(aiModelNameSchema),
});

/** `format=markdown` answers the post-mortem as a Markdown file instead of JSON. */
export const postmortemQuerySchema = z.strictObject({ format: z._default(z.enum(['json', 'markdown']), 'json') });
