import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HealthResult } from '#domain/providers/health.ts';
import type { HealthStore } from '#domain/providers/providers.ports.ts';
import { queryAll } from './batch.ts';
import { conditionalWrite } from './conditional.ts';

/** Health test results: partition per AI model, sorted by test time, 90 days' TTL. */
export class DynamoHealthStore implements HealthStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays = 90,
  ) {}

  public async add(result: HealthResult): Promise<void> {
    await conditionalWrite(this.doc, {
      put: {
        TableName: this.table,
        Item: { ...result, expires_at: Math.floor(Date.parse(result.tested_at) / 1000) + this.retentionDays * 86_400 },
        ConditionExpression: 'attribute_not_exists(tested_at)',
      },
    });
  }

  public async results(model: string, limit: number): Promise<HealthResult[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'model = :m',
        ExpressionAttributeValues: { ':m': model },
        ScanIndexForward: false,
      },
      (item) => {
        const { expires_at: _ttl, ...result } = item;
        return result as unknown as HealthResult;
      },
      limit,
    );
  }
}
