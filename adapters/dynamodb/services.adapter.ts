import { GetCommand, paginateScan, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KnownService, ServiceRegistry } from '#domain/services/services.ports.ts';

/** The services table: one item per service, `first_seen` set once, `last_seen` moved forward. */
export class DynamoServiceRegistry implements ServiceRegistry {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async seen(service: string, at: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { service },
          UpdateExpression: 'SET first_seen = if_not_exists(first_seen, :t), last_seen = :t',
          // Never move last_seen back (a late retry of an old batch).
          ConditionExpression: 'attribute_not_exists(last_seen) OR last_seen < :t',
          ExpressionAttributeValues: { ':t': at },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  public async has(service: string): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { service },
        ProjectionExpression: '#s',
        ExpressionAttributeNames: { '#s': 'service' },
      }),
    );
    return out.Item !== undefined;
  }

  public async list(): Promise<KnownService[]> {
    const items: KnownService[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.tableName })) {
      for (const item of page.Items ?? [])
        items.push({
          service: String(item.service),
          first_seen: String(item.first_seen),
          last_seen: String(item.last_seen),
        });
    }
    return items.sort((a, b) => a.service.localeCompare(b.service));
  }
}
