import { createHttpApi } from '#platform/http/api.ts';
import { checkDependencies } from '#platform/http/health.ts';
import { ok } from '#platform/http/response.ts';
import { config } from '#wiring/stores.ts';

const startedAt = new Date().toISOString();
const store = config(process.env);

/** Liveness and its dependencies: 503 naming any that does not answer (locally: the emulators). */
export const handler = createHttpApi('health', {
  health: async () => {
    const checks = await checkDependencies({ dynamodb: () => store.get('health-probe') }, 2000);
    return ok({ status: 'ok' as const, started_at: startedAt, checks });
  },
});
