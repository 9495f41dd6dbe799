import { benchAlertLatency } from './alert-latency.bench.ts';
import { benchApi } from './api.bench.ts';
import { benchBundles } from './bundles.bench.ts';
import { benchConsole } from './console.bench.ts';
import { benchExactlyOnce } from './crash.bench.ts';
import { benchDetectionScale, benchNab } from './nab.bench.ts';
import { benchDemo } from './demo.bench.ts';
import { benchDriftQuality, benchDriftScan } from './drift.bench.ts';
import { benchAnomalyLatency, benchBatchAnalysis, benchHttpIngest } from './services.bench.ts';
import { benchIsolationForest } from './iforest.bench.ts';
import { benchForecast, benchForecastScale } from './forecast.bench.ts';
import { benchTraining } from './training.bench.ts';
import { benchGateway, benchLlmUsage } from './providers.bench.ts';
import { benchWorkflow } from './workflow.bench.ts';

/**
 * `npm run bench`: prints speed, size and quality figures. Not part of `npm test` (timings on a
 * shared 2-core machine are figures to read, not assertions). `--only <part>` runs one part:
 * bundles, training, workflow, api, exactly-once, drift-quality, drift-scan, alert-latency, demo, console, nab,
 * detection-scale, http-ingest, anomaly-latency, iforest, forecast, forecast-scale, batch-analysis, llm-usage, gateway.
 */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const want = (part: string) => only === undefined || only === part;
console.log(`node ${process.version}, ${new Date().toISOString()}`);
if (want('bundles')) await benchBundles();
if (want('training')) benchTraining();
if (want('workflow')) await benchWorkflow(Number(process.env.BENCH_WORKFLOW_ROWS ?? 5000));
if (want('drift-quality')) benchDriftQuality();
if (want('alert-latency')) await benchAlertLatency(Number(process.env.BENCH_ALERT_MODELS ?? 40));
if (want('api')) await benchApi({ bigModelPredictions: Number(process.env.BENCH_BIG ?? 100_000) });
if (want('exactly-once')) await benchExactlyOnce();
if (want('demo')) await benchDemo();
if (want('console')) await benchConsole();
if (want('iforest')) benchIsolationForest();
if (want('forecast')) benchForecast();
if (want('forecast-scale')) benchForecastScale();
if (want('batch-analysis')) await benchBatchAnalysis(Number(process.env.BENCH_BATCH_SERVICES ?? 100));
if (want('nab')) benchNab();
if (want('detection-scale')) benchDetectionScale();
if (want('http-ingest')) await benchHttpIngest(Number(process.env.BENCH_HTTP_BATCHES ?? 60));
if (want('llm-usage')) await benchLlmUsage(Number(process.env.BENCH_USAGE_BATCHES ?? 40));
if (want('gateway')) await benchGateway(Number(process.env.BENCH_GATEWAY_CALLS ?? 200));
if (want('anomaly-latency')) await benchAnomalyLatency(Number(process.env.BENCH_LATENCY_SERVICES ?? 40));
if (want('drift-scan'))
  await benchDriftScan(
    Number(process.env.BENCH_DRIFT_MODELS ?? 100),
    Number(process.env.BENCH_DRIFT_PER_MODEL ?? 10_000),
  );
