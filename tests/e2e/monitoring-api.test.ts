import { SignJWT, generateKeyPair } from 'jose';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#local/auth.ts';
import { ROLES, ROUTES, type Role } from '#catalog/routes.ts';
import {
  apiClient,
  eventually,
  newDataDir,
  roleTokens,
  startStack,
  tokenFor,
  type RunningStack,
} from '../support/local-stack.ts';

const M = '/api/ai/monitoring';

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
const tokens = {} as Record<Role, string>;

const prediction = (model: string, over: Record<string, unknown> = {}, result: Record<string, unknown> = {}) => ({
  model_name: model,
  prediction_data: { input_features: { amount: 120, region: 'eu' } },
  result: { prediction: 'yes', confidence: 0.9, response_time: 0.12, ...result },
  ...over,
});

beforeAll(async () => {
  stack = await startStack(newDataDir());
  api = apiClient(stack.url);
  Object.assign(tokens, await roleTokens(stack.dataDir));
});

afterAll(async () => {
  await stack.stop();
});

describe('npm run token', () => {
  it("refuses to mint a token without the running stack's key, and says what to pass", async () => {
    // Prepare
    const empty = mkdtempSync(path.join(tmpdir(), 'aiops-no-stack-'));

    // Act
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'local/token.ts', '--data-dir', empty]);

    // Assess
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--data-dir') as unknown });
  });

  it('mints a token the running stack accepts', async () => {
    // Act
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'local/token.ts',
      '--data-dir',
      stack.dataDir,
      '--role',
      'viewer',
    ]);

    // Assess
    expect((await api('GET', `${M}/summary`, { token: stdout.trim() })).status).toBe(200);
  });
});

