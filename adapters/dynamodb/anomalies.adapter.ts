import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AnomalyStore } from '#domain/services/services.ports.ts';
import type { ServiceAnomaly } from '#domain/services/types.ts';
import { batchWrite, queryAll } from './batch.ts';

/**
 * The anomalies table: partition per service, sort key `<detected_at>#<anomaly_id>` (ids are
 * deterministic, so a second detection of the same anomaly lands on the same item), TTL 30 days.
 */
export class DynamoAnomalyStore implements AnomalyStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 30,
  ) {}

  public async save(anomalies: readonly ServiceAnomaly[]): Promise<void> {
    // One request per key: BatchWriteItem refuses two puts of one key in a call.
    const unique = [...new Map(anomalies.map((a) => [a.anomaly_id, a])).values()];
    await batchWrite(
      this.doc,
      this.tableName,
      unique.map((a) => ({
        PutRequest: {
          Item: {
            ...a,
            anomaly_key: `${a.detected_at}#${a.anomaly_id}`,
            expires_at: Math.floor(Date.parse(a.detected_at) / 1000) + this.retentionDays * 86_400,
          },
        },
      })),
    );
  }

  public async list(service: string, from: number, to: number): Promise<ServiceAnomaly[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'service = :s AND anomaly_key BETWEEN :f AND :t',
        ExpressionAttributeValues: {
          ':s': service,
          ':f': new Date(from).toISOString(),
          ':t': `${new Date(to).toISOString()}~`,
        },
        ScanIndexForward: false,
      },
      (item) => {
        const { anomaly_key: _key, expires_at: _ttl, ...anomaly } = item;
        return anomaly as unknown as ServiceAnomaly;
      },
    );
  }
}
