import { generateSchema } from '#contracts/providers.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { callerOf, parseBody } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { gateway } from '#wiring/providers.ts';

const generation = gateway(process.env);

export const handler = createHttpApi('generationGateway', {
  generateText: async (event) => {
    const { prompt, model, params } = parseBody(event, generateSchema);
    const request = { prompt, model, ...(params !== undefined ? { params } : {}) };
    return ok(await generation.generate(request, { user: callerOf(event) }));
  },
});
