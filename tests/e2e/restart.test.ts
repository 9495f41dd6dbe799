import { execSync } from 'node:child_process';
import { apiClient, eventually, newDataDir, startStack, tokenFor, type RunningStack } from '../support/local-stack.ts';

const M = '/api/ai/monitoring';

describe('local stack restart', () => {
  let stack: RunningStack | undefined;

  afterEach(async () => {
    await stack?.stop();
  });

  it('keeps predictions, thresholds, tokens and queued work across a restart', async () => {
    // Prepare: data, a threshold change, and an evaluation request still waiting in its queue
    const dataDir = newDataDir();
    stack = await startStack(dataDir);
    const token = await tokenFor(dataDir, ['admin']);
    let api = apiClient(stack.url);
    await api('PUT', `${M}/thresholds`, { token, body: { accuracy_threshold: 0.8 } });
    const items = Array.from({ length: 30 }, (_, i) => ({
      model_name: 'durable',
      prediction_id: `d-${i}`,
      prediction_data: { input_features: { i } },
      result: { prediction: 'yes', confidence: 0.7, response_time: 0.2 },
    }));
    expect((await api('POST', `${M}/log-predictions`, { token, body: { predictions: items } })).status).toBe(200);
    for (const item of items) {
      await api('POST', `${M}/update-result`, {
        token,
        body: { prediction_id: item.prediction_id, actual_result: { y: 'no' } },
      });
    }

    // Act: stop before the delayed evaluation is delivered, then start again on the same data
    await stack.stop();
    stack = await startStack(dataDir);
    api = apiClient(stack.url);

    // Assess
    const perf = await api('GET', `${M}/performance?model_name=durable`, { token });
    expect(perf.body).toMatchObject({ performance: { prediction_count: 30, labelled_count: 30, accuracy: 0 } });
    expect((await api('GET', `${M}/thresholds`, { token })).body.thresholds).toMatchObject({ accuracy_threshold: 0.8 });
    const alerts = await eventually(async () => {
      const res = await api('GET', `${M}/alerts?model_name=durable`, { token });
      const list = res.body.alerts as unknown[];
      return list.length > 0 ? list : undefined;
    });
    expect(alerts).toContainEqual(
      expect.objectContaining({ model_name: 'durable', severity: 'critical', state: 'firing' }),
    );
  });
});

describe('local stack health', () => {
  let stack: RunningStack | undefined;

  afterEach(async () => {
    await stack?.stop();
  });

  it('answers 503 naming DynamoDB when its emulator is down', async () => {
    // Prepare
    const dataDir = newDataDir();
    stack = await startStack(dataDir);
    const api = apiClient(stack.url);
    const before = await api('GET', '/api/v1/aiops/health');

    // Act: the emulator dies (as a crashing request once made it)
    execSync(`pkill -KILL -f "[d]ynalite-child.cjs ${dataDir}"`);
    const after = await eventually(async () => {
      const res = await api('GET', '/api/v1/aiops/health');
      return res.status === 503 ? res : undefined;
    }, 10_000);

    // Assess
    expect(before.body).toMatchObject({ status: 'ok', checks: { dynamodb: 'ok' } });
    expect(after.body.error).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'degraded: dynamodb unavailable',
      details: [expect.objectContaining({ path: 'dynamodb' })],
    });
  });
});