describe('API document', () => {
  it('serves the OpenAPI 3.1 document without a token, listing every route of the table', async () => {
    // Act
    const res = await api('GET', '/api/v1/aiops/openapi.json');

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const operations = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(operations.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });
});

describe('health', () => {
  it('answers 200 without a token', async () => {
    const res = await api('GET', '/api/v1/aiops/health');
    expect(res).toMatchObject({ status: 200, body: { success: true, status: 'ok', checks: { dynamodb: 'ok' } } });
  });
});

describe('authentication and roles', () => {
  it('answers 401 with the error shape when the token is missing, forged, expired or for another audience', async () => {
    // Prepare
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(other.privateKey);
    const expired = await tokenFor(stack.dataDir, ['admin'], -60);

    // Act
    const results = await Promise.all([
      api('GET', `${M}/summary`),
      api('GET', `${M}/summary`, { token: 'not-a-jwt' }),
      api('GET', `${M}/summary`, { token: forged }),
      api('GET', `${M}/summary`, { token: expired }),
    ]);

    // Assess
    for (const res of results) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  const matrix = ROUTES.filter((r) => r.roles !== undefined).flatMap((r) =>
    ROLES.map((role) => ({
      id: r.id,
      method: r.method,
      path: r.path,
      role,
      allowed: r.roles?.includes(role) === true,
    })),
  );

  // An empty body is enough to tell authorisation (checked before validation) apart.
  // "Let through" means the function's own handler for this route answered: not the gateway's
  // 401/403, and not its router's ROUTE_NOT_FOUND (a route in the table without a handler).
  it.each(matrix.filter((c) => c.allowed))(
    '$method $path lets $role through to its handler',
    async ({ id, method, path, role }) => {
      const res = await api(method, path, { token: tokens[role], ...(method === 'GET' ? {} : { body: {} }) });
      expect(res.route).toBe(id);
      expect([200, 201, 202, 400, 404, 409]).toContain(res.status);
      expect(res.body.error?.code).not.toBe('ROUTE_NOT_FOUND');
    },
  );

  it.each(matrix.filter((c) => !c.allowed))('$method $path forbids $role with 403', async ({ method, path, role }) => {
    const res = await api(method, path, { token: tokens[role], ...(method === 'GET' ? {} : { body: {} }) });
    expect(res).toMatchObject({ status: 403, body: { success: false, error: { code: 'FORBIDDEN' } } });
  });

  it('answers 400 for malformed percent escapes in a path, with or without a token', async () => {
    // Act
    const results = await Promise.all([
      api('POST', `${M}/alerts/%ZZ/ack`, { token: tokens.admin }),
      api('POST', `${M}/alerts/%ZZ/ack`),
      api('GET', '/api/ai/models/%', { token: tokens.admin }),
      api('GET', '/api/ai/models/%'),
    ]);

    // Assess
    for (const res of results) {
      expect(res).toMatchObject({ status: 400, body: { success: false, error: { code: 'BAD_REQUEST' } } });
    }
  });

  it('does not let requests without a valid token use up the bucket authenticated callers share', async () => {
    // Prepare: PUT /thresholds allows a burst of 10
    const body = { accuracy_threshold: 0.7 };

    // Act
    const anonymous = await Promise.all(
      Array.from({ length: 15 }, () => api('PUT', `${M}/thresholds`, { body, token: 'not-a-jwt' })),
    );
    const admin = await api('PUT', `${M}/thresholds`, { body, token: tokens.admin });

    // Assess
    expect(anonymous.map((r) => r.status)).toEqual(Array.from({ length: 15 }, () => 401));
    expect(admin.status).toBe(200);
  });

  it('answers 413, not a connection reset, to an 11 MB body, every time', async () => {
    // Prepare
    const body = JSON.stringify({ accuracy_threshold: 0.7, padding: 'x'.repeat(11 * 1024 * 1024) });

    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${stack.url}${M}/thresholds`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
        body,
      });
      statuses.push(res.status);
      await res.text();
    }

    // Assess
    expect(statuses).toEqual([413, 413, 413]);
  });

  it('answers 404 for an unknown route and 405 for a wrong method', async () => {
    expect((await api('GET', '/api/ai/nothing', { token: tokens.admin })).status).toBe(404);
    expect((await api('DELETE', `${M}/summary`, { token: tokens.admin })).status).toBe(405);
  });
});

describe('bad input', () => {
  const cases: [string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, string][] = [
    ['a missing model_name', { body: { ...prediction('bad_a'), model_name: undefined } }, 'model_name'],
    [
      'a wrong-typed response_time',
      { body: prediction('bad_b', {}, { response_time: 'fast' }) },
      'result.response_time',
    ],
    ['confidence above 1', { body: prediction('bad_c', {}, { confidence: 1.5 }) }, 'result.confidence'],
    ['a negative response_time', { body: prediction('bad_d', {}, { response_time: -0.1 }) }, 'result.response_time'],
    ['malformed JSON', { rawBody: '{"model_name": "bad_e", ' }, '(body)'],
    [
      'a non-JSON content type',
      { rawBody: 'model_name=bad_f', headers: { 'content-type': 'text/plain' } },
      '(headers).content-type',
    ],
    ['no body at all', {}, '(body)'],
  ];

  it.each(cases)('rejects %s with 400 naming %s and stores nothing', async (_label, request, field) => {
    // Act
    const res = await api('POST', `${M}/log-prediction`, { token: tokens.ingest, ...request });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(res.body.error?.details?.map((d) => d.path)).toContain(field);
    const summary = await api('GET', `${M}/summary`, { token: tokens.viewer });
    expect(JSON.stringify(summary.body)).not.toContain('bad_');
  });

  it('rejects a batch of 501 and a batch with one bad item, writing none of it', async () => {
    // Act
    const tooMany = await api('POST', `${M}/log-predictions`, {
      token: tokens.ingest,
      body: { predictions: Array.from({ length: 501 }, () => prediction('batch_x')) },
    });
    const oneBad = await api('POST', `${M}/log-predictions`, {
      token: tokens.ingest,
      body: { predictions: [prediction('batch_y'), prediction('batch_y', {}, { confidence: 7 })] },
    });

    // Assess
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error?.details?.[0]?.path).toBe('predictions');
    expect(oneBad.status).toBe(400);
    expect(oneBad.body.error?.details?.[0]?.path).toBe('predictions.1.result.confidence');
    expect((await api('GET', `${M}/performance?model_name=batch_y`, { token: tokens.viewer })).status).toBe(404);
  });

  it('rejects an unknown prediction_id on update-result with 404', async () => {
    const res = await api('POST', `${M}/update-result`, {
      token: tokens.ingest,
      body: { prediction_id: 'never_logged', actual_result: { label: 'yes' } },
    });
    expect(res).toMatchObject({ status: 404, body: { success: false, error: { code: 'NOT_FOUND' } } });
  });

  it('rejects out-of-range thresholds and a query without model_name', async () => {
    const bad = await api('PUT', `${M}/thresholds`, { token: tokens.admin, body: { accuracy_threshold: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.[0]?.path).toBe('accuracy_threshold');
    const noModel = await api('GET', `${M}/performance`, { token: tokens.viewer });
    expect(noModel.status).toBe(400);
    expect(noModel.body.error?.details?.[0]?.path).toBe('model_name');
  });
});

describe('monitoring settings', () => {
  it("reads and merges seed 000's settings document; the thresholds part lands in the thresholds", async () => {
    // Act
    const put = await api('PUT', `${M}/settings`, {
      token: tokens.admin,
      body: {
        update_interval_seconds: 30,
        alert_thresholds: { drift_threshold: 0.25 },
        notification_settings: { sms_enabled: false },
      },
    });
    const got = await api('GET', `${M}/settings`, { token: tokens.viewer });
    const thresholds = await api('GET', `${M}/thresholds`, { token: tokens.viewer });
    await api('PUT', `${M}/settings`, {
      token: tokens.admin,
      body: {
        update_interval_seconds: 60,
        alert_thresholds: { drift_threshold: 0.2 },
        notification_settings: { sms_enabled: true },
      },
    });

    // Assess
    expect(put.status).toBe(200);
    expect(got.body.settings).toEqual(put.body.settings);
    expect(got.body.settings).toMatchObject({
      monitoring_active: true,
      update_interval_seconds: 30,
      alert_thresholds: { drift_threshold: 0.25 },
      notification_settings: { email_enabled: true, sms_enabled: false, webhook_enabled: true },
    });
    expect((thresholds.body.thresholds as { drift_threshold: number }).drift_threshold).toBe(0.25);
  });

  it('rejects an unknown switch with a 400 naming it', async () => {
    // Act
    const res = await api('PUT', `${M}/settings`, {
      token: tokens.admin,
      body: { notification_settings: { fax_enabled: true } },
    });

    // Assess
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error?.details)).toContain('notification_settings');
  });
});

describe('rejected requests leave no trace', () => {
  const deep = (depth: number) => '{"x":'.repeat(depth) + '1' + '}'.repeat(depth);
  const body = (model: string, features: string, prediction = '"yes"', rt = '0.1') =>
    `{"model_name":"${model}","prediction_data":{"input_features":${features}},"result":{"prediction":${prediction},"response_time":${rt}}}`;
  const cases: [string, string, string][] = [
    ['features nested 1,500 deep', 'trace_a', body('trace_a', deep(1500))],
    ['features nested 10,000 deep', 'trace_b', body('trace_b', deep(10_000))],
    ['arrays nested 1,000 deep', 'trace_c', body('trace_c', `{"a":${'['.repeat(1000)}1${']'.repeat(1000)}}`)],
    ['a feature of 1e308', 'trace_d', body('trace_d', '{"x":1e308}')],
    ['a feature of 1e999 (Infinity)', 'trace_e', body('trace_e', '{"x":1e999}')],
    ['a feature of 1e-320', 'trace_f', body('trace_f', '{"x":1e-320}')],
    ['a prediction of 1e999', 'trace_g', body('trace_g', '{}', '1e999')],
    ['a response time of 1e-320', 'trace_h', body('trace_h', '{}', '"yes"', '1e-320')],
  ];

  it.each(cases)('answers 400 to %s and registers no model', async (_label, model, raw) => {
    // Prepare
    const before = await api('GET', `${M}/summary`, { token: tokens.viewer });

    // Act
    const res = await api('POST', `${M}/log-prediction`, { token: tokens.ingest, rawBody: raw });

    // Assess
    expect(res.status).toBe(400);
    expect((await api('GET', `/api/ai/models/${model}`, { token: tokens.viewer })).status).toBe(404);
    const after = await api('GET', `${M}/summary`, { token: tokens.viewer });
    expect((after.body.summary as { total_models: number }).total_models).toBe(
      (before.body.summary as { total_models: number }).total_models,
    );
  });

  it('stores a prediction with a feature of 1e20, which DynamoDB can hold', async () => {
    // Act
    const res = await api('POST', `${M}/log-prediction`, {
      token: tokens.ingest,
      rawBody: body('trace_ok', '{"x":1e20}', '1e20'),
    });

    // Assess
    expect(res.status).toBe(201);
    expect((await api('GET', '/api/ai/models/trace_ok', { token: tokens.viewer })).status).toBe(200);
  });
});

describe('logging and reading', () => {
  it('keeps p95_response_time within the observed range (0.12, 0.12, 2.5 s -> 2.5 s within 1%)', async () => {
    // Prepare
    for (const [i, rt] of [0.12, 0.12, 2.5].entries()) {
      await api('POST', `${M}/log-prediction`, {
        token: tokens.ingest,
        body: prediction('p95_model', { prediction_id: `p95_${i}` }, { response_time: rt }),
      });
    }

    // Act
    const res = await api('GET', `${M}/performance?model_name=p95_model`, { token: tokens.viewer });

    // Assess
    const p95 = (res.body.performance as { p95_response_time: number }).p95_response_time;
    expect(Math.abs(p95 - 2.5) / 2.5).toBeLessThanOrEqual(0.01);
  });

  it('reports strong drift (p-values below 1e-130) and requests a retrain', async () => {
    // Prepare: 500 rows of x ~ U(0, 1), then 1,000 rows of x ~ U(0.8, 1.8) (the issue's repro)
    const rows = (n: number, offset: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        model_name: 'strong_drift',
        prediction_id: `sd${from + i}`,
        task_type: 'classification',
        prediction_data: { input_features: { x: offset + ((i * 7919) % 1000) / 1000 } },
        result: { prediction: 'a', confidence: 0.9, response_time: 0.05 },
      }));
    for (const batch of [rows(500, 0, 0), rows(500, 0.8, 500), rows(500, 0.8, 1000)]) {
      expect(
        (await api('POST', `${M}/log-predictions`, { token: tokens.ingest, body: { predictions: batch } })).status,
      ).toBe(200);
    }

    // Act
    const res = await api('GET', `${M}/drift?model_name=strong_drift&refresh=true`, { token: tokens.viewer });

    // Assess
    expect(res.status).toBe(200);
    const drift = res.body.drift as {
      drift_score: number;
      report: { features: { feature: string; p_value: number }[] };
    };
    expect(drift.drift_score).toBeGreaterThan(0.5);
    expect(drift.report.features.find((f) => f.feature === 'x')?.p_value).toBeLessThan(1e-130);
    const status = await eventually(async () => {
      const s = await api('GET', '/api/ai/retrain/status', { token: tokens.viewer });
      return JSON.stringify(s.body).includes('strong_drift') ? s : undefined;
    });
    expect(status.status).toBe(200);
  });

  it('counts a retried prediction_id once, single and batched', async () => {
    // Act
    const first = await api('POST', `${M}/log-prediction`, {
      token: tokens.ingest,
      body: prediction('idem', { prediction_id: 'idem-1' }),
    });
    const retry = await api('POST', `${M}/log-prediction`, {
      token: tokens.ingest,
      body: prediction('idem', { prediction_id: 'idem-1' }),
    });
    const batch = {
      predictions: [prediction('idem', { prediction_id: 'idem-2' }), prediction('idem', { prediction_id: 'idem-3' })],
    };
    const b1 = await api('POST', `${M}/log-predictions`, { token: tokens.ingest, body: batch });
    const b2 = await api('POST', `${M}/log-predictions`, { token: tokens.ingest, body: batch });

    // Assess
    expect(first).toMatchObject({ status: 201, body: { success: true, prediction_id: 'idem-1', status: 'created' } });
    expect(retry).toMatchObject({ status: 200, body: { success: true, prediction_id: 'idem-1', status: 'duplicate' } });
    expect(b1.body).toMatchObject({ created: 2, duplicates: 0 });
    expect(b2.body).toMatchObject({ created: 0, duplicates: 2 });
    const perf = await api('GET', `${M}/performance?model_name=idem`, { token: tokens.viewer });
    expect(perf.body).toMatchObject({ performance: { prediction_count: 3 } });
  });

  it('reports regression accuracy, MAE and RMSE after outcomes arrive, in the seed shape', async () => {
    // Prepare
    const logged = await api('POST', `${M}/log-predictions`, {
      token: tokens.ingest,
      body: {
        predictions: [
          prediction('sales_e2e', { prediction_id: 's-1' }, { prediction: 1_250_000 }),
          prediction('sales_e2e', { prediction_id: 's-2' }, { prediction: 900 }),
          { ...prediction('sales_e2e', { prediction_id: 's-3' }), result: { response_time: 3, error: 'timeout' } },
        ],
      },
    });
    expect(logged.status).toBe(200);

    // Act
    await api('POST', `${M}/update-result`, {
      token: tokens.ingest,
      body: { prediction_id: 's-1', actual_result: { actual_sales: 1_280_000 } },
    });
    await api('POST', `${M}/update-result`, {
      token: tokens.ingest,
      body: { prediction_id: 's-2', actual_result: { actual_sales: 1000 } },
    });
    const res = await api('GET', `${M}/performance?model_name=sales_e2e&hours=1`, { token: tokens.viewer });

    // Assess
    const perf = res.body.performance as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(perf).toMatchObject({
      model_name: 'sales_e2e',
      task_type: 'regression',
      prediction_count: 3,
      error_count: 1,
      labelled_count: 2,
      status: 'healthy',
    });
    expect(perf.accuracy as number).toBeCloseTo((0.9765625 + 0.9) / 2, 6);
    expect(perf.mae as number).toBeCloseTo((30_000 + 100) / 2, 6);
    expect(perf.rmse as number).toBeCloseTo(Math.sqrt((30_000 ** 2 + 100 ** 2) / 2), 3);
    expect(perf.avg_response_time as number).toBeCloseTo((0.12 + 0.12 + 3) / 3, 6);
    for (const key of ['last_prediction', 'last_training', 'drift_score']) expect(perf).toHaveProperty(key);
    expect(res.body.history).toEqual([
      expect.objectContaining({ accuracy: perf.accuracy, prediction_count: 3, error_rate: 1 / 3 }),
    ]);
  });

  it('answers 404 for the performance of an unknown model and summarises known ones', async () => {
    expect((await api('GET', `${M}/performance?model_name=ghost`, { token: tokens.viewer })).status).toBe(404);
    const summary = await api('GET', `${M}/summary`, { token: tokens.viewer });
    expect(summary.body.summary).toMatchObject({
      monitoring_active: true,
      auto_retrain_enabled: true,
      status_distribution: { healthy: expect.any(Number) as number },
    });
    expect((summary.body.summary as { total_models: number }).total_models).toBeGreaterThanOrEqual(2);
  });

  it('lets an admin change thresholds and everybody with read access see them', async () => {
    // Act
    const put = await api('PUT', `${M}/thresholds`, {
      token: tokens.admin,
      body: {
        accuracy_threshold: 0.75,
        response_time_threshold: 1.5,
        error_rate_threshold: 0.08,
        drift_threshold: 0.15,
      },
    });
    const get = await api('GET', `${M}/thresholds`, { token: tokens.viewer });

    // Assess
    expect(put.status).toBe(200);
    expect(get.body.thresholds).toMatchObject({
      accuracy_threshold: 0.75,
      response_time_threshold: 1.5,
      error_rate_threshold: 0.08,
      drift_threshold: 0.15,
      warning_margin: 0.1,
    });
  });
});

describe('alerts', () => {
  it('publishes a critical alert to the topic when a model crosses its accuracy threshold', async () => {
    // Prepare: a model whose predictions are mostly wrong
    const ids = Array.from({ length: 25 }, (_, i) => `al-${i}`);
    const items = ids.map((id) => prediction('alerting', { prediction_id: id }));
    await api('POST', `${M}/log-predictions`, { token: tokens.ingest, body: { predictions: items } });

    // Act
    for (const [i, id] of ids.entries()) {
      await api('POST', `${M}/update-result`, {
        token: tokens.ingest,
        body: { prediction_id: id, actual_result: { label: i < 5 ? 'yes' : 'no' } },
      });
    }

    // Assess: the evaluator runs at once (and again after the 5 s coalescing window). The
    // warning on the same metric is inhibited by the critical one; as outcomes trickle in, the
    // warning can fire an evaluation before the critical does, so wait for both records.
    const listed = await eventually(async () => {
      const res = await api('GET', `${M}/alerts?model_name=alerting`, { token: tokens.viewer });
      const alerts = res.body.alerts as { severity: string; state: string; title: string; suppressed?: string }[];
      const inhibited = alerts.find((a) => a.severity === 'warning')?.suppressed === 'inhibited';
      return alerts.some((a) => a.severity === 'critical') && inhibited ? alerts : undefined;
    });
    const critical = listed.find((a) => a.severity === 'critical');
    expect(critical).toMatchObject({ state: 'firing', rule: 'accuracy_low_critical' });
    expect(critical?.title).toContain('accuracy');
    expect(listed.find((a) => a.severity === 'warning')?.suppressed).toBe('inhibited');
    const outbox = await eventually(async () => {
      const lines = readOutbox(stack.dataDir).filter((l) => l.notice?.model_name === 'alerting');
      return Promise.resolve(lines.length > 0 ? lines : undefined);
    });
    expect(outbox[0]?.attributes).toMatchObject({
      severity: { Value: 'critical' },
      model_name: { Value: 'alerting' },
      audience: { Value: 'primary' },
    });
    const perf = await api('GET', `${M}/performance?model_name=alerting`, { token: tokens.viewer });
    expect(perf.body).toMatchObject({ performance: { status: 'critical', accuracy: 0.2 } });
  });
});

function readOutbox(dataDir: string): { notice?: { model_name: string }; attributes?: unknown }[] {
  try {
    return readFileSync(path.join(dataDir, 'alerts-outbox.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { notice?: { model_name: string } });
  } catch {
    return [];
  }
}
