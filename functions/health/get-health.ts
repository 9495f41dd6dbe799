import { createHttpApi } from '#platform/http/api.ts';
import { ok } from '#platform/http/response.ts';

const startedAt = new Date().toISOString();

export const handler = createHttpApi('health', {
  health: async () => Promise.resolve(ok({ status: 'ok' as const, started_at: startedAt })),
});
