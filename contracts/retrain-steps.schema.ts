import { RETRAIN_REASONS } from '#domain/retraining/types.ts';
import * as z from 'zod/mini';
import { str } from './zod.ts';
import { modelNameSchema } from './monitoring.schema.ts';

/**
 * What statemachines/retrain.asl.json sends to the step function, one schema per state's
 * `Payload`, so a changed ASL that drops or renames a field fails at the step that reads it.
 */
const base = {
  task_id: str(1, 200),
  model_name: modelNameSchema,
  reason: z.enum(RETRAIN_REASONS),
};
const nullableVersion = z.nullable(str(1, 200));
const score = z.nullable(z.number());

export const stepPayloadSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('backup'), ...base }),
  z.object({ step: z.literal('collect'), ...base }),
  z.object({ step: z.literal('features'), ...base, dataset_key: str(1, 1024) }),
  z.object({ step: z.literal('train'), ...base, features_key: str(1, 1024) }),
  z.object({
    step: z.literal('evaluate'),
    ...base,
    features_key: str(1, 1024),
    version: str(1, 200),
    champion_version: nullableVersion,
  }),
  z.object({
    step: z.literal('deploy'),
    ...base,
    version: str(1, 200),
    champion_version: nullableVersion,
    champion_score: score,
    candidate_score: z.number(),
  }),
  z.object({
    step: z.literal('verify'),
    ...base,
    version: str(1, 200),
    previous_version: nullableVersion,
    baseline_score: score,
  }),
  z.object({ step: z.literal('confirm'), ...base, version: str(1, 200) }),
  z.object({
    step: z.literal('rollback'),
    ...base,
    champion_version: nullableVersion,
    version: z.optional(nullableVersion),
  }),
  z.object({
    step: z.literal('finish'),
    ...base,
    outcome: z.enum(['deployed', 'kept', 'failed']),
    version: z.optional(nullableVersion),
    candidate_score: z.optional(score),
    champion_score: z.optional(score),
    training_samples: z.optional(z.number()),
    training_time: z.optional(z.number()),
    /** The Catch output `{Error, Cause}` of a failed state. */
    error: z.optional(z.unknown()),
  }),
]);
export type StepPayload = z.infer<typeof stepPayloadSchema>;
