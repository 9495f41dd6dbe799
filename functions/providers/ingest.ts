import { usageItemSchema, usageSchema } from '#contracts/providers.schema.ts';
import type { UsageInput } from '#domain/providers/types.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { epochMs } from '#platform/http/time.ts';
import { usage } from '#wiring/providers.ts';
import type * as z from 'zod/mini';

/** With the budgets: a batch re-sums, and alerts on, the budgets its calls fall under. */
const spend = usage(process.env, { budgets: true });

const toInput = ({ timestamp, ...call }: z.infer<typeof usageItemSchema>): UsageInput => ({
  ...call,
  at: epochMs(timestamp),
});

export const handler = createHttpApi('llmUsageIngest', {
  ingestLlmUsage: async (event) => {
    const body = parseBody(event, usageSchema);
    const calls = 'calls' in body ? body.calls : [body];
    return ok(await spend.ingest(calls.map(toInput)));
  },
});
