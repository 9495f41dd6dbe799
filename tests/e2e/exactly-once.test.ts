import { BUCKET_MS, SEAL_GRACE_MS } from '#domain/monitoring/buckets.ts';
import { CLAIM_HOLD_MS } from '#domain/monitoring/service.ts';
import { apiClient, eventually, newDataDir, startStack, tokenFor, type RunningStack } from '../support/local-stack.ts';

const M = '/api/ai/monitoring';

const item = (model: string, id: string) => ({
  model_name: model,
  prediction_id: id,
  prediction_data: { input_features: { amount: 12.5 } },
  result: { prediction: 'yes', confidence: 0.8, response_time: 0.05 },
});

describe('counting exactly once through the local stack', () => {
  let stack: RunningStack | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('counts a 50-item batch sent 10 times at once as 50', async () => {
    // Prepare
    const dataDir = newDataDir();
    stack = await startStack(dataDir, ['--no-throttle']);
    const token = await tokenFor(dataDir, ['admin']);
    const api = apiClient(stack.url);
    const batch = { predictions: Array.from({ length: 50 }, (_, i) => item('twins', `t-${i}`)) };

    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api('POST', `${M}/log-predictions`, { token, body: batch })),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
    const created = answers.flatMap((a) =>
      (a.body.results as { status: string }[]).filter((r) => r.status === 'created'),
    );
    expect(created).toHaveLength(50);
    const perf = await api('GET', `${M}/performance?model_name=twins`, { token });
    expect(perf.body).toMatchObject({ performance: { prediction_count: 50 } });
  });

  it('after kill -9 mid-load and the client retrying every id, loses no acknowledged prediction and counts each once', async () => {
    // Prepare: load from 6 clients, half batches of 25 and half single requests.
    const dataDir = newDataDir();
    stack = await startStack(dataDir, ['--no-throttle']);
    const token = await tokenFor(dataDir, ['admin']);
    let api = apiClient(stack.url);
    const attempted = new Set<string>();
    const acknowledged = new Set<string>();
    let running = true;
    const client = async (c: number) => {
      for (let n = 0; running; n++) {
        const ids = c % 2 === 0 ? Array.from({ length: 25 }, (_, i) => `k-${c}-${n}-${i}`) : [`k-${c}-${n}`];
        for (const id of ids) attempted.add(id);
        try {
          const res =
            ids.length === 1
              ? await api('POST', `${M}/log-prediction`, { token, body: item('crashy', ids[0] ?? '') })
              : await api('POST', `${M}/log-predictions`, {
                  token,
                  body: { predictions: ids.map((id) => item('crashy', id)) },
                });
          if (res.status < 300) for (const id of ids) acknowledged.add(id);
        } catch {
          return; // the connection died with the stack
        }
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, c) => client(c)));

    // Act: kill -9 mid-load, start again "later" (every bucket of the load closed), retry every id.
    await eventually(() => Promise.resolve(acknowledged.size >= 300 ? true : undefined), 20_000);
    await stack.kill();
    running = false;
    await load;
    stack = await startStack(dataDir, [
      '--no-throttle',
      '--clock-offset-ms',
      String(BUCKET_MS + SEAL_GRACE_MS + 60_000),
    ]);
    api = apiClient(stack.url);
    const ids = [...attempted];
    const lost: string[] = [];
    for (let i = 0; i < ids.length; i += 200) {
      const part = ids.slice(i, i + 200);
      const res = await api('POST', `${M}/log-predictions`, {
        token,
        body: { predictions: part.map((id) => item('crashy', id)) },
      });
      expect(res.status).toBe(200);
      for (const r of res.body.results as { prediction_id: string; status: string }[])
        if (r.status === 'created' && acknowledged.has(r.prediction_id)) lost.push(r.prediction_id);
    }

    // Assess: the evaluation the retry asked for seals the closed buckets from what is stored.
    expect(lost).toEqual([]);
    const count = await eventually(async () => {
      const perf = await api('GET', `${M}/performance?model_name=crashy`, { token });
      const n = (perf.body.performance as { prediction_count: number } | undefined)?.prediction_count;
      return n === ids.length ? n : undefined;
    }, 30_000);
    expect(count).toBe(ids.length);
  });

  it('after kill -9 mid-way through outcomes and the client retrying every one, counts each outcome once', async () => {
    // Prepare: 240 stored predictions, then their outcomes from 6 clients at once.
    const dataDir = newDataDir();
    stack = await startStack(dataDir, ['--no-throttle']);
    const token = await tokenFor(dataDir, ['admin']);
    let api = apiClient(stack.url);
    const ids = Array.from({ length: 240 }, (_, i) => `o-${i}`);
    for (let i = 0; i < ids.length; i += 120) {
      const res = await api('POST', `${M}/log-predictions`, {
        token,
        body: { predictions: ids.slice(i, i + 120).map((id) => item('labelled', id)) },
      });
      expect(res.status).toBe(200);
    }
    const outcome = (id: string) => ({
      prediction_id: id,
      actual_result: { label: Number(id.slice(2)) % 3 === 0 ? 'no' : 'yes' },
    });
    let acknowledged = 0;
    const client = async (c: number) => {
      for (let i = c; i < ids.length; i += 6) {
        try {
          const res = await api('POST', `${M}/update-result`, { token, body: outcome(ids[i] ?? '') });
          if (res.status < 300) acknowledged++;
        } catch {
          return; // the connection died with the stack
        }
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, c) => client(c)));

    // Act: kill -9 mid-way, start again after the outcome claims lapsed, send every outcome again.
    await eventually(() => Promise.resolve(acknowledged >= 40 ? true : undefined), 20_000);
    await stack.kill();
    await load;
    stack = await startStack(dataDir, ['--no-throttle', '--clock-offset-ms', String(CLAIM_HOLD_MS + 5_000)]);
    api = apiClient(stack.url);
    for (const id of ids)
      expect((await api('POST', `${M}/update-result`, { token, body: outcome(id) })).status).toBe(200);

    // Assess: every outcome labelled once, and the accuracy is the share of 'yes'.
    const perf = await api('GET', `${M}/performance?model_name=labelled`, { token });
    expect(perf.body).toMatchObject({ performance: { labelled_count: 240, prediction_count: 240 } });
    expect(acknowledged).toBeLessThan(240);
  });
});
