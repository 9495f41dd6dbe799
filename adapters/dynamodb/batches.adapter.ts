import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BatchHeader, BatchItem } from '#domain/services/batch.ts';
import type { BatchStore } from '#domain/services/services.ports.ts';
import { batchWrite, queryAll } from './batch.ts';
import { conditionalWrite } from './conditional.ts';

const HEADER = '#';
const itemKey = (service: string) => `svc#${service}`;

/** The batches table: partition per batch, the header at `#` and one item per service, 30 days' TTL. */
export class DynamoBatchStore implements BatchStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 30,
  ) {}

  public async create(header: BatchHeader, items: readonly BatchItem[]): Promise<void> {
    const expires_at = Math.floor(Date.parse(header.created_at) / 1000) + this.retentionDays * 86_400;
    await batchWrite(this.doc, this.tableName, [
      { PutRequest: { Item: { ...header, sk: HEADER, expires_at } } },
      ...items.map((i) => ({ PutRequest: { Item: { ...i, sk: itemKey(i.service), expires_at } } })),
    ]);
  }

  public async get(batchId: string): Promise<{ header: BatchHeader; items: BatchItem[] } | undefined> {
    const all = await queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'batch_id = :b',
        ExpressionAttributeValues: { ':b': batchId },
        ConsistentRead: true,
      },
      (item) => {
        const { sk, expires_at: _ttl, ...rest } = item;
        return { sk: String(sk), rest };
      },
    );
    const header = all.find((x) => x.sk === HEADER)?.rest as BatchHeader | undefined;
    if (header === undefined) return undefined;
    return {
      header,
      items: all
        .filter((x) => x.sk !== HEADER)
        .map((x) => x.rest as unknown as BatchItem)
        .sort((a, b) => a.service.localeCompare(b.service)),
    };
  }

  public async item(batchId: string, service: string): Promise<BatchItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { batch_id: batchId, sk: itemKey(service) },
        ConsistentRead: true,
      }),
    );
    if (out.Item === undefined) return undefined;
    const { sk: _sk, expires_at: _ttl, ...item } = out.Item;
    return item as BatchItem;
  }

  /** One conditional update: the outcome's fields set on the queued item (its expiry kept). */
  public async finish(item: BatchItem): Promise<boolean> {
    const fields = { status: item.status, result: item.result, error: item.error, finished_at: item.finished_at };
    const set = Object.entries(fields).filter(([, v]) => v !== undefined);
    const result = await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: { batch_id: item.batch_id, sk: itemKey(item.service) },
        UpdateExpression: `SET ${set.map(([k]) => `#${k} = :${k}`).join(', ')}`,
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: Object.fromEntries(set.map(([k]) => [`#${k}`, k])),
        ExpressionAttributeValues: { ':queued': 'queued', ...Object.fromEntries(set.map(([k, v]) => [`:${k}`, v])) },
      },
    });
    return result.written;
  }
}
