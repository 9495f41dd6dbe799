import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { startStackProcess } from '#local/child.ts';
import { fmt, row } from './lib.ts';

/** Wall time of whole retrain workflows through the local stack (request to completed task). */
export async function benchWorkflow(rows: number): Promise<void> {
  console.log(`\nRetrain workflow wall time, local stack (${fmt(rows)} labelled predictions, 20 features)`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-bench-wf-'));
  const stack = await startStackProcess(dataDir, ['--no-demo', '--no-throttle']);
  try {
    const token = await mintToken(await loadOrCreateKeys(dataDir), { roles: ['admin'] });
    const call = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${stack.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${route} ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    await call('PUT', '/api/ai/models/bench_wf', { task: 'regression', min_samples: 100 });
    for (let b = 0; b < rows / 500; b++) {
      const items = Array.from({ length: 500 }, (_, i) => {
        const f = Object.fromEntries(Array.from({ length: 20 }, (__, k) => [`f${k}`, Math.random() * 10]));
        return {
          model_name: 'bench_wf',
          prediction_id: `wf-${b}-${i}`,
          prediction_data: { input_features: f },
          result: { prediction: 1, response_time: 0.01 },
          y: 3 * (f.f0 ?? 0) + (f.f1 ?? 0),
        };
      });
      await call('POST', '/api/ai/monitoring/log-predictions', {
        predictions: items.map(({ y: _y, ...rest }) => rest),
      });
      await Promise.all(
        items.map((it) =>
          call('POST', '/api/ai/monitoring/update-result', {
            prediction_id: it.prediction_id,
            actual_result: { y: it.y },
          }),
        ),
      );
    }
    for (let run = 1; run <= 2; run++) {
      const started = performance.now();
      await call('POST', '/api/ai/retrain/manual', { model_name: 'bench_wf' });
      for (;;) {
        const status = (await call('GET', '/api/ai/retrain/status')) as {
          completed_tasks: number;
          failed_tasks: number;
          recent_completed: { result: { training_time: number | null; deployed: boolean } }[];
        };
        if (status.completed_tasks + status.failed_tasks >= run) {
          const last = status.recent_completed[0]?.result;
          row(
            `run ${run} (${last?.deployed === true ? 'deployed' : 'kept the champion'})`,
            `${fmt((performance.now() - started) / 1000, 2)} s wall, of which training ${fmt(last?.training_time ?? NaN, 2)} s`,
          );
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await stack.stop();
  }
}
