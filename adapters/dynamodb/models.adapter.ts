import { storable } from './numbers.ts';
import { modelFromItem } from './items.ts';
import type { ModelRecord, ModelStatus, StoredDrift, StoredEstimate } from '#domain/kernel/model.ts';
import type { ModelStore } from '#domain/kernel/model.ports.ts';
import { GetCommand, paginateScan, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from './conditional.ts';
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
    return out.Item === undefined ? undefined : modelFromItem(out.Item);
  }

  public async createIfAbsent(record: ModelRecord): Promise<ModelRecord> {
    const result = await conditionalWrite(this.doc, {
      put: { TableName: this.tableName, Item: { ...record }, ConditionExpression: 'attribute_not_exists(model_name)' },
    });
    if (result.written) return record;
    const stored = result.existing !== undefined ? modelFromItem(result.existing) : await this.get(record.model_name);
    if (stored === undefined) throw new Error(`model '${record.model_name}' vanished while being registered`);
    return stored;
  }

  public async list(): Promise<ModelRecord[]> {
    const items: ModelRecord[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.tableName })) {
      items.push(...(page.Items ?? []).map(modelFromItem));
    }
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
    const result = await conditionalWrite(this.doc, {
      update: {
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
      },
    });
    if (!result.written) throw new ConflictError(`model '${modelName}' changed meanwhile or does not exist`);
  }

  public async saveScan(modelName: string, drift: StoredDrift, estimate: StoredEstimate | undefined): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { model_name: modelName },
        UpdateExpression: estimate === undefined ? 'SET drift = :d REMOVE estimate' : 'SET drift = :d, estimate = :e',
        ConditionExpression: 'attribute_exists(model_name)',
        // Strong drift gives p-values below DynamoDB's smallest number (1e-130); they are stored as 0.
        ExpressionAttributeValues: {
          ':d': storable(drift),
          ...(estimate !== undefined ? { ':e': storable(estimate) } : {}),
        },
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
    const result = await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: { model_name: modelName },
        UpdateExpression: update,
        ConditionExpression: `attribute_exists(model_name) AND (${condition})`,
        ExpressionAttributeValues: values,
        ...(names !== undefined ? { ExpressionAttributeNames: names } : {}),
      },
    });
    return result.written;
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
