import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUCKET_MS, SEAL_GRACE_MS } from '#domain/monitoring/buckets.ts';
import { CLAIM_HOLD_MS } from '#domain/monitoring/service.ts';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { startStackProcess, type RunningStack } from '#local/child.ts';
import { fmt, row } from './lib.ts';

const M = '/api/ai/monitoring';
const item = (model: string, id: string) => ({
  model_name: model,
  prediction_id: id,
  prediction_data: { input_features: { amount: 12.5 } },
  result: { prediction: 'yes', confidence: 0.8, response_time: 0.05 },
});

function client(url: string, token: string) {
  return async (route: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${url}${route}`, {
      method: route.startsWith(`${M}/performance`) ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(route.startsWith(`${M}/performance`) ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

async function predictionCount(
  url: string,
  token: string,
  model: string,
  field: 'prediction_count' | 'labelled_count' = 'prediction_count',
): Promise<number> {
  const res = await client(url, token)(`${M}/performance?model_name=${model}`, undefined);
  return (res.body.performance as Record<string, number> | undefined)?.[field] ?? 0;
}

/**
 * A kill -9 round for outcomes: 600 stored predictions, 6 clients send their outcomes one per
 * request, the stack is killed after 200 are acknowledged and started again once the outcome
 * claims have lapsed, and the clients send every outcome again.
 */
async function outcomeKillRound(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-crash-'));
  let stack: RunningStack = await startStackProcess(dataDir, ['--no-demo', '--no-throttle']);
  const token = await mintToken(await loadOrCreateKeys(dataDir), { roles: ['admin'] });
  try {
    const model = 'crash_outcomes';
    const ids = Array.from({ length: 600 }, (_, i) => `o-${i}`);
    const post = client(stack.url, token);
    for (let i = 0; i < ids.length; i += 200)
      await post(`${M}/log-predictions`, { predictions: ids.slice(i, i + 200).map((id) => item(model, id)) });
    const outcome = (id: string) => ({ prediction_id: id, actual_result: { label: 'yes' } });
    let acknowledged = 0;
    const started = performance.now();
    const worker = async (c: number) => {
      for (let i = c; i < ids.length; i += 6) {
        try {
          if ((await post(`${M}/update-result`, outcome(ids[i] ?? ''))).status < 300) acknowledged++;
        } catch {
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, c) => worker(c)));
    while (acknowledged < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    const rate = (acknowledged / (performance.now() - started)) * 1000;
    await stack.kill();
    await load;
    stack = await startStackProcess(dataDir, [
      '--no-demo',
      '--no-throttle',
      '--clock-offset-ms',
      String(CLAIM_HOLD_MS + 5_000),
    ]);
    const before = await predictionCount(stack.url, token, model, 'labelled_count');
    const retry = client(stack.url, token);
    for (const id of ids) await retry(`${M}/update-result`, outcome(id));
    const after = await predictionCount(stack.url, token, model, 'labelled_count');
    row(
      'kill -9 mid-way through outcomes, single requests, 6 clients',
      `${fmt(rate)} outcomes/s before the kill; acknowledged ${fmt(acknowledged)}, counted before the retry ${fmt(
        before,
      )}; after the retry ${fmt(after)} counted of ${fmt(ids.length)}`,
    );
  } finally {
    await stack.stop();
  }
}

/**
 * One kill -9 round: 6 clients log predictions (batches of 25, or one per request) until 1,500
 * are acknowledged, the stack is killed, started again with its clock past the load's buckets,
 * and the clients retry every id they sent.
 */
async function killRound(mode: 'batch' | 'single'): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-crash-'));
  let stack: RunningStack = await startStackProcess(dataDir, ['--no-demo', '--no-throttle']);
  const token = await mintToken(await loadOrCreateKeys(dataDir), { roles: ['admin'] });
  try {
    const model = `crash_${mode}`;
    const attempted = new Set<string>();
    const acknowledged = new Set<string>();
    let running = true;
    const post = client(stack.url, token);
    const worker = async (c: number) => {
      for (let n = 0; running; n++) {
        const ids = mode === 'batch' ? Array.from({ length: 25 }, (_, i) => `${c}-${n}-${i}`) : [`${c}-${n}`];
        for (const id of ids) attempted.add(id);
        try {
          const res =
            mode === 'single'
              ? await post(`${M}/log-prediction`, item(model, ids[0] ?? ''))
              : await post(`${M}/log-predictions`, { predictions: ids.map((id) => item(model, id)) });
          if (res.status < 300) for (const id of ids) acknowledged.add(id);
        } catch {
          return;
        }
      }
    };
    const clients = { ended: false };
    const load = Promise.all(Array.from({ length: 6 }, (_, c) => worker(c))).then(() => {
      clients.ended = true;
    });
    const target = mode === 'batch' ? 1500 : 300;
    while (acknowledged.size < target && !clients.ended) await new Promise((resolve) => setTimeout(resolve, 20));
    await stack.kill();
    running = false;
    await load;

    stack = await startStackProcess(dataDir, [
      '--no-demo',
      '--no-throttle',
      '--clock-offset-ms',
      String(BUCKET_MS + SEAL_GRACE_MS + 60_000),
    ]);
    const counted = await predictionCount(stack.url, token, model);
    const retry = client(stack.url, token);
    const ids = [...attempted];
    let lost = 0;
    for (let i = 0; i < ids.length; i += 200) {
      const res = await retry(`${M}/log-predictions`, {
        predictions: ids.slice(i, i + 200).map((id) => item(model, id)),
      });
      for (const r of res.body.results as { prediction_id: string; status: string }[])
        if (r.status === 'created' && acknowledged.has(r.prediction_id)) lost += 1;
    }
    const deadline = Date.now() + 30_000;
    let after = 0;
    while (Date.now() < deadline && (after = await predictionCount(stack.url, token, model)) !== ids.length)
      await new Promise((resolve) => setTimeout(resolve, 250));
    row(
      `kill -9 mid-load, ${mode === 'batch' ? 'batches of 25' : 'single requests'}, 6 clients`,
      `acknowledged ${fmt(acknowledged.size)}, lost ${fmt(lost)}; counted before the retry ${fmt(counted)} of ${fmt(
        acknowledged.size,
      )}+; after the retry ${fmt(after)} counted of ${fmt(ids.length)} stored`,
    );
  } finally {
    await stack.stop();
  }
}

/** Exactly-once figures: concurrent copies of a batch, and kill -9 rounds with client retries. */
export async function benchExactlyOnce(): Promise<void> {
  console.log('\nCounting exactly once (local stack in its own process)');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-twins-'));
  const stack = await startStackProcess(dataDir, ['--no-demo', '--no-throttle']);
  try {
    const token = await mintToken(await loadOrCreateKeys(dataDir), { roles: ['admin'] });
    const post = client(stack.url, token);
    const batch = { predictions: Array.from({ length: 50 }, (_, i) => item('twins', `t-${i}`)) };
    await Promise.all(Array.from({ length: 10 }, () => post(`${M}/log-predictions`, batch)));
    const counted = await predictionCount(stack.url, token, 'twins');
    row('one 50-item batch sent 10 times at once', `counted ${fmt(counted)}, overcount ${fmt(counted - 50)}`);
  } finally {
    await stack.stop();
  }
  await killRound('batch');
  await killRound('single');
  await outcomeKillRound();
}
