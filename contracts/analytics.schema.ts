import * as z from 'zod/mini';
import { ANALYSIS_METHODS } from '#lib/anomaly/analyze.ts';
import { instantSchema, finite, str } from './zod.ts';
import './zod.ts';

/** At most this many values in one stateless analysis (the trend test is quadratic in them). */
export const MAX_ANALYSIS_VALUES = 10_000;

const timestamp = instantSchema();

/** `POST /api/v1/aiops/analytics/analyze`: one series, analysed as a batch; nothing is stored. */
export const analyzeSchema = z
  .strictObject({
    metricName: str(1, 256),
    values: z.array(finite()).check(z.minLength(1), z.maxLength(MAX_ANALYSIS_VALUES)),
    timestamps: z.optional(z.array(timestamp).check(z.maxLength(MAX_ANALYSIS_VALUES))),
    methods: z.optional(
      z.array(z.enum(ANALYSIS_METHODS)).check(
        z.minLength(1),
        z.maxLength(ANALYSIS_METHODS.length),
        z.refine((m) => new Set(m).size === m.length, 'methods must not repeat'),
      ),
    ),
  })
  .check(
    z.refine((b) => b.timestamps === undefined || b.timestamps.length === b.values.length, {
      message: 'timestamps must have one entry per value',
      path: ['timestamps'],
    }),
  );
