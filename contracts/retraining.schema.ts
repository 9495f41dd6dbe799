import { ALGORITHMS } from '#lib/ml/trainer.ts';
import { TASK_TYPES } from '#domain/kernel/model.ts';
import { RETRAIN_REASONS } from '#domain/retraining/types.ts';
import { FEATURE_TYPES } from '#lib/ml/features.ts';
import * as z from 'zod/mini';
import { boundedJsonObject, int, nonEmpty, num, str } from './zod.ts';
import { FEATURE_BOUNDS, modelNameSchema } from './monitoring.schema.ts';

export const modelPathSchema = z.strictObject({ name: modelNameSchema });

export const manualRetrainSchema = z.strictObject({ model_name: modelNameSchema });

export const rollbackSchema = z.strictObject({ version: str(1, 200) });

export const predictSchema = z.strictObject({
  input_features: boundedJsonObject(FEATURE_BOUNDS),
});

const hyperparametersSchema = z.strictObject({
  n_estimators: z.optional(int(1, 500)),
  max_depth: z.optional(int(1, 40)),
  min_samples_leaf: z.optional(int(1, 10_000)),
  max_features: z.optional(z.number().check(z.gt(0), z.lte(1000))),
  learning_rate: z.optional(z.number().check(z.gt(0), z.lte(1))),
});

export const modelConfigSchema = z
  .strictObject({
    task: z.optional(z.enum(TASK_TYPES)),
    features: z.optional(
      z.array(z.strictObject({ name: str(1, 128), type: z.enum(FEATURE_TYPES) })).check(z.maxLength(500)),
    ),
    target: z.optional(str(1, 128)),
    algorithm: z.optional(z.enum(ALGORITHMS)),
    hyperparameters: z.optional(hyperparametersSchema),
    hyperparameter_search: z.optional(z.boolean()),
    retrain_interval_hours: z.optional(num(1, 8760)),
    min_samples: z.optional(int(10, 1_000_000)),
    training_rows: z.optional(int(10, 200_000)),
    dataset_key: z.optional(str(1, 1024)),
  })
  .check(nonEmpty('setting'));

const retrainSettingsFields = {
  auto_retrain_enabled: z.optional(z.boolean()),
  drift_threshold: z.optional(num(0, 1)),
  performance_threshold: z.optional(num(0, 1)),
  max_concurrent_tasks: z.optional(int(1, 20)),
  retrain_interval_hours: z.optional(num(1, 8760)),
  backup_models: z.optional(z.boolean()),
  improvement_margin: z.optional(num(0, 0.5)),
  bake_minutes: z.optional(int(0, 10_080)),
  drift_retrain_cooldown_minutes: z.optional(int(0, 10_080)),
};

/** The platform-wide retrain settings document (config key `retrain`). */
export const retrainSettingsSchema = z.strictObject(retrainSettingsFields).check(nonEmpty('setting'));

/** `PUT /retrain/config`: the settings, and seed 000's per-model learner settings (`model_configs`). */
export const retrainConfigSchema = z
  .strictObject({
    ...retrainSettingsFields,
    model_configs: z.optional(
      z
        .record(
          modelNameSchema,
          z.strictObject({
            algorithm: z.optional(z.enum(ALGORITHMS)),
            hyperparameters: z.optional(hyperparametersSchema),
          }),
        )
        .check(z.refine((m) => Object.keys(m).length <= 100, 'at most 100 models per request')),
    ),
  })
  .check(nonEmpty('setting'));

/** A retrain-requests queue message: a request, or a nudge to start queued runs. */
export const retrainMessageSchema = z.union([
  z.object({ dispatch: z.literal(true) }),
  z.looseObject({ model_name: modelNameSchema, reason: z.enum(RETRAIN_REASONS) }),
]);
