import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ForecastModelRecord } from '#domain/services/forecasts.ts';
import type { ForecastStore } from '#domain/services/services.ports.ts';
import { queryAll } from './batch.ts';

/** The forecasters table: partition per service, sort key the metric; a retrain overwrites its item. */
export class DynamoForecastStore implements ForecastStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async put(record: ForecastModelRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: record }));
  }

  public async list(service: string): Promise<ForecastModelRecord[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'service = :s',
        ExpressionAttributeValues: { ':s': service },
        ConsistentRead: true,
      },
      (item) => item as unknown as ForecastModelRecord,
    );
  }
}
