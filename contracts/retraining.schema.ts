import { TASK_TYPES } from '#domain/kernel/model.ts';
import { z } from 'zod';
import { FEATURE_TYPES } from '#lib/ml/features.ts';

const modelName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit');

export const modelPathSchema = z.strictObject({ name: modelName });

export const manualRetrainSchema = z.strictObject({ model_name: modelName });

export const rollbackSchema = z.strictObject({ version: z.string().min(1).max(200) });

export const predictSchema = z.strictObject({
  input_features: z
    .record(z.string(), z.unknown())
    .refine((f) => JSON.stringify(f).length <= 32_768, 'at most 32768 bytes of JSON'),
});

export const modelConfigSchema = z
  .strictObject({
    task: z.enum(TASK_TYPES).optional(),
    features: z
      .array(z.strictObject({ name: z.string().min(1).max(128), type: z.enum(FEATURE_TYPES) }))
      .max(500)
      .optional(),
    target: z.string().min(1).max(128).optional(),
    algorithm: z.literal('random_forest').optional(),
    hyperparameters: z
      .strictObject({
        n_estimators: z.number().int().min(1).max(500).optional(),
        max_depth: z.number().int().min(1).max(40).optional(),
        min_samples_leaf: z.number().int().min(1).max(10_000).optional(),
        max_features: z.number().gt(0).max(1000).optional(),
      })
      .optional(),
    hyperparameter_search: z.boolean().optional(),
    retrain_interval_hours: z.number().min(1).max(8760).optional(),
    min_samples: z.number().int().min(10).max(1_000_000).optional(),
    training_rows: z.number().int().min(10).max(200_000).optional(),
    dataset_key: z.string().min(1).max(1024).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'give at least one setting');

export const retrainConfigSchema = z
  .strictObject({
    auto_retrain_enabled: z.boolean().optional(),
    drift_threshold: z.number().min(0).max(1).optional(),
    performance_threshold: z.number().min(0).max(1).optional(),
    max_concurrent_tasks: z.number().int().min(1).max(20).optional(),
    retrain_interval_hours: z.number().min(1).max(8760).optional(),
    backup_models: z.boolean().optional(),
    improvement_margin: z.number().min(0).max(0.5).optional(),
    bake_minutes: z.number().int().min(0).max(10_080).optional(),
    drift_retrain_cooldown_minutes: z.number().int().min(0).max(10_080).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'give at least one setting');

/** A retrain-requests queue message: a request, or a nudge to start queued runs. */
export const retrainMessageSchema = z.union([
  z.object({ dispatch: z.literal(true) }),
  z
    .object({
      model_name: modelName,
      reason: z.enum(['model_drift', 'schedule', 'manual', 'performance', 'bake_failed']),
    })
    .loose(),
]);

/** The payload the state machine sends to the step function. */
export const stepPayloadSchema = z
  .object({
    step: z.enum(['backup', 'collect', 'features', 'train', 'evaluate', 'deploy', 'rollback', 'finish']),
    task_id: z.string().min(1),
    model_name: modelName,
    reason: z.string(),
  })
  .loose();
