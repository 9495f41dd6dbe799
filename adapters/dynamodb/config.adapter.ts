import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from './conditional.ts';

/** Configuration documents in DynamoDB: `{ config_key, value }`. */
export class DynamoConfigStore implements ConfigStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async get(key: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { config_key: key }, ConsistentRead: true }),
    );
    return out.Item?.value as Record<string, unknown> | undefined;
  }

  public async put(key: string, value: Record<string, unknown>): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { config_key: key, value } }));
  }

  public async putIfAbsent(key: string, value: Record<string, unknown>): Promise<Record<string, unknown>> {
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.tableName,
        Item: { config_key: key, value },
        ConditionExpression: 'attribute_not_exists(config_key)',
      },
    });
    if (result.written) return value;
    const stored = (result.existing?.value as Record<string, unknown> | undefined) ?? (await this.get(key));
    if (stored === undefined) throw new Error(`config '${key}' vanished`);
    return stored;
  }
}
