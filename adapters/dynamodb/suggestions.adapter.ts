import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SuggestionStore } from '#domain/services/services.ports.ts';
import type { Suggestion } from '#domain/services/suggestions.ts';
import { batchWrite, queryAll } from './batch.ts';

/**
 * The suggestions table: partition per service, sort key `<created_at>#<id>` with the day's
 * first sighting kept (a conditional put per id and day would cost a round trip each; ids are
 * per day, so the sort key uses the day and the id), TTL 90 days.
 */
export class DynamoSuggestionStore implements SuggestionStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 90,
  ) {}

  public async save(suggestions: readonly Suggestion[]): Promise<void> {
    const unique = [...new Map(suggestions.map((s) => [s.suggestion_id, s])).values()];
    await batchWrite(
      this.doc,
      this.tableName,
      unique.map((s) => ({
        PutRequest: {
          Item: {
            ...s,
            sk: `${s.created_at.slice(0, 10)}#${s.suggestion_id}`,
            expires_at: Math.floor(Date.parse(s.created_at) / 1000) + this.retentionDays * 86_400,
          },
        },
      })),
    );
  }

  public async list(service: string, from: number, to: number): Promise<Suggestion[]> {
    const items = await queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'service = :s AND sk BETWEEN :f AND :t',
        ExpressionAttributeValues: {
          ':s': service,
          ':f': new Date(from).toISOString().slice(0, 10),
          ':t': `${new Date(to).toISOString().slice(0, 10)}~`,
        },
        ScanIndexForward: false,
      },
      (item) => {
        const { sk: _sk, expires_at: _ttl, ...s } = item;
        return s as unknown as Suggestion;
      },
    );
    return items
      .filter((s) => Date.parse(s.created_at) >= from && Date.parse(s.created_at) <= to)
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
  }
}
