import { predictionFromItem } from './items.ts';
import type { PredictionRecord } from '#domain/kernel/model.ts';
import type { PredictionHistory } from '#domain/kernel/model.ports.ts';
import { DeleteCommand, GetCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/kernel/errors.ts';
import type { BatchClaims, CountableRecord, PredictionStore } from '#domain/monitoring/monitoring.ports.ts';
import { batchGet, batchWrite, queryAll } from './batch.ts';
import { conditionalWrite } from './conditional.ts';

/**
 * Predictions in DynamoDB, keyed by `prediction_id`.
 *
 * A single insert is a conditional put, exact under any concurrency. A batch checks which ids
 * exist (BatchGetItem) and writes the new ones (BatchWriteItem): ~10x the throughput of
 * conditional puts, at the cost that two copies of the same batch sent at the same instant may
 * both pass the check. A retry sent after its original finished is always recognised.
 */
export class DynamoPredictionStore implements PredictionStore, PredictionHistory {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async insertNew(records: readonly PredictionRecord[]): Promise<ReadonlySet<string>> {
    const [only] = records;
    if (only === undefined) return new Set();
    if (records.length === 1) {
      const result = await conditionalWrite(this.doc, {
        put: {
          TableName: this.tableName,
          Item: { ...only },
          ConditionExpression: 'attribute_not_exists(prediction_id)',
        },
      });
      return new Set(result.written ? [only.prediction_id] : []);
    }
    const existing = await batchGet(
      this.doc,
      this.tableName,
      records.map((r) => ({ prediction_id: r.prediction_id })),
      'prediction_id',
    );
    const taken = new Set(existing.map((item) => String(item.prediction_id)));
    const fresh = records.filter((r) => !taken.has(r.prediction_id));
    await batchWrite(
      this.doc,
      this.tableName,
      fresh.map((r) => ({ PutRequest: { Item: { ...r } } })),
    );
    return new Set(fresh.map((r) => r.prediction_id));
  }

  public async get(predictionId: string): Promise<PredictionRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { prediction_id: predictionId }, ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : predictionFromItem(out.Item);
  }

  public async setOutcome(
    predictionId: string,
    outcome: {
      actual: PredictionRecord['actual'];
      score: NonNullable<PredictionRecord['outcome_score']>;
      version: number;
      leaseUntil: number;
      counted?: PredictionRecord['outcome_counted'];
    },
    expectedVersion: number | undefined,
  ): Promise<void> {
    const sets =
      'SET actual = :a, outcome_score = :s, outcome_version = :v, outcome_pending = :v, outcome_lease_until = :l';
    const result = await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: { prediction_id: predictionId },
        UpdateExpression:
          outcome.counted === undefined ? `${sets} REMOVE outcome_counted` : `${sets}, outcome_counted = :c`,
        ConditionExpression:
          expectedVersion === undefined
            ? 'attribute_exists(prediction_id) AND attribute_not_exists(outcome_version)'
            : 'outcome_version = :ev',
        ExpressionAttributeValues: {
          ':a': outcome.actual,
          ':s': outcome.score,
          ':v': outcome.version,
          ':l': outcome.leaseUntil,
          ...(outcome.counted !== undefined ? { ':c': outcome.counted } : {}),
          ...(expectedVersion !== undefined ? { ':ev': expectedVersion } : {}),
        },
      },
    });
    if (!result.written) throw new ConflictError(`the outcome of '${predictionId}' changed meanwhile; retry`);
  }

  public async leaseOutcome(
    predictionId: string,
    version: number,
    untilMs: number,
    nowMs: number,
  ): Promise<PredictionRecord | undefined> {
    const result = await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: { prediction_id: predictionId },
        UpdateExpression: 'SET outcome_lease_until = :u',
        ConditionExpression:
          'outcome_pending = :v AND (attribute_not_exists(outcome_lease_until) OR outcome_lease_until < :now)',
        ExpressionAttributeValues: { ':v': version, ':u': untilMs, ':now': nowMs },
        ReturnValues: 'ALL_NEW',
      },
    });
    return result.written && result.attributes !== undefined ? predictionFromItem(result.attributes) : undefined;
  }

  public async releaseOutcome(predictionId: string, version: number): Promise<void> {
    await this.whilePending(predictionId, version, 'SET outcome_lease_until = :zero', { ':zero': 0 });
  }

  public async settleOutcome(predictionId: string, version: number): Promise<void> {
    await this.whilePending(predictionId, version, 'REMOVE outcome_pending, outcome_counted, outcome_lease_until');
  }

  /** Updates a prediction only while outcome `version` is pending (a no-op once it moved on). */
  private async whilePending(
    predictionId: string,
    version: number,
    updateExpression: string,
    values: Record<string, unknown> = {},
  ): Promise<void> {
    await conditionalWrite(this.doc, {
      update: {
        TableName: this.tableName,
        Key: { prediction_id: predictionId },
        UpdateExpression: updateExpression,
        ConditionExpression: 'outcome_pending = :v',
        ExpressionAttributeValues: { ':v': version, ...values },
      },
    });
  }

  /**
   * Reads the `by_model_time` index, projected to the counted fields. The index is eventually
   * consistent: callers read buckets closed for SEAL_GRACE_MS, far beyond its usual lag.
   */
  public async *countable(modelName: string, fromMs: number, toMs: number): AsyncIterable<readonly CountableRecord[]> {
    const pages = paginateQuery(
      { client: this.doc, pageSize: 1000 },
      {
        TableName: this.tableName,
        IndexName: 'by_model_time',
        KeyConditionExpression: 'model_name = :m AND ts BETWEEN :from AND :to',
        ProjectionExpression: 'ts, response_time, confidence, #e, model_version',
        ExpressionAttributeNames: { '#e': 'error' },
        ExpressionAttributeValues: { ':m': modelName, ':from': fromMs, ':to': toMs - 1 },
      },
    );
    for await (const page of pages) {
      yield (page.Items ?? []).map((item) => ({
        ts: Number(item.ts),
        response_time: Number(item.response_time),
        ...(typeof item.confidence === 'number' ? { confidence: item.confidence } : {}),
        ...(typeof item.error === 'string' ? { error: item.error } : {}),
        ...(typeof item.model_version === 'string' ? { model_version: item.model_version } : {}),
      }));
    }
  }

  public async earliest(modelName: string, limit: number): Promise<PredictionRecord[]> {
    return this.byTime(modelName, { ascending: true, limit });
  }

  public async latest(modelName: string, sinceMs: number, limit: number): Promise<PredictionRecord[]> {
    return this.byTime(modelName, { ascending: false, limit, sinceMs });
  }

  /** Reads the `by_model_time` index page by page up to `limit` items; cost is bounded by the limit. */
  private async byTime(
    modelName: string,
    o: { ascending: boolean; limit: number; sinceMs?: number },
  ): Promise<PredictionRecord[]> {
    return queryAll(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'by_model_time',
        KeyConditionExpression: o.sinceMs === undefined ? 'model_name = :m' : 'model_name = :m AND ts >= :since',
        ExpressionAttributeValues: { ':m': modelName, ...(o.sinceMs !== undefined ? { ':since': o.sinceMs } : {}) },
        ScanIndexForward: o.ascending,
      },
      predictionFromItem,
      o.limit,
    );
  }

  public async deleteMany(predictionIds: readonly string[]): Promise<void> {
    if (predictionIds.length === 1 && predictionIds[0] !== undefined) {
      await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { prediction_id: predictionIds[0] } }));
      return;
    }
    await batchWrite(
      this.doc,
      this.tableName,
      predictionIds.map((id) => ({ DeleteRequest: { Key: { prediction_id: id } } })),
    );
  }
}

/** Batch claims as items of the predictions table keyed `claim#<key>` (`#` is not allowed in prediction ids). */
export class DynamoBatchClaims implements BatchClaims {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async acquire(key: string, holder: string, untilMs: number, nowMs: number): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      put: {
        TableName: this.tableName,
        Item: { prediction_id: `claim#${key}`, holder, until: untilMs, expires_at: Math.ceil(untilMs / 1000) + 3600 },
        ConditionExpression: 'attribute_not_exists(prediction_id) OR #u < :now',
        ExpressionAttributeNames: { '#u': 'until' },
        ExpressionAttributeValues: { ':now': nowMs },
      },
    });
    return result.written;
  }

  public async release(key: string, holder: string): Promise<void> {
    await conditionalWrite(this.doc, {
      delete: {
        TableName: this.tableName,
        Key: { prediction_id: `claim#${key}` },
        ConditionExpression: 'holder = :h',
        ExpressionAttributeValues: { ':h': holder },
      },
    });
  }
}
