import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UsageStore } from '#domain/providers/providers.ports.ts';
import type { UsageRecord } from '#domain/providers/types.ts';
import { batchGet, batchWrite, mapLimit, queryAll } from './batch.ts';

const DAY_MS = 86_400_000;
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * Calls, partitioned by UTC day (`day`), sorted by `request_id`, 400 days' TTL. A batch reads
 * which of its ids exist (BatchGet) and writes the others (BatchWrite); two concurrent writers
 * of the same id write the same item, so each call is stored once whatever the timing.
 */
export class DynamoUsageStore implements UsageStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays = 400,
  ) {}

  public async put(records: readonly UsageRecord[]): Promise<{ duplicates: ReadonlySet<string> }> {
    if (records.length === 0) return { duplicates: new Set() };
    const existing = await batchGet(
      this.doc,
      this.table,
      records.map((r) => ({ day: dayOf(r.at), request_id: r.request_id })),
      'request_id',
    );
    const duplicates = new Set(existing.map((i) => String(i.request_id)));
    const fresh = records.filter((r) => !duplicates.has(r.request_id));
    await batchWrite(
      this.doc,
      this.table,
      fresh.map((r) => ({
        PutRequest: {
          Item: { ...r, day: dayOf(r.at), expires_at: Math.floor(r.at / 1000) + this.retentionDays * 86_400 },
        },
      })),
    );
    return { duplicates };
  }

  public async range(from: number, to: number): Promise<UsageRecord[]> {
    const days: string[] = [];
    for (
      let d = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate());
      d < to;
      d += DAY_MS
    )
      days.push(dayOf(d));
    const parts = await mapLimit(days, 8, (day) =>
      queryAll(
        this.doc,
        {
          TableName: this.table,
          KeyConditionExpression: '#d = :d',
          ExpressionAttributeNames: { '#d': 'day' },
          ExpressionAttributeValues: { ':d': day },
        },
        (item) => {
          const { day: _day, expires_at: _ttl, ...record } = item;
          return record as unknown as UsageRecord;
        },
      ),
    );
    return parts.flat().filter((r) => r.at >= from && r.at < to);
  }
}
