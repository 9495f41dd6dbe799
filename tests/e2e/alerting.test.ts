import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHmac } from 'node:crypto';
import { DynamoConfigStore } from '#adapters/dynamodb/config.adapter.ts';
import type { Role } from '#catalog/routes.ts';
import {
  apiClient,
  eventually,
  newDataDir,
  roleTokens,
  startStack,
  type RunningStack,
} from '../support/local-stack.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const M = '/api/ai/monitoring';

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
const tokens = {} as Record<Role, string>;

/** Logs `count` predictions of a classifier and their outcomes, `right` of them correct. */
async function traffic(model: string, count: number, right: number, prefix: string) {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const predictions = ids.map((id) => ({
    model_name: model,
    prediction_id: id,
    prediction_data: { input_features: { x: 1 } },
    result: { prediction: 'yes', confidence: 0.9, response_time: 0.1 },
  }));
  expect((await api('POST', `${M}/log-predictions`, { token: tokens.ingest, body: { predictions } })).status).toBe(200);
  for (const [i, id] of ids.entries()) {
    await api('POST', `${M}/update-result`, {
      token: tokens.ingest,
      body: { prediction_id: id, actual_result: { y: i < right ? 'yes' : 'no' } },
    });
  }
}

beforeAll(async () => {
  // The first POST fails, so one notice is retried with backoff.
  hook = await startWebhookReceiver([500]);
  stack = await startStack(newDataDir(), ['--webhook', hook.url]);
  api = apiClient(stack.url);
  Object.assign(tokens, await roleTokens(stack.dataDir));
});

afterAll(async () => {
  await stack.stop();
  await hook.close();
});

describe('webhook delivery', () => {
  it('POSTs a signed notice to the webhook, retrying after a failure, and records delivery', async () => {
    // Act
    await traffic('hooked', 25, 5, 'wh');

    // Assess: the first attempt got a 500; the retry after the 10 s backoff succeeds
    const hooks = await eventually(
      async () => Promise.resolve(hook.received.length >= 2 ? hook.received : undefined),
      40_000,
    );
    const [first, second] = hooks;
    expect(second?.body).toBe(first?.body);
    const body = JSON.parse(second?.body ?? '{}') as {
      type: string;
      version: number;
      notice: { model_name: string; severity: string; alerts: { rule: string }[] };
    };
    expect(body).toMatchObject({
      type: 'alert_notice',
      version: 1,
      notice: { model_name: 'hooked', severity: 'critical' },
    });
    expect(body.notice.alerts.map((a) => a.rule)).toContain('accuracy_low_critical');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(9_000);

    // The signature verifies with the secret kept in the Config table.
    const doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.dynamodbEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
    );
    const secret = String((await new DynamoConfigStore(doc, 'aiops-local-Config').get('webhook_signing'))?.secret);
    const timestamp = String(second?.headers['x-aiops-timestamp']);
    expect(second?.headers['x-aiops-signature']).toBe(
      `sha256=${createHmac('sha256', secret)
        .update(`${timestamp}.${second?.body ?? ''}`)
        .digest('hex')}`,
    );

    const notifications = await api('GET', `${M}/notifications?model_name=hooked`, { token: tokens.viewer });
    const list = notifications.body.notifications as { deliveries: { status: string; attempts: number }[] }[];
    expect(list[0]?.deliveries).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2 })]);
  }, 60_000);
});

describe('acknowledge', () => {
  it('lets an operator acknowledge a firing alert; viewers may not; unknown ids are 404', async () => {
    // Prepare
    await traffic('acked', 25, 5, 'ak');
    const alert = await eventually(async () => {
      const res = await api('GET', `${M}/alerts?model_name=acked&state=firing`, { token: tokens.viewer });
      return (res.body.alerts as { alert_id: string }[])[0];
    });

    // Act
    const denied = await api('POST', `${M}/alerts/${alert.alert_id}/ack`, { token: tokens.viewer, body: {} });
    const acked = await eventually(async () => {
      const res = await api('POST', `${M}/alerts/${alert.alert_id}/ack`, {
        token: tokens.operator,
        body: { comment: 'looking' },
      });
      return res.status === 200 ? res : undefined;
    });
    const unknown = await api('POST', `${M}/alerts/nope/ack`, { token: tokens.operator, body: {} });

    // Assess
    expect(denied.status).toBe(403);
    expect(acked.body.alert).toMatchObject({ alert_id: alert.alert_id, acked_by: 'local-operator' });
    expect(unknown.status).toBe(404);
  });
});

