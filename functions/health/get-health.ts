import { createHttpApi } from '#platform/http/api.ts';
import { ok } from '#platform/http/response.ts';

const startedAt = new Date().toISOString();

export const handler = createHttpApi([
  {
    method: 'GET',
    path: '/api/v1/aiops/health',
    handler: async () => Promise.resolve(ok({ status: 'ok', started_at: startedAt })),
  },
]);
