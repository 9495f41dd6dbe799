import { GetCommand, paginateScan, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NamedModel } from '#domain/services/named-models.ts';
import type { NamedModelStore } from '#domain/services/services.ports.ts';

/** The named-models table: one item per name. */
export class DynamoNamedModelStore implements NamedModelStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async get(name: string): Promise<NamedModel | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { name }, ConsistentRead: true }));
    return out.Item as NamedModel | undefined;
  }

  public async put(model: NamedModel): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: model }));
  }

  public async list(): Promise<NamedModel[]> {
    const items: NamedModel[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.tableName, ConsistentRead: true }))
      items.push(...((page.Items ?? []) as NamedModel[]));
    return items.sort((a, b) => a.name.localeCompare(b.name));
  }
}
