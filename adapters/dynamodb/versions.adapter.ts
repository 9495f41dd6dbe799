import { versionFromItem } from './items.ts';
import type { VersionStore } from '#domain/kernel/model.ports.ts';
import type { ModelVersion } from '#domain/kernel/model.ts';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Model versions: partition per model, sort key the version id (time-ordered ids). */
export class DynamoVersionStore implements VersionStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async put(version: ModelVersion): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...version } }));
  }

  public async get(modelName: string, version: string): Promise<ModelVersion | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { model_name: modelName, version }, ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : versionFromItem(out.Item);
  }

  public async list(modelName: string): Promise<ModelVersion[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'model_name = :m',
        ExpressionAttributeValues: { ':m': modelName },
        ScanIndexForward: false,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(versionFromItem);
  }
}
