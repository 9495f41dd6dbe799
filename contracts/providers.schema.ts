import * as z from 'zod/mini';
import { PROVIDERS } from '#domain/providers/pricing.ts';
import { BUDGET_PERIODS, BUDGET_SCOPES, USAGE_STATUSES } from '#domain/providers/types.ts';
import { instantSchema, int, num, outboundUrl, queryInt, str } from './zod.ts';
import './zod.ts';

/** A registered AI model's name: its id in paths. */
export const aiModelNameSchema = str(1, 64).check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit'),
);
export const aiModelPathSchema = z.strictObject({ id: aiModelNameSchema });

const providerSchema = z.enum(PROVIDERS);
/** A provider's model id: Bedrock's are the longest (`us.anthropic.claude-3-5-haiku-20241022-v1:0`). */
const modelIdSchema = str(1, 128).check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/, 'letters, digits, _ . : / @ - only'),
);
/** Where the gateway sends the prompt and the key: never a cloud metadata endpoint. */
const endpointSchema = outboundUrl('the cloud metadata endpoint may not be an AI model endpoint');
/** An API key: printable, no whitespace; never echoed. */
const apiKeySchema = str(8, 512).check(z.regex(/^[\x21-\x7e]+$/, 'printable characters without spaces'));

const paramsSchema = z.strictObject({
  temperature: z._default(num(0, 2), 0.7),
  max_tokens: z._default(int(1, 100_000), 1024),
  top_p: z._default(num(0, 1), 1),
  frequency_penalty: z._default(num(-2, 2), 0),
});
const defaultParams = { temperature: 0.7, max_tokens: 1024, top_p: 1, frequency_penalty: 0 };

const aiModelFields = {
  provider: providerSchema,
  endpoint: z.optional(endpointSchema),
  model_id: modelIdSchema,
  params: z._default(paramsSchema, defaultParams),
  fallback_model: z.optional(aiModelNameSchema),
  max_concurrency: z.optional(int(1, 1000)),
  department: z.optional(str(1, 64)),
  /** Stored in the vault; the API shows only its last 4 characters and its age. */
  api_key: z.optional(apiKeySchema),
};
export const aiModelCreateSchema = z.strictObject({ name: aiModelNameSchema, ...aiModelFields });
/** `PUT /ai-models/{id}`: the whole definition (its name stays); `api_key` left out keeps the stored key. */
export const aiModelUpdateSchema = z.strictObject(aiModelFields);

/** At most this many calls in one usage request. */
export const MAX_USAGE = 1000;

const tokens = int(0, 10_000_000);
export const usageItemSchema = z.strictObject({
  timestamp: instantSchema(),
  model: modelIdSchema,
  provider: providerSchema,
  input_tokens: tokens,
  output_tokens: tokens,
  cached_input_tokens: z.optional(tokens),
  /** Seconds. */
  latency: num(0, 3600),
  status: z.enum(USAGE_STATUSES),
  error: z.optional(str(1, 500)),
  user: z.optional(str(1, 128)),
  department: z.optional(str(1, 64)),
  request_id: str(1, 128).check(z.regex(/^[\x21-\x7e]+$/, 'printable characters without spaces')),
});
export const usageSchema = z.union([
  z.strictObject({ calls: z.array(usageItemSchema).check(z.minLength(1), z.maxLength(MAX_USAGE)) }),
  usageItemSchema,
]);

export const budgetSchema = z
  .strictObject({
    name: str(1, 64).check(z.regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'letters, digits, space, _ . - only')),
    scope: z.enum(BUDGET_SCOPES),
    value: z.optional(str(1, 128)),
    period: z.enum(BUDGET_PERIODS),
    limit_usd: num(0, 1e9),
  })
  .check(
    z.refine((b) => (b.scope === 'global') === (b.value === undefined), {
      message: 'value is required for a model, provider, department or key budget, and absent for global',
      path: ['value'],
    }),
  );
export const budgetPathSchema = z.strictObject({
  budget_id: str(1, 64).check(z.regex(/^[A-Za-z0-9_]+$/, 'a budget id')),
});

const perMillion = num(0, 100_000);
export const priceSchema = z.strictObject({
  provider: providerSchema,
  model: modelIdSchema,
  input: perMillion,
  output: perMillion,
  cache_read: z.optional(perMillion),
  effective_from: z.iso.date(),
  source: z._default(str(1, 256), 'operator override'),
});

export const generateSchema = z.strictObject({
  prompt: str(1, 100_000),
  model: aiModelNameSchema,
  /** Overrides of the model's parameters for this call. */
  params: z.optional(
    z.strictObject({
      temperature: z.optional(num(0, 2)),
      max_tokens: z.optional(int(1, 100_000)),
      top_p: z.optional(num(0, 1)),
      frequency_penalty: z.optional(num(-2, 2)),
    }),
  ),
});

/** Reports over a window of at most 92 days (default: the last 7). */
export const usageReportQuerySchema = z.strictObject({
  days: queryInt(1, 92, 7),
  format: z._default(z.enum(['json', 'csv']), 'json'),
});
export const healthHistoryQuerySchema = z.strictObject({ limit: queryInt(1, 200, 20) });
export const sloQuerySchema = z.strictObject({ days: queryInt(1, 30, 7) });
