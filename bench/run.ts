import { benchApi } from './api.bench.ts';
import { benchBundles } from './bundles.bench.ts';

/**
 * `npm run bench`: prints speed and size figures. Not part of `npm test` (timings on a shared
 * 2-core machine are figures to read, not assertions). `--only bundles|api` runs one part.
 */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
console.log(`node ${process.version}, ${new Date().toISOString()}`);
if (only === undefined || only === 'bundles') await benchBundles();
if (only === undefined || only === 'api') await benchApi({ bigModelPredictions: Number(process.env.BENCH_BIG ?? 100_000) });
