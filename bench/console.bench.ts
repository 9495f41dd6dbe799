import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import { startStackProcess } from '#local/child.ts';
import { launchChromium } from '../tests/browser/support.ts';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { buildWeb } from '../web/build.ts';
import { fmt, percentile, row } from './lib.ts';

/** The target for the first page's JavaScript, gzipped. */
const JS_TARGET_KB = 150;
/** One frame at 60 fps. */
const FRAME_MS = 1000 / 60;

/**
 * Streams points into a uPlot chart in the page, as a live chart does: a sliding window of
 * `windowSize` points, `perFrame` new points each animation frame. Returns, per frame, the time
 * from setData to the end of uPlot's draw, and the interval between animation frames.
 */
const STREAM = `async ({ windowSize, perFrame, frames }) => {
  const el = document.createElement('div');
  document.body.append(el);
  let drawnAt = 0;
  const u = new uPlot({ width: 1200, height: 300, scales: { x: { time: false } }, series: [{}, { stroke: 'blue' }],
    hooks: { draw: [() => { drawnAt = performance.now(); }] } }, [[], []], el);
  const xs = [], ys = [];
  let t = 0;
  const next = () => { xs.push(t); ys.push(Math.sin(t / 50) + Math.random() * 0.2); t++; };
  while (xs.length < windowSize) next();
  const work = [], intervals = [];
  let last = performance.now();
  for (let f = 0; f < frames; f++) {
    const now = await new Promise((r) => requestAnimationFrame(r));
    intervals.push(now - last);
    last = now;
    for (let i = 0; i < perFrame; i++) next();
    xs.splice(0, perFrame); ys.splice(0, perFrame);
    const start = performance.now();
    u.setData([xs, ys]);
    await new Promise((r) => setTimeout(r, 0));
    work.push(drawnAt - start);
  }
  u.destroy();
  return { work, intervals };
}`;

export async function benchConsole(): Promise<void> {
  console.log('\nWeb console (Preact + uPlot, esbuild)');
  const built = buildWeb(mkdtempSync(path.join(tmpdir(), 'aiops-web-bench-')));
  const first = Object.entries(built.files).filter(([f]) => /\.(js|css|html)$/.test(f));
  const gzip = first.reduce((n, [, f]) => n + f.gzip, 0);
  const js = first.filter(([f]) => f.endsWith('.js')).reduce((n, [, f]) => n + f.gzip, 0);
  row('first page shipped, gzipped (HTML + JS + CSS)', `${fmt(gzip / 1024, 1)} KB`);
  row(
    `  of which JavaScript (target < ${JS_TARGET_KB} KB)`,
    `${fmt(js / 1024, 1)} KB = ${fmt(js / 1024 / JS_TARGET_KB, 2)} of the target`,
  );

  const browser = await launchChromium();
  try {
    // Streaming: 10,000 points in the window, 10 new ones a frame, 300 frames.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto('about:blank');
    await page.addScriptTag({ path: path.join(REPO_ROOT, 'node_modules', 'uplot', 'dist', 'uPlot.iife.min.js') });
    const { work, intervals } = await page.evaluate<{ work: number[]; intervals: number[] }, object>(
      `(${STREAM})({ windowSize: 10000, perFrame: 10, frames: 300 })`,
      {},
    );
    const w = [...work].sort((a, b) => a - b);
    const iv = [...intervals.slice(1)].sort((a, b) => a - b);
    row(
      'streaming 10,000 points: setData to drawn, median / p95',
      `${fmt(percentile(w, 0.5), 2)} / ${fmt(percentile(w, 0.95), 2)} ms`,
    );
    row('  p95 as a share of a 60 fps frame (16.7 ms)', fmt(percentile(w, 0.95) / FRAME_MS, 2));
    row(
      '  animation-frame interval, median / p95',
      `${fmt(percentile(iv, 0.5), 1)} / ${fmt(percentile(iv, 0.95), 1)} ms`,
    );
    await page.close();

    // Page load to first chart drawn, on the local stack with demo traffic.
    const dir = mkdtempSync(path.join(tmpdir(), 'aiops-console-bench-'));
    const stack = await startStackProcess(dir, ['--no-throttle']);
    try {
      const admin = await mintToken(await loadOrCreateKeys(dir), { roles: ['admin'] });
      // Wait for the evaluator's first snapshots: the chart then has something to draw.
      for (let waited = 0; ; waited += 500) {
        const res = await fetch(`${stack.url}/api/ai/monitoring/metric-history?model_name=churn_classifier&hours=1`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        const body = (await res.json()) as { series?: { accuracy: unknown[] } };
        if ((body.series?.accuracy.length ?? 0) > 0) break;
        if (waited > 60_000) throw new Error('no metric history after 60 s of demo traffic');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const chart: number[] = [];
      const dcl: number[] = [];
      for (let i = 0; i < 7; i++) {
        // bypassCSP: the page's CSP forbids the string evaluation waitForFunction uses.
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
        await context.addInitScript(`sessionStorage.setItem('aiops.session', ${JSON.stringify(admin)})`);
        const p = await context.newPage();
        await p.goto(`${stack.url}/#/models/churn_classifier`);
        await p.waitForFunction("performance.getEntriesByName('first-chart').length > 0", undefined, {
          timeout: 30_000,
        });
        chart.push(await p.evaluate<number>("performance.getEntriesByName('first-chart')[0].startTime"));
        dcl.push(await p.evaluate<number>("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"));
        await context.close();
      }
      const c = chart.sort((a, b) => a - b).slice(1);
      const d = dcl.sort((a, b) => a - b).slice(1);
      row(
        'page load to first chart drawn (model page), median / p95',
        `${fmt(percentile(c, 0.5))} / ${fmt(percentile(c, 0.95))} ms`,
      );
      row('  DOMContentLoaded of the same page (baseline), median', `${fmt(percentile(d, 0.5))} ms`);
      row('  first chart / DOMContentLoaded', fmt(percentile(c, 0.5) / percentile(d, 0.5), 2));
    } finally {
      await stack.stop();
    }
  } finally {
    await browser.close();
  }
}
