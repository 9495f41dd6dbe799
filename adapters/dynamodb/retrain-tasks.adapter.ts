import { taskFromItem } from './items.ts';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './batch.ts';
import { NotFoundError } from '#domain/kernel/errors.ts';
import type { RetrainTaskStore } from '#domain/retraining/retraining.ports.ts';
import type { RetrainTask } from '#domain/retraining/types.ts';
import { conditionalWrite } from './conditional.ts';

const SEMAPHORE = { task_id: '#semaphore' };

/** `SET #k0 = :v0, ...` for the defined fields of a patch (the key excluded). */
function setPatch(patch: Partial<RetrainTask>) {
  const entries = (Object.entries(patch) as [string, unknown][]).filter(([k, v]) => k !== 'task_id' && v !== undefined);
  return {
    empty: entries.length === 0,
    UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
    names: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
    values: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
  };
}
const LOCK = (model: string) => ({ task_id: `#lock#${model}` });

/**
 * Retrain tasks by id, listed by status through the `by_status` index. The concurrency slot
 * counter and the per-model locks are items of the same table, changed only by conditional
 * writes (no transactions: the local emulator lacks them).
 */
export class DynamoRetrainTaskStore implements RetrainTaskStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async create(task: RetrainTask): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...task },
        ConditionExpression: 'attribute_not_exists(task_id)',
      }),
    );
  }

  public async get(taskId: string): Promise<RetrainTask | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { task_id: taskId }, ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : taskFromItem(out.Item);
  }

  public async update(taskId: string, patch: Partial<RetrainTask>): Promise<RetrainTask> {
    const updated = await this.patch(taskId, patch);
    if (updated === undefined) throw new NotFoundError(`retrain task '${taskId}' is not known`);
    return updated;
  }

  public async transition(
    taskId: string,
    expected: RetrainTask['status'],
    patch: Partial<RetrainTask>,
  ): Promise<RetrainTask | undefined> {
    return this.patch(taskId, patch, expected);
  }

  /** Sets the patch's fields if the task exists (and, with `expected`, is in that status); undefined otherwise. */
  private async patch(
    taskId: string,
    patch: Partial<RetrainTask>,
    expected?: RetrainTask['status'],
  ): Promise<RetrainTask | undefined> {
    const set = setPatch(patch);
    if (set.empty) {
      const task = await this.get(taskId);
      return expected === undefined || task?.status === expected ? task : undefined;
    }
    const result = await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: { task_id: taskId },
        UpdateExpression: set.UpdateExpression,
        ConditionExpression: expected === undefined ? 'attribute_exists(task_id)' : '#status = :expected',
        ExpressionAttributeNames: { ...set.names, ...(expected !== undefined ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: { ...set.values, ...(expected !== undefined ? { ':expected': expected } : {}) },
        ReturnValues: 'ALL_NEW',
      },
    });
    return result.written ? taskFromItem(result.attributes ?? {}) : undefined;
  }

  public async listByStatus(status: RetrainTask['status'], limit: number): Promise<RetrainTask[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'by_status',
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status },
      },
      taskFromItem,
      limit,
    );
  }

  public async acquireSlot(max: number): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: SEMAPHORE,
        UpdateExpression: 'ADD active :one',
        ConditionExpression: 'attribute_not_exists(active) OR active < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': max },
      },
    });
    return result.written;
  }

  public async releaseSlot(): Promise<void> {
    await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: SEMAPHORE,
        UpdateExpression: 'ADD active :minus',
        ConditionExpression: 'active > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      },
    });
  }

  public async lockModel(modelName: string, taskId: string): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.tableName,
        Item: { ...LOCK(modelName), holder: taskId },
        ConditionExpression: 'attribute_not_exists(holder)',
      },
    });
    return result.written;
  }

  public async unlockModel(modelName: string, taskId: string): Promise<void> {
    // An item without a holder is free; delete-on-condition would need a second round trip.
    await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: LOCK(modelName),
        UpdateExpression: 'REMOVE holder',
        ConditionExpression: 'holder = :h',
        ExpressionAttributeValues: { ':h': taskId },
      },
    });
  }
}