describe('silences', () => {
  it('rejects a silence that ends before it starts, naming ends_at, and manages valid ones', async () => {
    // Act
    const bad = await api('POST', `${M}/silences`, {
      token: tokens.operator,
      body: {
        matchers: { model_name: 'x' },
        starts_at: '2030-01-02T00:00:00Z',
        ends_at: '2030-01-01T00:00:00Z',
        comment: 'oops',
      },
    });
    const noMatcher = await api('POST', `${M}/silences`, {
      token: tokens.operator,
      body: { matchers: {}, ends_at: '2030-01-01T00:00:00Z', comment: 'c' },
    });
    const created = await api('POST', `${M}/silences`, {
      token: tokens.operator,
      body: { matchers: { model_name: 'quiet' }, ends_at: '2099-01-01T00:00:00Z', comment: 'maintenance' },
    });
    const id = (created.body.silence as { silence_id: string }).silence_id;
    const listed = await api('GET', `${M}/silences`, { token: tokens.viewer });
    const extended = await api('PUT', `${M}/silences/${id}`, {
      token: tokens.operator,
      body: { matchers: { model_name: 'quiet' }, ends_at: '2099-06-01T00:00:00Z', comment: 'longer maintenance' },
    });
    const badUpdate = await api('PUT', `${M}/silences/${id}`, {
      token: tokens.operator,
      body: {
        matchers: { model_name: 'quiet' },
        starts_at: '2099-07-01T00:00:00Z',
        ends_at: '2099-06-01T00:00:00Z',
        comment: 'c',
      },
    });
    const deleted = await api('DELETE', `${M}/silences/${id}`, { token: tokens.operator });
    const again = await api('DELETE', `${M}/silences/${id}`, { token: tokens.operator });

    // Assess
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.map((d) => d.path)).toEqual(['ends_at']);
    expect(noMatcher.body.error?.details?.[0]?.path).toBe('matchers');
    expect(created).toMatchObject({
      status: 201,
      body: { silence: { matchers: { model_name: 'quiet' }, created_by: 'local-operator' } },
    });
    expect((listed.body.silences as { silence_id: string }[]).map((s) => s.silence_id)).toContain(id);
    expect(extended.body.silence).toMatchObject({
      silence_id: id,
      ends_at: '2099-06-01T00:00:00Z',
      comment: 'longer maintenance',
    });
    expect(badUpdate.status).toBe(400);
    expect(deleted.status).toBe(200);
    expect(again.status).toBe(404);
  });

  it('keeps a silenced model quiet while still recording its alert', async () => {
    await api('POST', `${M}/silences`, {
      token: tokens.operator,
      body: { matchers: { model_name: 'hushed' }, ends_at: '2099-01-01T00:00:00Z', comment: 'known issue' },
    });
    await traffic('hushed', 25, 5, 'hu');
    const alert = await eventually(async () => {
      const res = await api('GET', `${M}/alerts?model_name=hushed`, { token: tokens.viewer });
      return (res.body.alerts as { suppressed?: string }[])[0];
    });
    expect(alert.suppressed).toBe('silenced');
    expect(hook.received.some((h) => h.body.includes('"hushed"'))).toBe(false);
  });
});

