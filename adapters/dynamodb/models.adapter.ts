import type { ModelRecord, ModelStatus, StoredDrift, StoredEstimate } from '#domain/kernel/model.ts';
import type { ModelStore } from '#domain/kernel/model.ports.ts';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './errors.ts';
import { ConflictError } from '#domain/kernel/errors.ts';

/** Registered models in DynamoDB, keyed by `model_name`. */
export class DynamoModelStore implements ModelStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async get(modelName: string): Promise<ModelRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { model_name: modelName }, ConsistentRead: true }),
    );
    return out.Item as ModelRecord | undefined;
  }

  public async createIfAbsent(record: ModelRecord): Promise<ModelRecord> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...record },
          ConditionExpression: 'attribute_not_exists(model_name)',
        }),
      );
      return record;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = await this.get(record.model_name);
      if (stored === undefined)
        throw new Error(`model '${record.model_name}' vanished while being registered`, { cause: error });
      return stored;
    }
  }

  public async list(): Promise<ModelRecord[]> {
    const items: ModelRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({ TableName: this.tableName, ...(start !== undefined ? { ExclusiveStartKey: start } : {}) }),
      );
      items.push(...((out.Items ?? []) as ModelRecord[]));
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return items.sort((a, b) => a.model_name.localeCompare(b.model_name));
  }

  public async update(
    modelName: string,
    fields: Partial<Omit<ModelRecord, 'model_name'>>,
    expect: Partial<Pick<ModelRecord, 'champion_version' | 'active_task_id'>> = {},
  ): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    (Object.entries(fields) as [string, unknown][]).forEach(([key, value], i) => {
      names[`#f${i}`] = key;
      if (value === undefined) removes.push(`#f${i}`);
      else {
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
      }
    });
    const conditions = ['attribute_exists(model_name)'];
    (Object.entries(expect) as [string, unknown][]).forEach(([key, value], i) => {
      names[`#e${i}`] = key;
      if (value === undefined) conditions.push(`attribute_not_exists(#e${i})`);
      else {
        values[`:e${i}`] = value;
        conditions.push(`#e${i} = :e${i}`);
      }
    });
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { model_name: modelName },
          UpdateExpression: [
            sets.length > 0 ? `SET ${sets.join(', ')}` : '',
            removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
          ]
            .join(' ')
            .trim(),
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError(`model '${modelName}' changed meanwhile or does not exist`, { cause: error });
      throw error;
    }
  }

  public async saveScan(modelName: string, drift: StoredDrift, estimate: StoredEstimate | undefined): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { model_name: modelName },
        UpdateExpression: estimate === undefined ? 'SET drift = :d REMOVE estimate' : 'SET drift = :d, estimate = :e',
        ConditionExpression: 'attribute_exists(model_name)',
        ExpressionAttributeValues: { ':d': drift, ...(estimate !== undefined ? { ':e': estimate } : {}) },
      }),
    );
  }

  public async claimWakeup(modelName: string, dueAt: string, now: string): Promise<boolean> {
    return this.setIf(
      modelName,
      'SET wakeup_at = :due',
      'attribute_not_exists(wakeup_at) OR wakeup_at <= :now OR wakeup_at > :due',
      { ':due': dueAt, ':now': now },
    );
  }

  public async claimRetrainRequest(modelName: string, at: string, notBefore: string): Promise<boolean> {
    return this.setIf(
      modelName,
      'SET last_retrain_request_at = :at',
      'attribute_not_exists(last_retrain_request_at) OR last_retrain_request_at < :nb',
      { ':at': at, ':nb': notBefore },
    );
  }

  /** A conditional update of an existing model; false when the condition does not hold. */
  private async setIf(
    modelName: string,
    update: string,
    condition: string,
    values: Record<string, unknown>,
    names?: Record<string, string>,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { model_name: modelName },
          UpdateExpression: update,
          ConditionExpression: `attribute_exists(model_name) AND (${condition})`,
          ExpressionAttributeValues: values,
          ...(names !== undefined ? { ExpressionAttributeNames: names } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  public async transitionStatus(
    modelName: string,
    from: ModelStatus | undefined,
    to: ModelStatus,
    at: string,
  ): Promise<boolean> {
    return this.setIf(
      modelName,
      'SET #s = :to, status_since = :at',
      from === undefined ? 'attribute_not_exists(#s)' : '#s = :from',
      { ':to': to, ':at': at, ...(from !== undefined ? { ':from': from } : {}) },
      { '#s': 'status' },
    );
  }
}
