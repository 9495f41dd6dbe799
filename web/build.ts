import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const WEB = import.meta.dirname;
/** Where the built console goes: served by the local stack at `/`, deployed to S3 by the CDK app. */
export const WEB_DIST = path.join(WEB, 'dist');

export interface WebBuild {
  readonly outDir: string;
  /** Bytes of each file shipped, raw and gzipped. */
  readonly files: Record<string, { readonly bytes: number; readonly gzip: number }>;
}

/**
 * Bundles the console (Preact + uPlot, one ES module and one stylesheet) with esbuild, the
 * bundler the Lambda functions already use: about 100 ms, no second toolchain. The file names
 * carry a content hash so CloudFront and browsers can cache them for a year; index.html is
 * the only file that must not be cached. Synchronous, so the CDK app can build while it synthesises.
 */
export function buildWeb(outDir = WEB_DIST): WebBuild {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = buildSync({
    entryPoints: { app: path.join(WEB, 'src', 'main.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  if (js === undefined || css === undefined) throw new Error(`web build produced ${outputs.join(', ')}`);
  const html = readFileSync(path.join(WEB, 'index.html'), 'utf8')
    .replace('%APP_JS%', `/${js}`)
    .replace('%APP_CSS%', `/${css}`);
  writeFileSync(path.join(outDir, 'index.html'), html);
  copyFileSync(path.join(WEB, 'favicon.svg'), path.join(outDir, 'favicon.svg'));
  const files = Object.fromEntries(
    ['index.html', js, css, 'favicon.svg'].map((f) => {
      const body = readFileSync(path.join(outDir, f));
      return [f, { bytes: body.length, gzip: gzipSync(body).length }];
    }),
  );
  return { outDir, files };
}

if (process.argv[1] === import.meta.filename) {
  const { files } = buildWeb();
  for (const [f, { bytes, gzip }] of Object.entries(files))
    console.log(`${f.padEnd(28)} ${bytes} B, ${gzip} B gzipped`);
}