describe('alert rules', () => {
  it('rejects bad YAML and unknown metrics with the failing path, changing nothing', async () => {
    // Act
    const badYaml = await api('PUT', `${M}/alert-rules`, {
      token: tokens.admin,
      rawBody: 'alert_rules:\n  - name: x\n    condition: cpu > 9\n    severity: critical\n',
      headers: { 'content-type': 'application/yaml' },
    });
    const notYaml = await api('PUT', `${M}/alert-rules`, {
      token: tokens.admin,
      rawBody: 'alert_rules: [oops',
      headers: { 'content-type': 'application/yaml' },
    });
    const badJson = await api('PUT', `${M}/alert-rules`, {
      token: tokens.admin,
      body: { rules: [{ name: 'x', metric: 'cpu', comparison: '>', threshold: 1, severity: 'critical' }] },
    });
    const byOperator = await api('PUT', `${M}/alert-rules`, { token: tokens.operator, body: { rules: [] } });
    const current = await api('GET', `${M}/alert-rules`, { token: tokens.viewer });

    // Assess
    expect(badYaml.status).toBe(400);
    expect(badYaml.body.error?.details?.[0]?.path).toBe('alert_rules.0.condition');
    expect(notYaml.status).toBe(400);
    expect(badJson.status).toBe(400);
    expect(badJson.body.error?.details?.map((d) => d.path)).toContain('rules.0.metric');
    expect(byOperator.status).toBe(403);
    expect(current.body).toMatchObject({ customized: false });
  });

  it('imports YAML, exports it, upserts and deletes single rules', async () => {
    // Act
    const imported = await api('PUT', `${M}/alert-rules`, {
      token: tokens.admin,
      rawBody:
        'alert_rules:\n  - name: slow\n    condition: avg_response_time > 3000ms\n    duration: 5m\n    severity: warning\n    actions:\n      - email: ops@example.com\n',
      headers: { 'content-type': 'application/yaml' },
    });
    const upsert = await api('PUT', `${M}/alert-rules`, {
      token: tokens.admin,
      body: { rule: { name: 'acc', metric: 'accuracy', comparison: '<', threshold: 0.6, severity: 'critical' } },
    });
    const yaml = await fetch(`${stack.url}${M}/alert-rules?format=yaml`, {
      headers: { authorization: `Bearer ${tokens.viewer}` },
    });
    const yamlText = await yaml.text();
    const deleted = await api('DELETE', `${M}/alert-rules?name=slow`, { token: tokens.admin });
    const missing = await api('DELETE', `${M}/alert-rules?name=slow`, { token: tokens.admin });

    // Assess
    expect(imported.body).toMatchObject({
      customized: true,
      rules: [
        {
          name: 'slow',
          metric: 'response_time',
          threshold: 3,
          for_seconds: 300,
          actions: [{ type: 'email', target: 'ops@example.com' }],
        },
      ],
    });
    expect((upsert.body.rules as { name: string }[]).map((r) => r.name)).toEqual(['slow', 'acc']);
    expect(yaml.headers.get('content-type')).toContain('yaml');
    expect(yamlText).toContain('condition: response_time > 3');
    expect(yamlText).toContain('duration: 5m');
    expect((deleted.body.rules as { name: string }[]).map((r) => r.name)).toEqual(['acc']);
    expect(missing.status).toBe(404);
  });
});

describe('alerting settings and drift', () => {
  it('validates alerting settings', async () => {
    const bad = await api('PUT', `${M}/alerting-settings`, {
      token: tokens.admin,
      body: { mute_windows: [{ name: 'n', days: [9], start: '25:00', end: '01:00' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.map((d) => d.path)).toEqual(
      expect.arrayContaining(['mute_windows.0.days.0', 'mute_windows.0.start']),
    );
    const good = await api('PUT', `${M}/alerting-settings`, {
      token: tokens.admin,
      body: { repeat_interval_seconds: 7200 },
    });
    expect(good.body.settings).toMatchObject({ repeat_interval_seconds: 7200, dedup_window_seconds: 300 });
  });

  it('reports per-feature drift for a model and 404 for an unknown one', async () => {
    await traffic('drifty', 40, 36, 'dr');
    const res = await api('GET', `${M}/drift?model_name=drifty`, { token: tokens.viewer });
    expect(res.status).toBe(200);
    expect(res.body.drift).toMatchObject({
      drift_score: expect.any(Number) as number,
      report: { reference_size: 40, current_size: 40 },
    });
    expect((await api('GET', `${M}/drift?model_name=ghost`, { token: tokens.viewer })).status).toBe(404);
  });
});
