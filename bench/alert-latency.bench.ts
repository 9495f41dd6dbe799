import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { startStackProcess } from '#local/child.ts';
import { fmt, percentile, row } from './lib.ts';

const M = '/api/ai/monitoring';

/**
 * Time from the request that pushes a model past a threshold to the webhook POST that reports
 * it, through the local stack: gateway -> ingest -> model-events queue -> evaluator -> alert
 * manager -> SNS -> webhook queue -> notifier -> HTTP.
 */
export async function benchAlertLatency(models: number): Promise<void> {
  console.log(`\nAlert latency: threshold-crossing request -> webhook POST (${models} models, local stack)`);
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const model = (JSON.parse(body) as { notice: { model_name: string } }).notice.model_name;
      if (!arrivals.has(model)) arrivals.set(model, performance.now());
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-bench-alert-'));
  const stack = await startStackProcess(dataDir, ['--no-demo', '--no-throttle', '--webhook', hook]);
  try {
    const token = await mintToken(await loadOrCreateKeys(dataDir), { roles: ['admin'] });
    const call = async (method: string, route: string, body: unknown) => {
      const res = await fetch(`${stack.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${route} ${res.status}`);
    };
    await call('PUT', `${M}/thresholds`, { min_samples: 5 });
    // Each model: 6 labelled predictions, 5 right (accuracy 0.83, healthy).
    for (let m = 0; m < models; m++) {
      const ids = Array.from({ length: 7 }, (_, i) => `lat-${m}-${i}`);
      await call('POST', `${M}/log-predictions`, {
        predictions: ids.map((id) => ({
          model_name: `lat_${m}`,
          prediction_id: id,
          prediction_data: { input_features: {} },
          result: { prediction: 'a', confidence: 0.9, response_time: 0.05 },
        })),
      });
      for (let i = 0; i < 6; i++)
        await call('POST', `${M}/update-result`, { prediction_id: ids[i], actual_result: { y: i < 5 ? 'a' : 'b' } });
    }
    // Let the coalescing windows and their trailing evaluations pass.
    await new Promise((resolve) => setTimeout(resolve, 7000));
    const sent = new Map<string, number>();
    for (let m = 0; m < models; m++) {
      sent.set(`lat_${m}`, performance.now());
      // The seventh outcome is wrong: accuracy 5/7 = 0.714, inside the warning margin.
      await call('POST', `${M}/update-result`, { prediction_id: `lat-${m}-6`, actual_result: { y: 'b' } });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const deadline = Date.now() + 15_000;
    while (arrivals.size < models && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const latencies = [...sent.entries()]
      .flatMap(([model, at]) => {
        const arrived = arrivals.get(model);
        return arrived === undefined ? [] : [arrived - at];
      })
      .sort((a, b) => a - b);
    row(`notices received`, `${latencies.length}/${models}`);
    row(
      'latency p50 / p99 / max',
      `${fmt(percentile(latencies, 0.5), 0)} ms / ${fmt(percentile(latencies, 0.99), 0)} ms / ${fmt(latencies[latencies.length - 1] ?? NaN, 0)} ms`,
    );
  } finally {
    await stack.stop();
    server.close();
  }
}
