import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import { FUNCTIONS } from '#catalog/routes.ts';
import { fmt, row } from './lib.ts';

/** Bundle size per Lambda, built with the options ServiceFunction gives esbuild. */
export async function benchBundles(): Promise<void> {
  console.log('\nBundle size per function (esbuild, ESM, minified, SDK bundled)');
  for (const [key, spec] of Object.entries(FUNCTIONS)) {
    const out = await build({
      entryPoints: [path.join(REPO_ROOT, spec.entry)],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      keepNames: true,
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.contents ?? new Uint8Array();
    row(`${key} (${spec.entry})`, `${fmt(code.length / 1024)} KiB, ${fmt(gzipSync(code).length / 1024)} KiB gzipped`);
  }
}
