import { instanceFromItem, silenceFromItem } from './items.ts';
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlertInstance, Silence } from '#domain/alerting/types.ts';
import type { AlertingStore } from '#domain/alerting/alerting.ports.ts';
import { conditionalWrite } from './conditional.ts';

const INSTANCE = (model: string) => `I#${model}`;
const SILENCE = 'SILENCE';

/**
 * Live alert instances (`I#<model>` / rule) and silences (`SILENCE` / id) in the Alerting table.
 * Instances carry a version; writes are conditional on it, so of two evaluators moving the same
 * alert only one succeeds (and only that one notifies).
 */
export class DynamoAlertingStore implements AlertingStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async getInstances(modelName: string): Promise<AlertInstance[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': INSTANCE(modelName) },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(instanceFromItem);
  }

  public async putInstance(instance: AlertInstance, expectedVersion: number | undefined): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.tableName,
        Item: { pk: INSTANCE(instance.model_name), sk: instance.rule, ...instance },
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(expectedVersion !== undefined ? { ExpressionAttributeValues: { ':v': expectedVersion } } : {}),
      },
    });
    return result.written;
  }

  public async getSilences(): Promise<Silence[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': SILENCE },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(silenceFromItem);
  }

  public async putSilence(silence: Silence): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: SILENCE, sk: silence.silence_id, ...silence } }),
    );
  }

  public async deleteSilence(silenceId: string): Promise<boolean> {
    const out = await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: SILENCE, sk: silenceId }, ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}
