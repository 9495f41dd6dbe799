import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { startStackProcess } from '#local/child.ts';
import { fmt, load, percentile, row, timed } from './lib.ts';

const M = '/api/ai/monitoring';
const item = (model: string, id: string) => ({
  model_name: model,
  prediction_id: id,
  prediction_data: { input_features: { amount: 120.5, region: 'eu', hour: 13 } },
  result: { prediction: 'yes', confidence: 0.87, response_time: 0.12 },
});

/**
 * BatchWriteItem of 25 small items, 4 in flight. `withIndex` gives the table the predictions
 * table's `by_model_time` index, so each item costs the emulator what a stored prediction does.
 */
export async function rawBatchWriteRate(endpoint: string, items: number, withIndex = false): Promise<number> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const TableName = `bench-raw-${Date.now()}`;
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        ...(withIndex
          ? [
              { AttributeName: 'model_name', AttributeType: 'S' as const },
              { AttributeName: 'ts', AttributeType: 'N' as const },
            ]
          : []),
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ...(withIndex
        ? {
            GlobalSecondaryIndexes: [
              {
                IndexName: 'by_model_time',
                KeySchema: [
                  { AttributeName: 'model_name', KeyType: 'HASH' as const },
                  { AttributeName: 'ts', KeyType: 'RANGE' as const },
                ],
                Projection: { ProjectionType: 'ALL' as const },
              },
            ],
          }
        : {}),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName });
  const batches = Math.ceil(items / 25);
  const { ms } = await timed(() =>
    load(batches, 4, async (b) => {
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [TableName]: Array.from({ length: 25 }, (_, i) => ({
              PutRequest: {
                Item: {
                  pk: { S: `k${b}-${i}` },
                  model_name: { S: 'raw' },
                  ts: { N: String(b * 25 + i) },
                  confidence: { N: '0.87' },
                  features: { M: { amount: { N: '120.5' }, region: { S: 'eu' } } },
                },
              },
            })),
          },
        }),
      );
    }),
  );
  client.destroy();
  return (batches * 25) / (ms / 1000);
}

/**
 * Throughput and latency through the local HTTP API (gateway -> handler -> dynalite), with the
 * stack in its own process like `npm start`, and the raw dynalite BatchWriteItem rate of the
 * same emulator for comparison.
 */
export async function benchApi(options: { bigModelPredictions: number }): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aiops-bench-'));
  const stack = await startStackProcess(dataDir, ['--no-demo', '--no-throttle']);
  try {
    const keys = await loadOrCreateKeys(dataDir);
    const ingest = await mintToken(keys, { roles: ['ingest'] });
    const viewer = await mintToken(keys, { roles: ['viewer'] });
    const post = async (route: string, body: unknown) => {
      const res = await fetch(`${stack.url}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${route}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    console.log('\nIngest through the local API (stack in its own process, 2 cores shared with this load generator)');
    const singles = 3000;
    const single = await timed(() =>
      load(singles, 32, (i) => post(`${M}/log-prediction`, item('bench_single', `s-${i}`))),
    );
    row(
      `single POST /log-prediction, ${fmt(singles)} requests, 32 in flight`,
      `${fmt(singles / (single.ms / 1000))} predictions/s (p50 ${fmt(percentile(single.value, 0.5), 1)} ms, p95 ${fmt(percentile(single.value, 0.95), 1)} ms)`,
    );

    const batches = 60;
    const batched = await timed(() =>
      load(batches, 4, (b) =>
        post(`${M}/log-predictions`, {
          predictions: Array.from({ length: 500 }, (_, i) => item('bench_batch', `b-${b}-${i}`)),
        }),
      ),
    );
    row(
      `batched POST /log-predictions, ${batches} x 500, 4 in flight`,
      `${fmt((batches * 500) / (batched.ms / 1000))} predictions/s (p50 ${fmt(percentile(batched.value, 0.5))} ms per batch)`,
    );

    const raw = await rawBatchWriteRate(stack.dynamodbEndpoint, 30_000);
    row('raw dynalite BatchWriteItem (25 items, 4 in flight), same emulator', `${fmt(raw)} items/s`);
    const rawIndexed = await rawBatchWriteRate(stack.dynamodbEndpoint, 30_000, true);
    row('  the same into a table with the by_model_time index', `${fmt(rawIndexed)} items/s`);
    const perSecond = (batches * 500) / (batched.ms / 1000);
    row(
      'batched ingest against raw (target 0.8)',
      `${fmt(perSecond / raw, 2)} of the plain table, ${fmt(perSecond / rawIndexed, 2)} of the indexed one`,
    );

    console.log('\nGET /performance latency (reads aggregates, not predictions)');
    const measure = async (model: string) => {
      const lat = await load(300, 4, async () => {
        const res = await fetch(`${stack.url}${M}/performance?model_name=${model}&hours=24`, {
          headers: { authorization: `Bearer ${viewer}` },
        });
        if (res.status !== 200) throw new Error(`performance ${res.status}`);
        await res.arrayBuffer();
      });
      return `p50 ${fmt(percentile(lat, 0.5), 1)} ms, p95 ${fmt(percentile(lat, 0.95), 1)} ms`;
    };
    await load(2, 2, (b) =>
      post(`${M}/log-predictions`, {
        predictions: Array.from({ length: 500 }, (_, i) => item('bench_1k', `k-${b}-${i}`)),
      }),
    );
    await load(200, 8, (i) =>
      post(`${M}/update-result`, { prediction_id: `k-0-${i}`, actual_result: { y: i % 5 === 0 ? 'no' : 'yes' } }),
    );
    row('model with 1,000 predictions (200 labelled)', await measure('bench_1k'));
    const big = options.bigModelPredictions;
    const fill = await timed(() =>
      load(Math.ceil(big / 500), 4, (b) =>
        post(`${M}/log-predictions`, {
          predictions: Array.from({ length: 500 }, (_, i) => item('bench_100k', `h-${b}-${i}`)),
        }),
      ),
    );
    await load(200, 8, (i) =>
      post(`${M}/update-result`, { prediction_id: `h-0-${i}`, actual_result: { y: i % 5 === 0 ? 'no' : 'yes' } }),
    );
    row(`model with ${fmt(big)} predictions (filled in ${fmt(fill.ms / 1000, 1)} s)`, await measure('bench_100k'));
  } finally {
    await stack.stop();
  }
}
