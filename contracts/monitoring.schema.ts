import { TASK_TYPES } from '#domain/kernel/model.ts';
import { z } from 'zod';

/** Largest batch `POST /log-predictions` accepts. */
export const MAX_BATCH = 500;
/** Largest serialised `input_features` (bytes); keeps a prediction well inside DynamoDB's 400 KB item limit. */
export const MAX_FEATURES_BYTES = 32_768;

const name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit');

const scalar = z.union([z.string().max(1024), z.number().refine(Number.isFinite, 'must be finite'), z.boolean()]);

export const predictionItemSchema = z
  .strictObject({
    model_name: name,
    prediction_id: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
      .optional(),
    task_type: z.enum(TASK_TYPES).optional(),
    /** Which version of the model made the prediction; the platform keeps per-version counters. */
    model_version: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
      .optional(),
    prediction_data: z.strictObject({
      input_features: z
        .record(z.string(), z.unknown())
        .refine((f) => JSON.stringify(f).length <= MAX_FEATURES_BYTES, `at most ${MAX_FEATURES_BYTES} bytes of JSON`),
    }),
    result: z.strictObject({
      prediction: scalar.nullable().optional(),
      confidence: z.number().min(0).max(1).optional(),
      response_time: z.number().min(0).max(3600),
      error: z.string().min(1).max(2000).optional(),
    }),
  })
  .superRefine((item, ctx) => {
    if (item.result.error === undefined && (item.result.prediction === undefined || item.result.prediction === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['result', 'prediction'],
        message: 'required unless result.error marks a failed prediction',
      });
    }
  });
export type PredictionItem = z.infer<typeof predictionItemSchema>;

export const logPredictionsSchema = z.strictObject({
  predictions: z.array(predictionItemSchema).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} predictions per request`),
});

export const updateResultSchema = z.strictObject({
  prediction_id: z.string().min(1).max(200),
  actual_result: z
    .record(z.string().min(1).max(128), scalar.nullable())
    .refine((r) => Object.keys(r).length === 1, 'must hold exactly one named value, e.g. {"actual_sales": 1280000}'),
});
export type UpdateResultInput = z.infer<typeof updateResultSchema>;

export const performanceQuerySchema = z.strictObject({
  model_name: name,
  hours: z.coerce.number().int().min(1).max(168).default(24),
});

export const thresholdsUpdateSchema = z
  .strictObject({
    accuracy_threshold: z.number().min(0).max(1).optional(),
    response_time_threshold: z.number().gt(0).max(3600).optional(),
    error_rate_threshold: z.number().min(0).max(1).optional(),
    drift_threshold: z.number().min(0).max(1).optional(),
    warning_margin: z.number().min(0).max(0.9).optional(),
    evaluation_window_minutes: z.number().int().min(5).max(10_080).optional(),
    min_samples: z.number().int().min(1).max(100_000).optional(),
    reference_size: z.number().int().min(10).max(100_000).optional(),
  })
  .refine((t) => Object.keys(t).length > 0, 'give at least one threshold');
export type ThresholdsUpdate = z.infer<typeof thresholdsUpdateSchema>;

/** Body of a model-events queue message. */
export const modelEventSchema = z.strictObject({ model_name: name });
