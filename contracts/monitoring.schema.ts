import { TASK_TYPES } from '#domain/kernel/model.ts';
import * as z from 'zod/mini';
import { boundedJsonObject, int, nonEmpty, num, queryInt, storableNumber, str, type JsonBounds } from './zod.ts';

/** Largest batch `POST /log-predictions` accepts. */
export const MAX_BATCH = 500;
/** Largest serialised `input_features` (bytes); keeps a prediction well inside DynamoDB's 400 KB item limit. */
export const MAX_FEATURES_BYTES = 32_768;

/**
 * Bounds of `input_features`: DynamoDB nests at most 32 levels (the features sit two levels
 * down in an item), and a bounded shape keeps validation and storage cheap whatever is sent.
 */
export const FEATURE_BOUNDS: JsonBounds = {
  maxDepth: 8,
  maxNodes: 2000,
  maxStringLength: 4096,
  maxBytes: MAX_FEATURES_BYTES,
};

export const modelNameSchema = str(1, 128).check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit'),
);

const scalar = z.union([str(0, 1024), storableNumber(), z.boolean()]);
const idText = (max: number) => str(1, max).check(z.regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'));

export const predictionItemSchema = z
  .strictObject({
    model_name: modelNameSchema,
    prediction_id: z.optional(idText(200)),
    task_type: z.optional(z.enum(TASK_TYPES)),
    /** Which version of the model made the prediction; the platform keeps per-version counters. */
    model_version: z.optional(idText(128)),
    prediction_data: z.strictObject({
      input_features: boundedJsonObject(FEATURE_BOUNDS),
    }),
    result: z.strictObject({
      prediction: z.optional(z.nullable(scalar)),
      confidence: z.optional(num(0, 1)),
      response_time: num(0, 3600),
      error: z.optional(str(1, 2000)),
    }),
  })
  .check(
    z.superRefine((item, ctx) => {
      if (
        item.result.error === undefined &&
        (item.result.prediction === undefined || item.result.prediction === null)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['result', 'prediction'],
          message: 'required unless result.error marks a failed prediction',
        });
      }
    }),
  );
export type PredictionItem = z.infer<typeof predictionItemSchema>;

export const logPredictionsSchema = z.strictObject({
  predictions: z
    .array(predictionItemSchema)
    .check(z.minLength(1), z.maxLength(MAX_BATCH, `at most ${MAX_BATCH} predictions per request`)),
});

export const updateResultSchema = z.strictObject({
  prediction_id: str(1, 200),
  actual_result: z
    .record(str(1, 128), z.nullable(scalar))
    .check(
      z.refine((r) => Object.keys(r).length === 1, 'must hold exactly one named value, e.g. {"actual_sales": 1280000}'),
    ),
});
export type UpdateResultInput = z.infer<typeof updateResultSchema>;

export const performanceQuerySchema = z.strictObject({
  model_name: modelNameSchema,
  hours: queryInt(1, 168, 24),
});

/** The four alert thresholds, each optional: in `PUT /thresholds` and in the settings' `alert_thresholds`. */
const alertThresholdFields = {
  accuracy_threshold: z.optional(num(0, 1)),
  response_time_threshold: z.optional(z.number().check(z.gt(0), z.lte(3600))),
  error_rate_threshold: z.optional(num(0, 1)),
  drift_threshold: z.optional(num(0, 1)),
};

export const thresholdsUpdateSchema = z
  .strictObject({
    ...alertThresholdFields,
    warning_margin: z.optional(num(0, 0.9)),
    evaluation_window_minutes: z.optional(int(5, 10_080)),
    min_samples: z.optional(int(1, 100_000)),
    reference_size: z.optional(int(10, 100_000)),
  })
  .check(nonEmpty('threshold'));
export type ThresholdsUpdate = z.infer<typeof thresholdsUpdateSchema>;

/** Body of a model-events queue message. */
export const modelEventSchema = z.strictObject({ model_name: modelNameSchema });

/** `PUT /settings`: seed 000's monitoring settings, any part of them. */
export const monitoringSettingsUpdateSchema = z
  .strictObject({
    monitoring_active: z.optional(z.boolean()),
    update_interval_seconds: z.optional(int(5, 86_400)),
    alert_thresholds: z.optional(z.strictObject(alertThresholdFields).check(nonEmpty('threshold'))),
    notification_settings: z.optional(
      z
        .strictObject({
          email_enabled: z.optional(z.boolean()),
          sms_enabled: z.optional(z.boolean()),
          webhook_enabled: z.optional(z.boolean()),
        })
        .check(nonEmpty('channel switch')),
    ),
  })
  .check(nonEmpty('setting'));
