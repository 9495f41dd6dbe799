import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertQuery, AlertStore, ModelAlert } from '../../ports/alerting.ts';

const HISTORY_DAYS = 30;
const INTERNAL = new Set(['sk', 'kind', 'expires_at']);

/**
 * Alert history in DynamoDB: partition per model (sort key `created_at#id`) and a sparse
 * `by_time` index for the fleet-wide, newest-first listing. Items expire after 30 days; reads
 * filter expired ones because TTL deletion is lazy.
 */
export class DynamoAlertStore implements AlertStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  public async put(alert: ModelAlert): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...alert,
          sk: `${alert.created_at}#${alert.alert_id}`,
          kind: 'alert',
          expires_at: Math.floor(Date.parse(alert.created_at) / 1000) + HISTORY_DAYS * 86_400,
        },
      }),
    );
  }

  public async list(query: AlertQuery): Promise<ModelAlert[]> {
    const filters = ['expires_at > :now'];
    const values: Record<string, unknown> = { ':now': Math.floor(this.now() / 1000) };
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
    const byModel = query.model_name !== undefined;
    if (byModel) values[':pk'] = query.model_name;
    else values[':pk'] = 'alert';

    const found: ModelAlert[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          ...(byModel ? {} : { IndexName: 'by_time' }),
          KeyConditionExpression: byModel ? 'model_name = :pk' : 'kind = :pk',
          FilterExpression: filters.join(' AND '),
          ExpressionAttributeValues: values,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ScanIndexForward: false,
          Limit: Math.max(query.limit * 2, 25),
          ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        found.push(Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k))) as unknown as ModelAlert);
      }
      start = out.LastEvaluatedKey;
    } while (start !== undefined && found.length < query.limit);
    return found.slice(0, query.limit);
  }
}
