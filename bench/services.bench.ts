import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { startStackProcess } from '#local/child.ts';
import { rawBatchWriteRate } from './api.bench.ts';
import { fmt, load, percentile, row } from './lib.ts';

const EVENTS = '/api/v1/aiops/http-events';

/** `n` requests of one minute from `start`: `failing` of them 503, the rest fine. */
function requests(start: number, n: number, failing = 0, seed = 0) {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: start + ((i * 7919 + seed) % 59_000),
    method: i % 5 === 0 ? 'POST' : 'GET',
    endpoint: `/api/items/${(i + seed) % 40}`,
    status: i < failing ? 503 : i % 30 === 0 ? 404 : 200,
    response_time: 0.02 + ((i * 31 + seed) % 100) / 1000,
    client_ip: `10.${seed % 200}.${i % 250}.${(i * 7) % 200}`,
    bytes: 800,
  }));
}

async function stackWith(args: string[]) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-bench-svc-'));
  const stack = await startStackProcess(dataDir, ['--no-demo', '--no-throttle', ...args]);
  const token = await mintToken(await loadOrCreateKeys(dataDir), { roles: ['admin'] });
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${stack.url}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${route}: ${res.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  return { stack, post };
}

/**
 * HTTP-event ingest through the local API (gateway -> handler -> dynalite), batches of 1,000,
 * next to the raw BatchWriteItem rate of the same emulator measured in the same run.
 */
export async function benchHttpIngest(batches: number): Promise<void> {
  console.log(`\nHTTP-event ingest: ${batches} batches of 1,000 events, 10 services, 4 in flight (local stack)`);
  const { stack, post } = await stackWith([]);
  try {
    const now = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    // Warm the handler and the tables.
    await post(EVENTS, { service: 'warm', events: requests(now, 100) });
    const start = performance.now();
    const latencies = await load(batches, 4, async (i) => {
      await post(EVENTS, { service: `svc-${i % 10}`, events: requests(now, 1000, 0, i) });
    });
    const seconds = (performance.now() - start) / 1000;
    const rate = (batches * 1000) / seconds;
    row('events/s through the API (target 5,000)', fmt(rate));
    row('batch latency p50 / p95', `${fmt(percentile(latencies, 0.5))} ms / ${fmt(percentile(latencies, 0.95))} ms`);
    const raw = await rawBatchWriteRate(stack.dynamodbEndpoint, 20_000);
    row('raw dynalite BatchWriteItem (25 items, 4 in flight), same emulator', `${fmt(raw)} items/s`);
    row('events per raw item written', fmt(rate / raw, 1));
  } finally {
    await stack.stop();
  }
}

/**
 * Anomaly latency: from the request whose events make a 5xx burst to the webhook POST of its
 * alert, through the local stack (ingest judges the minute, the alert manager publishes to SNS,
 * the webhook queue's consumer POSTs). Each service first gets half an hour of calm traffic.
 */
export async function benchAnomalyLatency(services: number): Promise<void> {
  console.log(`\nAnomaly latency: 5xx-burst request -> webhook POST (${services} services, local stack)`);
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const notice = (JSON.parse(body) as { notice: { service?: string; state: string } }).notice;
      if (notice.service !== undefined && notice.state === 'firing' && !arrivals.has(notice.service))
        arrivals.set(notice.service, performance.now());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const { stack, post } = await stackWith(['--webhook', hook]);
  try {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    for (let s = 0; s < services; s++)
      await post(EVENTS, {
        service: `lat-${s}`,
        events: Array.from({ length: 30 }, (_, m) => requests(minute - (30 - m) * 60_000, 30, 0, s)).flat(),
      });
    const sent = new Map<string, number>();
    for (let s = 0; s < services; s++) {
      sent.set(`lat-${s}`, performance.now());
      await post(EVENTS, { service: `lat-${s}`, events: requests(minute, 100, 40, s) });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const deadline = Date.now() + 15_000;
    while (arrivals.size < services && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const latencies = [...sent.entries()]
      .flatMap(([service, at]) => {
        const arrived = arrivals.get(service);
        return arrived === undefined ? [] : [arrived - at];
      })
      .sort((a, b) => a - b);
    row('notices received', `${latencies.length}/${services}`);
    row(
      'latency p50 / p99 / max (target p99 < 1 s)',
      `${fmt(percentile(latencies, 0.5))} ms / ${fmt(percentile(latencies, 0.99))} ms / ${fmt(latencies.at(-1) ?? NaN)} ms`,
    );
  } finally {
    await stack.stop();
    server.close();
  }
}

/**
 * Batch analysis of `services` services end to end through the local stack (seed 001: 100
 * plugins analysed concurrently): each with 30 h of 5-minute CPU and memory, one batch of
 * anomalies, forecast (trained on the way) and suggestions, fanned out over SQS; the wall time
 * from the POST to the last service recorded.
 */
export async function benchBatchAnalysis(services: number): Promise<void> {
  console.log(`\nBatch analysis: ${services} services, anomalies + forecast + suggestions (local stack, SQS fan-out)`);
  const { stack, post } = await stackWith([]);
  try {
    const now = Date.now();
    await load(services, 4, async (s) => {
      const points = Array.from({ length: 360 }, (_, i) => ({
        timestamp: now - (360 - i) * 300_000,
        cpu: 40 + 15 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7 + s) % 5),
        memory: 50 + ((i * 3 + s) % 4),
      }));
      await post(`/api/plugin-ai-analytics/collect-metrics/bench-${s}`, { points });
    });
    const start = performance.now();
    const started = await post('/api/plugin-ai-analytics/batch-analysis', {
      plugin_ids: Array.from({ length: services }, (_, s) => `bench-${s}`),
    });
    const id = String(started.batch_id);
    let view: Record<string, unknown> = {};
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const res = await fetch(`${stack.url}/api/plugin-ai-analytics/batch-analysis/${id}`, {
        headers: { authorization: await stackToken(stack.dataDir) },
      });
      view = (await res.json()) as Record<string, unknown>;
      if (view.state === 'finished') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const progress = view.progress as { done: number; failed: number; total: number } | undefined;
    row('wall time, POST to the last service recorded', `${fmt((performance.now() - start) / 1000, 1)} s`);
    row(
      'services done / failed / total',
      `${progress?.done ?? 0} / ${progress?.failed ?? 0} / ${progress?.total ?? 0}`,
    );
  } finally {
    await stack.stop();
  }
}

async function stackToken(dataDir: string): Promise<string> {
  return `Bearer ${await mintToken(await loadOrCreateKeys(dataDir), { roles: ['admin'] })}`;
}
