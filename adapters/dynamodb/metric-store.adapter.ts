import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  MetricPoint,
  MetricQuery,
  MetricStore,
  SeriesFilter,
  SeriesId,
  StepAggregate,
} from '#domain/kernel/metric-store.ports.ts';
import { aggregatePoints, bySeries, matchesSeries } from '#domain/kernel/series.ts';
import { batchWrite, queryAll } from './batch.ts';

/** Series key: the metric name and its sorted dimensions, so the same series always maps to one partition. */
export function seriesKey(name: string, dimensions: Readonly<Record<string, string>>): string {
  const dims = Object.entries(dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return [name, ...dims].join('|');
}

const pad = (ms: number) => String(ms).padStart(15, '0');

/** The partition of the series index: one item per series, written when a writer first meets it. */
const INDEX = '#series';
/** How often one writer refreshes a series' index item (its expiry moves with it). */
const INDEX_REFRESH_MS = 86_400_000;

/**
 * The DynamoDB metric store: one partition per series, sort key `<zero-padded epoch ms>#<value>`,
 * items expiring after the retention period. For accounts that cannot use Timestream. The key
 * makes a write idempotent: a retried point lands on its own item again (as a duplicate record
 * is a no-op in Timestream), while two different values at one millisecond stay apart.
 */
export class DynamoMetricStore implements MetricStore {
  /** Series this instance indexed, and when. */
  private readonly indexed = new Map<string, number>();

  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 30,
  ) {}

  public async write(points: readonly MetricPoint[]): Promise<void> {
    // The series index, for listSeries: a Put per series this writer has not indexed today.
    const now = Date.now();
    const fresh = new Map<string, MetricPoint>();
    for (const p of points) {
      const key = seriesKey(p.name, p.dimensions);
      if (now - (this.indexed.get(key) ?? -Infinity) >= INDEX_REFRESH_MS) fresh.set(key, p);
    }
    await batchWrite(
      this.doc,
      this.tableName,
      [...fresh.entries()].map(([key, p]) => ({
        PutRequest: {
          Item: {
            series: INDEX,
            sk: key,
            name: p.name,
            dimensions: p.dimensions,
            expires_at: Math.floor(now / 1000) + this.retentionDays * 86_400,
          },
        },
      })),
    );
    for (const key of fresh.keys()) this.indexed.set(key, now);
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

  /** DynamoDB cannot aggregate: the series' points, summed up here. */
  public async aggregate(q: MetricQuery, stepMs: number): Promise<StepAggregate[]> {
    return aggregatePoints(await this.query(q), stepMs);
  }

  public async listSeries(filter: SeriesFilter): Promise<SeriesId[]> {
    const all = await queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'series = :i',
        ExpressionAttributeValues: { ':i': INDEX },
      },
      (item) => ({ name: String(item.name), dimensions: item.dimensions as Record<string, string> }),
    );
    return all.filter((s) => matchesSeries(s, filter)).sort(bySeries);
  }
}
