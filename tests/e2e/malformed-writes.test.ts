import fc from 'fast-check';
import { ROUTES } from '#catalog/routes.ts';
import { stackForSuite } from '../support/local-stack.ts';

/**
 * Every write route of the running stack gets generated malformed bodies (fast-check) and must
 * answer 4xx and leave the stored state as it was: settings, rules, silences, models and their
 * counts, alerts, retrain tasks and configuration versions. (Only the audit log grows: it
 * records the rejected writes.)
 */

/** Concrete paths for the route templates (unknown ids, so a well-formed body still finds nothing). */
const concrete = (path: string) =>
  path.replace('{id}', 'no-such-id').replace('{name}', 'seeded').replace('{version}', '9');

/** Any JSON, and near-valid documents with one field replaced by anything. */
const body = fc.oneof(
  fc.jsonValue({ depthSize: 'medium' }),
  fc.jsonValue().map((v) => ({
    model_name: 'seeded',
    prediction_data: { input_features: { a: v } },
    result: { prediction: v, response_time: v },
  })),
  fc.jsonValue().map((v) => ({ accuracy_threshold: v, thresholds: { min_samples: v }, rules: v, silences: [v] })),
  fc.jsonValue().map((v) => ({ matchers: { model_name: v }, ends_at: v, comment: v })),
  fc.constantFrom(null, [], '', 1e308, -1, { predictions: [] }, { rule: {} }, { rules: [{}] }),
);

describe('malformed writes through the local stack', () => {
  const suite = stackForSuite();

  it('answers every generated malformed body with a 4xx and changes nothing', async () => {
    // Prepare: some state to protect
    const api = suite.api();
    const admin = await suite.token(['admin']);
    await api('POST', '/api/ai/monitoring/log-prediction', {
      token: admin,
      body: {
        model_name: 'seeded',
        prediction_data: { input_features: { a: 1 } },
        result: { prediction: 'x', response_time: 0.1 },
      },
    });
    await api('PUT', '/api/ai/monitoring/thresholds', { token: admin, body: { accuracy_threshold: 0.8 } });
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          [
            '/api/v1/aiops/config',
            '/api/v1/aiops/config/versions',
            '/api/ai/monitoring/summary',
            '/api/ai/monitoring/performance?model_name=seeded',
            '/api/ai/monitoring/alerts',
            '/api/ai/retrain/status',
            '/api/ai/models/seeded',
          ].map(async (path) => (await api('GET', path, { token: admin })).body),
        ),
      );
    const before = await snapshot();
    const writes = ROUTES.filter((r) => r.method !== 'GET' && r.id !== 'validateConfig');
    const statuses: number[] = [];

    // Act
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), body, async (route, b) => {
        const res = await api(route.method, concrete(route.path), { token: admin, body: b });
        statuses.push(res.status);
        expect(res.status, `${route.id} ${JSON.stringify(b).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 300, seed: 20261123 },
    );

    // Assess
    expect(writes.length).toBeGreaterThan(15);
    expect(statuses).toHaveLength(300);
    // Performance carries a time-dependent field (last_prediction is fixed; windows are not): compare the rest.
    expect(await snapshot()).toBe(before);
  });
});
