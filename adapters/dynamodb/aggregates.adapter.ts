import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AggregateBucket, AggregateDelta, Counters } from '#domain/monitoring/aggregates.ts';
import { TIME_BUCKET_PREFIX, TOTAL_BUCKET } from '#domain/monitoring/buckets.ts';
import type { AggregateStore } from '#domain/monitoring/monitoring.ports.ts';
import { mapLimit, queryAll } from './batch.ts';

const NON_COUNTERS = new Set(['model_name', 'bucket', 'last_prediction', 'expires_at']);

function toBucket(item: Record<string, unknown>): AggregateBucket {
  const counters: Counters = {};
  for (const [key, value] of Object.entries(item))
    if (!NON_COUNTERS.has(key) && typeof value === 'number') counters[key] = value;
  return {
    model_name: String(item.model_name),
    bucket: String(item.bucket),
    counters,
    ...(typeof item.last_prediction === 'string' ? { last_prediction: item.last_prediction } : {}),
  };
}

export interface DynamoAggregateStoreOptions {
  /** Days a time bucket is kept (the all-time total is kept for ever). @default 400 */
  readonly bucketRetentionDays?: number;
  /** Epoch ms now; for the TTL of new buckets. */
  readonly now?: () => number;
}

/**
 * Per-model counters in DynamoDB: one item per (model, 5-minute bucket) plus a `TOTAL` item,
 * all updated with atomic `ADD`, so concurrent writers never lose an increment.
 */
export class DynamoAggregateStore implements AggregateStore {
  private readonly retentionSeconds: number;
  private readonly now: () => number;

  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoAggregateStoreOptions = {},
  ) {
    this.retentionSeconds = (options.bucketRetentionDays ?? 400) * 86_400;
    this.now = options.now ?? Date.now;
  }

  public async increment(deltas: readonly AggregateDelta[]): Promise<void> {
    const updates = deltas.flatMap((d) => [
      { delta: d, bucket: d.bucket, expires: true },
      ...(d.total === false ? [] : [{ delta: d, bucket: TOTAL_BUCKET, expires: false }]),
    ]);
    await mapLimit(updates, 8, async ({ delta, bucket, expires }) => {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const adds = Object.entries(delta.counters).map(([counter, value], i) => {
        names[`#c${i}`] = counter;
        values[`:c${i}`] = value;
        return `#c${i} :c${i}`;
      });
      const sets: string[] = [];
      if (delta.last_prediction !== undefined) {
        sets.push('last_prediction = :lp');
        values[':lp'] = delta.last_prediction;
      }
      if (expires) {
        sets.push('expires_at = if_not_exists(expires_at, :exp)');
        values[':exp'] = Math.floor(this.now() / 1000) + this.retentionSeconds;
      }
      if (adds.length === 0 && sets.length === 0) return;
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { model_name: delta.model_name, bucket },
          UpdateExpression: [
            sets.length > 0 ? `SET ${sets.join(', ')}` : '',
            adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
          ]
            .join(' ')
            .trim(),
          ...(adds.length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      );
    });
  }

  public async range(modelName: string, fromBucket: string, toBucket: string): Promise<AggregateBucket[]> {
    return this.query({
      KeyConditionExpression: 'model_name = :m AND #b BETWEEN :f AND :t',
      ExpressionAttributeValues: { ':m': modelName, ':f': fromBucket, ':t': toBucket },
    });
  }

  public async earliest(modelName: string, limit: number): Promise<AggregateBucket[]> {
    return this.query(
      {
        KeyConditionExpression: 'model_name = :m AND begins_with(#b, :p)',
        ExpressionAttributeValues: { ':m': modelName, ':p': TIME_BUCKET_PREFIX },
      },
      limit,
    );
  }

  public async total(modelName: string): Promise<AggregateBucket | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { model_name: modelName, bucket: TOTAL_BUCKET },
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? undefined : toBucket(out.Item);
  }

  private async query(
    input: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    limit = Infinity,
  ): Promise<AggregateBucket[]> {
    return queryAll(
      this.doc,
      { TableName: this.tableName, ...input, ExpressionAttributeNames: { '#b': 'bucket' }, ConsistentRead: true },
      toBucket,
      limit,
    );
  }
}
