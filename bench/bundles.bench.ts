import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ENV } from '#catalog/env.ts';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import { FUNCTIONS } from '#catalog/routes.ts';
import { fmt, row } from './lib.ts';

const SDK = ['@aws-sdk/*', '@smithy/*'];
/** The issue's target for a function's own code (the AWS SDK v3 clients not counted). */
const TARGET_KIB = 300;

async function bundle(entry: string, external: readonly string[]): Promise<Uint8Array> {
  const out = await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    keepNames: true,
    mainFields: ['module', 'main'],
    external: [...external],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.contents ?? new Uint8Array();
}

/** Milliseconds to import a module in a fresh Node process, minus an empty process's start-up (median of 5). */
function initMs(file: string, env: NodeJS.ProcessEnv): number {
  const run = (code: string) => {
    const t = process.hrtime.bigint();
    execFileSync(process.execPath, ['--input-type=module', '-e', code], { env, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const base = median(Array.from({ length: 5 }, () => run('')));
  const load = median(Array.from({ length: 5 }, () => run(`await import(${JSON.stringify(`file://${file}`)});`)));
  return load - base;
}

/**
 * Bundle size per Lambda, built with the options ServiceFunction gives esbuild: the function's
 * own code (the SDK left to the nodejs22.x runtime, the issue's measure) and as deployed (SDK
 * bundled); then the handler module's init time in a fresh process, with the SDK bundled.
 */
export async function benchBundles(): Promise<void> {
  console.log(`\nBundle size per function (esbuild, ESM, minified; target < ${TARGET_KIB} KiB without the SDK)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'aiops-bundles-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // Every variable as CDK sets it in AWS: the local key vault's two are the local stack's only.
    ...Object.fromEntries(
      Object.values(ENV)
        .filter((name) => name !== ENV.localKeyVaultFile && name !== ENV.localKeyVaultSecretFile)
        .map((name) => [
          name,
          name === ENV.metricsStore
            ? 'dynamodb'
            : name === ENV.predictionRetentionDays
              ? '90'
              : name === ENV.queueDepths
                ? '{}'
                : 'x',
        ]),
    ),
  };
  let over = 0;
  try {
    for (const [key, spec] of Object.entries(FUNCTIONS)) {
      const own = await bundle(spec.entry, SDK);
      const full = await bundle(spec.entry, []);
      const file = path.join(dir, `${key}.mjs`);
      writeFileSync(file, full);
      const ms = initMs(file, env);
      if (own.length / 1024 >= TARGET_KIB) over++;
      row(
        key,
        `${fmt(own.length / 1024)} KiB own (${fmt(gzipSync(own).length / 1024)} gz); ` +
          `${fmt(full.length / 1024)} KiB with SDK (${fmt(gzipSync(full).length / 1024)} gz); init ${fmt(ms)} ms`,
      );
    }
    row('functions at or over the target', `${over} of ${Object.keys(FUNCTIONS).length}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
