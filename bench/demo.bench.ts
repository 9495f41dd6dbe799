import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { startStackProcess } from '#local/child.ts';
import { fmt, row } from './lib.ts';

/**
 * The demo's MLOps loop on this machine: `npm start`'s program with its demo traffic, timed from
 * the start until fraud_detector is warning, critical, has a retrained champion and is healthy
 * again (the README states these times).
 */
export async function benchDemo(limitSeconds = 420): Promise<void> {
  console.log('\nThe demo loop (npm start with demo traffic, fraud_detector; its world changes at 60 s)');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-demo-'));
  const started = Date.now();
  const stack = await startStackProcess(dataDir, []);
  try {
    const token = await mintToken(await loadOrCreateKeys(dataDir), { roles: ['viewer'] });
    const seen = new Map<string, number>();
    let last: unknown;
    const mark = (what: string) => {
      if (!seen.has(what)) seen.set(what, (Date.now() - started) / 1000);
    };
    while ((Date.now() - started) / 1000 < limitSeconds) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const [perf, model] = await Promise.all(
        ['/api/ai/monitoring/performance?model_name=fraud_detector', '/api/ai/models/fraud_detector'].map(async (p) => {
          const res = await fetch(`${stack.url}${p}`, { headers: { authorization: `Bearer ${token}` } });
          return (await res.json()) as Record<string, Record<string, unknown> | undefined>;
        }),
      );
      const status = perf?.performance?.status;
      last = { status, checks: perf?.performance?.checks, drift: perf?.performance?.drift_score };
      if (status === 'warning' || status === 'critical') mark(status);
      if (model?.model?.champion_version !== null && model?.model?.champion_version !== undefined) mark('champion');
      if (seen.has('champion') && status === 'healthy') {
        mark('healthy');
        break;
      }
    }
    if (!seen.has('healthy')) console.log(`  last seen: ${JSON.stringify(last)}`);
    for (const what of ['warning', 'critical', 'champion', 'healthy'])
      row(
        `fraud_detector ${what === 'champion' ? 'has a retrained champion' : `is ${what}`}`,
        seen.has(what) ? `after ${fmt(seen.get(what) ?? 0)} s` : `not within ${fmt(limitSeconds)} s`,
      );
  } finally {
    await stack.stop();
  }
}
