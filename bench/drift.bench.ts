import { performanceDrift } from '#domain/monitoring/assess.ts';
import type { PredictionRecord } from '#domain/kernel/model.ts';
import { DynamoDBClient, CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAggregateStore } from '#adapters/dynamodb/aggregates.adapter.ts';
import { DynamoConfigStore } from '#adapters/dynamodb/config.adapter.ts';
import { DynamoModelStore } from '#adapters/dynamodb/models.adapter.ts';
import { DynamoPredictionStore } from '#adapters/dynamodb/predictions.adapter.ts';
import { calibrate, estimateAccuracy } from '#domain/drift/cbpe.ts';
import { detectDrift } from '#domain/drift/detector.ts';
import { createDriftService } from '#domain/drift/service.ts';
import { bucketOf } from '#domain/monitoring/buckets.ts';
import { TABLES, type TableKey } from '#catalog/resources.ts';
import { createTableInput } from '#local/bootstrap.ts';
import { seeded } from '#lib/ml/forest.ts';
import { startEmulators } from '#local/emulators.ts';
import { fmt, row, timed } from './lib.ts';

const rng = seeded;
const normal = (r: () => number, mean = 0) =>
  mean + Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());

/** Detection delay and false alarms of the drift decision on synthetic streams (pure compute). */
export function benchDriftQuality(): void {
  console.log('\nDrift decision on synthetic streams (reference 500 rows; scans of 200 new rows; 20 features)');
  const r = rng(42);
  const window = (shift: number, n: number) =>
    Array.from({ length: n }, () =>
      Object.fromEntries(Array.from({ length: 20 }, (_, f) => [`f${f}`, normal(r, f === 0 ? shift : 0)])),
    );
  for (const shift of [0.25, 0.5, 1]) {
    const delays: number[] = [];
    for (let trial = 0; trial < 20; trial++) {
      const reference = window(0, 500);
      let delay = 0;
      for (let scan = 1; scan <= 20; scan++) {
        if (detectDrift(reference, window(shift, 200)).features.find((f) => f.feature === 'f0')?.drifted === true) {
          delay = scan;
          break;
        }
      }
      delays.push(delay === 0 ? Infinity : delay);
    }
    const detected = delays.filter(Number.isFinite);
    row(
      `shift of ${shift} sd on 1 of 20 features`,
      `detected in ${detected.length}/20 trials, mean delay ${fmt(detected.reduce((a, b) => a + b, 0) / Math.max(1, detected.length), 2)} scans`,
    );
  }
  let corrected = 0;
  let uncorrected = 0;
  const scans = 300;
  for (let i = 0; i < scans; i++) {
    const report = detectDrift(window(0, 500), window(0, 200), { alpha: 0.05, minKs: 0, minJs: 0, minSamples: 30 });
    if (report.drifted_features > 0) corrected++;
    if (report.features.some((f) => f.p_value < 0.05)) uncorrected++;
  }
  row(
    `scans with any false alarm, no drift (${scans} scans)`,
    `${fmt((100 * corrected) / scans, 1)}% with BH correction, ${fmt((100 * uncorrected) / scans, 1)}% uncorrected`,
  );

  // CBPE under covariate shift: an over-confident classifier whose inputs move toward its decision boundary.
  const sim = (n: number, mean: number) =>
    Array.from({ length: n }, () => {
      const x = normal(r, mean);
      const p = 1 / (1 + Math.exp(-2 * Math.abs(x)));
      return { confidence: Math.min(1, p + 0.08), correct: r() < p };
    });
  const cal = calibrate(sim(5000, 2));
  const errors: string[] = [];
  let worst = 0;
  for (const mean of [2, 1.5, 1, 0.5, 0]) {
    const w = sim(2000, mean);
    const realised = w.filter((p) => p.correct).length / w.length;
    const est =
      cal === undefined
        ? undefined
        : estimateAccuracy(
            cal,
            w.map((p) => p.confidence),
          );
    const naive = w.reduce((s, p) => s + p.confidence, 0) / w.length;
    worst = Math.max(worst, Math.abs((est?.estimated_accuracy ?? 0) - realised));
    errors.push(`${fmt(realised, 3)}/${fmt(est?.estimated_accuracy ?? NaN, 3)}/${fmt(naive, 3)}`);
  }
  row('CBPE realised/estimated/raw-confidence accuracy as inputs shift', errors.join('  '));
  row('CBPE worst absolute error over those windows', fmt(worst, 4));
}

