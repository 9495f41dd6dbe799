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

  public async finish(item: BatchItem): Promise<boolean> {
    const current = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { batch_id: item.batch_id, sk: itemKey(item.service) } }),
    );
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.tableName,
        Item: { ...item, sk: itemKey(item.service), expires_at: current.Item?.expires_at as unknown },
        ConditionExpression: '#s = :queued',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':queued': 'queued' },
      },
    });
    return result.written;
  }
}
