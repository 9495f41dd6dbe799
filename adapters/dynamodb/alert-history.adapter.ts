import { queryAll } from './batch.ts';
import { alertRecordFromItem } from './items.ts';
import type { Notice } from '#domain/kernel/notice.ts';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertRecord } from '#domain/alerting/types.ts';
import type { AlertHistory, AlertQuery, DeliveryStatus } from '#domain/alerting/alerting.ports.ts';

const HISTORY_SECONDS = 30 * 86_400;
const INTERNAL = new Set(['sk', 'kind', 'expires_at']);
const strip = (item: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k)));

/**
 * Alert history in the Alerts table, per model partition: episodes (`A#<started>#<id>`),
 * notices (`N#<created>#<id>`) and their webhook deliveries (`D#<notice>#<target>`); a sparse
 * `by_time` index lists episodes or notices fleet-wide, newest first, and `by_id` finds an
 * episode by its id. Items expire 30 days after their last update; reads hide expired ones
 * because TTL deletion is lazy.
 */
export class DynamoAlertHistory implements AlertHistory {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  private expires(from: string): number {
    return Math.floor(Date.parse(from) / 1000) + HISTORY_SECONDS;
  }

  public async put(record: AlertRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...record,
          sk: `A#${record.started_at}#${record.alert_id}`,
          kind: 'alert',
          expires_at: this.expires(record.updated_at),
        },
      }),
    );
  }

  public async get(alertId: string): Promise<AlertRecord | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'by_id',
        KeyConditionExpression: 'alert_id = :id',
        ExpressionAttributeValues: { ':id': alertId },
      }),
    );
    const item = (out.Items ?? []).find((i) => i.kind === 'alert');
    return item === undefined ? undefined : alertRecordFromItem(item, [...INTERNAL]);
  }

  public async list(query: AlertQuery): Promise<AlertRecord[]> {
    const filters = ['expires_at > :now'];
    const values: Record<string, unknown> = { ':now': Math.floor(this.now() / 1000), ':p': 'A#' };
    const names: Record<string, string> = {};
    if (query.severity !== undefined) {
      filters.push('severity = :sev');
      values[':sev'] = query.severity;
    }
    if (query.state !== undefined) {
      filters.push('#st = :st');
      values[':st'] = query.state;
      names['#st'] = 'state';
    }
    return this.query<AlertRecord>(query.model_name, 'alert', filters, values, names, query.limit);
  }

  public async putNotice(notice: Notice): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...notice,
          sk: `N#${notice.created_at}#${notice.notice_id}`,
          kind: 'notice',
          expires_at: this.expires(notice.created_at),
        },
      }),
    );
  }

  public async listNotices(query: {
    model_name?: string;
    limit: number;
  }): Promise<(Notice & { deliveries: DeliveryStatus[] })[]> {
    const notices = await this.query<Notice>(
      query.model_name,
      'notice',
      ['expires_at > :now'],
      { ':now': Math.floor(this.now() / 1000), ':p': 'N#' },
      {},
      query.limit,
    );
    return Promise.all(
      notices.map(async (n) => ({ ...n, deliveries: await this.getDeliveries(n.model_name, n.notice_id) })),
    );
  }

  public async putDelivery(modelName: string, status: DeliveryStatus): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          model_name: modelName,
          ...status,
          sk: `D#${status.notice_id}#${status.target}`,
          expires_at: this.expires(status.updated_at),
        },
      }),
    );
  }

  public async getDeliveries(modelName: string, noticeId: string): Promise<DeliveryStatus[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'model_name = :m AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':m': modelName, ':p': `D#${noticeId}#` },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => {
      const { model_name: _m, ...rest } = strip(i) as unknown as DeliveryStatus & { model_name: string };
      return rest;
    });
  }

  private async query<T>(
    modelName: string | undefined,
    kind: 'alert' | 'notice',
    filters: string[],
    values: Record<string, unknown>,
    names: Record<string, string>,
    limit: number,
  ): Promise<T[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        ...(modelName === undefined
          ? {
              IndexName: 'by_time',
              KeyConditionExpression: 'kind = :k AND begins_with(sk, :p)',
              ExpressionAttributeValues: { ...values, ':k': kind },
            }
          : {
              KeyConditionExpression: 'model_name = :m AND begins_with(sk, :p)',
              ExpressionAttributeValues: { ...values, ':m': modelName },
            }),
        FilterExpression: filters.join(' AND '),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ScanIndexForward: false,
        Limit: Math.max(limit * 2, 25),
      },
      (i) => strip(i) as T,
      limit,
    );
  }
}
