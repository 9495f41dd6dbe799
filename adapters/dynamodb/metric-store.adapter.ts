import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MetricPoint, MetricQuery, MetricStore } from '#domain/kernel/metric-store.ports.ts';
import { batchWrite, queryAll } from './batch.ts';

/** Series key: the metric name and its sorted dimensions, so the same series always maps to one partition. */
export function seriesKey(name: string, dimensions: Readonly<Record<string, string>>): string {
  const dims = Object.entries(dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return [name, ...dims].join('|');
}

const pad = (ms: number) => String(ms).padStart(15, '0');

/**
 * The DynamoDB metric store: one partition per series, sort key `<zero-padded epoch ms>#<value>`,
 * items expiring after the retention period. For accounts that cannot use Timestream. The key
 * makes a write idempotent: a retried point lands on its own item again (as a duplicate record
 * is a no-op in Timestream), while two different values at one millisecond stay apart.
 */
export class DynamoMetricStore implements MetricStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 30,
  ) {}

  public async write(points: readonly MetricPoint[]): Promise<void> {
    await batchWrite(
      this.doc,
      this.tableName,
      points.map((p) => ({
        PutRequest: {
          Item: {
            series: seriesKey(p.name, p.dimensions),
            sk: `${pad(p.time)}#${String(p.value)}`,
            time: p.time,
            value: p.value,
            expires_at: Math.floor(p.time / 1000) + this.retentionDays * 86_400,
          },
        },
      })),
    );
  }

  public async query(q: MetricQuery): Promise<MetricPoint[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'series = :s AND sk BETWEEN :f AND :t',
        ExpressionAttributeValues: { ':s': seriesKey(q.name, q.dimensions), ':f': pad(q.from), ':t': `${pad(q.to)}~` },
      },
      (item) => ({ name: q.name, dimensions: q.dimensions, time: Number(item.time), value: Number(item.value) }),
    );
  }
}
