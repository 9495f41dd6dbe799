import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditStore } from '#domain/audit/audit.ports.ts';
import { conditionalWrite } from './conditional.ts';

const RETENTION_SECONDS = 366 * 86_400;

function toEntry(item: Record<string, unknown>): AuditEntry {
  const { expires_at: _expires, ...rest } = item;
  return { ...(rest as unknown as AuditEntry), roles: Array.isArray(item.roles) ? item.roles.map(String) : [] };
}

/** Audit entries keyed (chain, seq), kept a year (TTL), appended with a conditional put. */
export class DynamoAuditStore implements AuditStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async last(chain: string): Promise<AuditEntry | undefined> {
    const [entry] = await this.newest(chain, 1);
    return entry;
  }

  public async putIfAbsent(entry: AuditEntry): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.tableName,
        Item: {
          ...entry,
          roles: [...entry.roles],
          expires_at: Math.floor(Date.parse(entry.at) / 1000) + RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(seq)',
      },
    });
    return result.written;
  }

  public async newest(chain: string, limit: number, before?: number): Promise<AuditEntry[]> {
    return this.query(chain, limit, false, before === undefined ? undefined : { op: '<', seq: before });
  }

  public async oldest(chain: string, limit: number, after: number): Promise<AuditEntry[]> {
    return this.query(chain, limit, true, { op: '>', seq: after });
  }

  private async query(
    chain: string,
    limit: number,
    ascending: boolean,
    bound?: { op: '<' | '>'; seq: number },
  ): Promise<AuditEntry[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: bound === undefined ? 'chain = :c' : `chain = :c AND seq ${bound.op} :s`,
        ExpressionAttributeValues: { ':c': chain, ...(bound !== undefined ? { ':s': bound.seq } : {}) },
        ScanIndexForward: ascending,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(toEntry);
  }
}