/** The scheduled scan over many models, against dynalite, with every model holding `perModel` predictions. */
export async function benchDriftScan(models: number, perModel: number): Promise<void> {
  console.log(`\nDrift scan over ${models} models x ${fmt(perModel)} predictions (dynalite in its own process)`);
  const emulators = await startEmulators();
  try {
    const client = new DynamoDBClient({
      endpoint: emulators.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 10,
    });
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const names = {} as Record<TableKey, string>;
    for (const key of ['predictions', 'models', 'aggregates', 'config'] as const) {
      names[key] = `bench-${key}`;
      await client.send(new CreateTableCommand(createTableInput(names[key], TABLES[key])));
      await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName: names[key] });
    }
    const predictions = new DynamoPredictionStore(doc, names.predictions);
    const modelStore = new DynamoModelStore(doc, names.models);
    const r = rng(7);
    const start = Date.now() - perModel * 1000;
    const fill = await timed(async () => {
      for (let m = 0; m < models; m++) {
        const name = `model_${m}`;
        await modelStore.createIfAbsent({
          model_name: name,
          task_type: 'classification',
          created_at: new Date(start).toISOString(),
        });
        const shift = m % 2 === 0 ? 0 : 1;
        const records: PredictionRecord[] = Array.from({ length: perModel }, (_, i) => {
          const ts = start + i * 1000;
          const late = i > perModel - 1000;
          return {
            prediction_id: `${name}_${i}`,
            model_name: name,
            ts,
            bucket: bucketOf(ts),
            input_features: {
              a: normal(r, late ? shift : 0),
              b: normal(r),
              c: r() < 0.5 ? 'x' : 'y',
              d: Math.round(r() * 100),
            },
            prediction: r() < 0.5 ? 'yes' : 'no',
            confidence: 0.5 + r() / 2,
            response_time: 0.1,
            ...(i < 500
              ? { outcome_score: { score: r() < 0.8 ? 1 : 0 }, actual: { y: 'yes' }, outcome_version: 1 }
              : {}),
          };
        });
        // insertNew on a fresh table: BatchGet + BatchWrite in chunks.
        for (let i = 0; i < records.length; i += 2000) await predictions.insertNew(records.slice(i, i + 2000));
      }
    });
    row(`stored ${fmt(models * perModel)} predictions`, `${fmt(fill.ms / 1000, 1)} s`);
    const drift = createDriftService({
      models: modelStore,
      history: predictions,
      performance: performanceDrift(new DynamoAggregateStore(doc, names.aggregates)),
      config: new DynamoConfigStore(doc, names.config),
      retrain: { request: () => Promise.resolve() },
      clock: { now: () => start + perModel * 1000 },
    });
    await new DynamoConfigStore(doc, names.config).put('drift', { current_window_minutes: 60 * 24 });
    const scan = await timed(() => drift.scanAll({ concurrency: 4 }));
    row(
      `scanAll (${scan.value.scanned} scanned, ${scan.value.failed.length} failed, 4 at a time)`,
      `${fmt(scan.ms / 1000, 2)} s total, ${fmt(scan.ms / models, 0)} ms per model`,
    );
    const flagged = (await modelStore.list()).filter((m) => (m.drift?.data_drift_score ?? 0) > 0).length;
    row('models flagged as drifted (half were shifted by 1 sd on one feature)', `${flagged}/${models}`);
    client.destroy();
  } finally {
    await emulators.stop();
  }
}
