import { GetCommand, paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AiModelStore } from '#domain/providers/providers.ports.ts';
import type { AiModel } from '#domain/providers/types.ts';
import { conditionalWrite } from './conditional.ts';

/** AI models: one item per model name, written on its version. */
export class DynamoAiModelStore implements AiModelStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  public async put(model: AiModel, expected: number): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.table,
        Item: model,
        ConditionExpression: expected === 0 ? 'attribute_not_exists(#n)' : 'version = :v',
        ExpressionAttributeNames: expected === 0 ? { '#n': 'name' } : undefined,
        ...(expected === 0 ? {} : { ExpressionAttributeValues: { ':v': expected } }),
      },
    });
    return result.written;
  }

  public async get(name: string): Promise<AiModel | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { name }, ConsistentRead: true }));
    return out.Item as AiModel | undefined;
  }

  public async list(): Promise<AiModel[]> {
    const items: AiModel[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.table, ConsistentRead: true }))
      items.push(...((page.Items ?? []) as AiModel[]));
    return items.sort((a, b) => a.name.localeCompare(b.name));
  }

  public async remove(name: string): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      delete: {
        TableName: this.table,
        Key: { name },
        ConditionExpression: 'attribute_exists(#n)',
        ExpressionAttributeNames: { '#n': 'name' },
      },
    });
    return result.written;
  }
}
