import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AggregateBucket, AggregateDelta, Counters } from '#domain/monitoring/aggregates.ts';
import { TIME_BUCKET_PREFIX, TOTAL_BUCKET } from '#domain/monitoring/buckets.ts';
import type { AggregateStore } from '#domain/monitoring/monitoring.ports.ts';
import { chunk, mapLimit, queryAll } from './batch.ts';
import { conditionalWrite, isConditionFailure } from './conditional.ts';

const NON_COUNTERS = new Set(['model_name', 'bucket', 'last_prediction', 'expires_at', 'sealed_through', 'seal_part']);
/** Counters per UpdateItem: keeps the expression well under DynamoDB's 4 KB. */
const COUNTERS_PER_UPDATE = 100;

function toBucket(item: Record<string, unknown>): AggregateBucket {
  const counters: Counters = {};
  for (const [key, value] of Object.entries(item))
    if (!NON_COUNTERS.has(key) && typeof value === 'number') counters[key] = value;
  return {
    model_name: String(item.model_name),
    bucket: String(item.bucket),
    counters,
    ...(typeof item.last_prediction === 'string' ? { last_prediction: item.last_prediction } : {}),
    ...(item.vers instanceof Set ? { versions: [...(item.vers as Set<string>)].sort() } : {}),
    ...(typeof item.sealed_through === 'string' ? { sealed_through: item.sealed_through } : {}),
  };
}

/** `#c0 :c0, …` for ADD or `#c0 = :c0, …` for SET, with their names and values. */
function counterClauses(
  counters: Counters,
  op: 'ADD' | 'SET',
  names: Record<string, string>,
  values: Record<string, unknown>,
) {
  return Object.entries(counters).map(([counter, value], i) => {
    names[`#c${i}`] = counter;
    values[`:c${i}`] = value;
    return op === 'ADD' ? `#c${i} :c${i}` : `#c${i} = :c${i}`;
  });
}

export interface DynamoAggregateStoreOptions {
  /** Days a time bucket is kept (the all-time total is kept for ever). @default 400 */
  readonly bucketRetentionDays?: number;
  /** Epoch ms now; for the TTL of new buckets. */
  readonly now?: () => number;
}

/**
 * Per-model counters in DynamoDB: one item per (model, 5-minute bucket) plus a `TOTAL` item,
 * all updated with atomic `ADD`, so concurrent writers never lose an increment.
 */
export class DynamoAggregateStore implements AggregateStore {
  private readonly retentionSeconds: number;
  private readonly now: () => number;

  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoAggregateStoreOptions = {},
  ) {
    this.retentionSeconds = (options.bucketRetentionDays ?? 400) * 86_400;
    this.now = options.now ?? Date.now;
  }

  public async increment(deltas: readonly AggregateDelta[]): Promise<void> {
    await this.add(deltas);
  }

  /**
   * Each UpdateItem also adds a mark of `op` (part by part: `op#0`, `op#1`, … when a long counter
   * set takes more than one) to the item's `ops` set, on the condition that the mark is not there:
   * a repeated call finds it and adds nothing. dynalite has no transactions; this needs none.
   */
  public async incrementOnce(op: string, deltas: readonly AggregateDelta[]): Promise<void> {
    await this.add(deltas, op);
  }

  public async forget(op: string, deltas: readonly AggregateDelta[]): Promise<void> {
    const marks = new Map<string, { model_name: string; bucket: string; parts: Set<string> }>();
    for (const { delta, bucket, part } of this.parts(deltas)) {
      const key = `${delta.model_name}\x1f${bucket}`;
      const entry = marks.get(key) ?? { model_name: delta.model_name, bucket, parts: new Set<string>() };
      marks.set(key, entry);
      entry.parts.add(`${op}#${part}`);
    }
    await mapLimit([...marks.values()], 8, async ({ model_name, bucket, parts }) => {
      await this.doc
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { model_name, bucket },
            UpdateExpression: 'DELETE ops :ops',
            ConditionExpression: 'attribute_exists(model_name)',
            ExpressionAttributeValues: { ':ops': parts },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    });
  }

  /** The UpdateItems of a set of deltas: each bucket's counters, and the total's, in parts. */
  private parts(deltas: readonly AggregateDelta[]) {
    const updates = deltas.flatMap((d) => [
      { delta: d, bucket: d.bucket, expires: true },
      ...(d.total === false ? [] : [{ delta: d, bucket: TOTAL_BUCKET, expires: false }]),
    ]);
    return updates.flatMap(({ delta, bucket, expires }) =>
      chunk(Object.entries(delta.counters), COUNTERS_PER_UPDATE).map((entries, i) => ({
        delta,
        bucket,
        expires,
        counters: Object.fromEntries(entries),
        first: i === 0,
        part: i,
      })),
    );
  }

  private async add(deltas: readonly AggregateDelta[], op?: string): Promise<void> {
    await mapLimit(this.parts(deltas), 8, async ({ delta, bucket, expires, counters, first, part }) => {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const adds = counterClauses(counters, 'ADD', names, values);
      const sets: string[] = [];
      if (first && delta.last_prediction !== undefined) {
        sets.push('last_prediction = :lp');
        values[':lp'] = delta.last_prediction;
      }
      if (first && bucket !== TOTAL_BUCKET && delta.versions !== undefined && delta.versions.length > 0) {
        adds.push('vers :vers');
        values[':vers'] = new Set(delta.versions);
      }
      if (expires) {
        sets.push('expires_at = if_not_exists(expires_at, :exp)');
        values[':exp'] = this.expiry();
      }
      if (adds.length === 0 && sets.length === 0) return;
      if (op !== undefined) {
        adds.push('ops :ops');
        values[':ops'] = new Set([`${op}#${part}`]);
        values[':op'] = `${op}#${part}`;
      }
      const update = {
        TableName: this.tableName,
        Key: { model_name: delta.model_name, bucket },
        UpdateExpression: [
          sets.length > 0 ? `SET ${sets.join(', ')}` : '',
          adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
        ]
          .join(' ')
          .trim(),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      };
      // With a mark, a failed condition means this part was added before: nothing to do.
      if (op === undefined) await this.doc.send(new UpdateCommand(update));
      else await conditionalWrite(this.doc, { update: { ...update, ConditionExpression: 'NOT contains(ops, :op)' } });
    });
  }

  public async replaceCounters(
    modelName: string,
    bucket: string,
    counters: Counters,
    inScope: (name: string) => boolean,
  ): Promise<void> {
    const key = { model_name: modelName, bucket };
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const stale = Object.keys(out.Item === undefined ? {} : toBucket(out.Item).counters).filter(
      (name) => inScope(name) && !(name in counters),
    );
    const sets = chunk(Object.entries(counters), COUNTERS_PER_UPDATE);
    const removes = chunk(stale, COUNTERS_PER_UPDATE);
    for (let i = 0; i < Math.max(sets.length, removes.length); i++) {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':exp': this.expiry() };
      const setClauses = [
        ...counterClauses(Object.fromEntries(sets[i] ?? []), 'SET', names, values),
        'expires_at = if_not_exists(expires_at, :exp)',
      ];
      const removeClauses = (removes[i] ?? []).map((name, j) => {
        names[`#r${j}`] = name;
        return `#r${j}`;
      });
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${setClauses.join(', ')}${removeClauses.length > 0 ? ` REMOVE ${removeClauses.join(', ')}` : ''}`,
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      );
    }
  }

  /**
   * One conditional ADD when the counters fit one update; otherwise parts, each recorded in
   * `seal_part` so a run that crashed between parts resumes without adding a part twice.
   */
  public async seal(modelName: string, bucket: string, counters: Counters, lastPrediction?: string): Promise<boolean> {
    const parts = chunk(Object.entries(counters), COUNTERS_PER_UPDATE);
    if (parts.length === 0) parts.push([]);
    // Racing seals may each write some parts (each part is added once, by whichever gets it); the
    // one that writes the last part, which moves sealed_through, is the one that sealed.
    let sealed = false;
    for (const [i, entries] of parts.entries()) {
      const last = i === parts.length - 1;
      const part = `${bucket}#${String(i).padStart(4, '0')}`;
      const names: Record<string, string> = { '#st': 'sealed_through', '#sp': 'seal_part' };
      const values: Record<string, unknown> = { ':b': bucket, ':part': part };
      const adds = counterClauses(Object.fromEntries(entries), 'ADD', names, values);
      const sets = [last ? '#st = :b' : '#sp = :part'];
      if (last && lastPrediction !== undefined) {
        sets.push('last_prediction = :lp');
        values[':lp'] = lastPrediction;
      }
      const result = await conditionalWrite(this.doc, {
        update: {
          TableName: this.tableName,
          Key: { model_name: modelName, bucket: TOTAL_BUCKET },
          UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}${last ? ' REMOVE #sp' : ''}`,
          ConditionExpression: '(attribute_not_exists(#st) OR #st < :b) AND (attribute_not_exists(#sp) OR #sp < :part)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      });
      if (last) sealed = result.written;
    }
    return sealed;
  }

  private expiry(): number {
    return Math.floor(this.now() / 1000) + this.retentionSeconds;
  }

  public async range(modelName: string, fromBucket: string, toBucket: string): Promise<AggregateBucket[]> {
    return this.query({
      KeyConditionExpression: 'model_name = :m AND #b BETWEEN :f AND :t',
      ExpressionAttributeValues: { ':m': modelName, ':f': fromBucket, ':t': toBucket },
    });
  }

  public async earliest(modelName: string, limit: number): Promise<AggregateBucket[]> {
    return this.query(
      {
        KeyConditionExpression: 'model_name = :m AND begins_with(#b, :p)',
        ExpressionAttributeValues: { ':m': modelName, ':p': TIME_BUCKET_PREFIX },
      },
      limit,
    );
  }

  public async total(modelName: string): Promise<AggregateBucket | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { model_name: modelName, bucket: TOTAL_BUCKET },
        ConsistentRead: true,
      }),
    );
    return out.Item === undefined ? undefined : toBucket(out.Item);
  }

  private async query(
    input: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    limit = Infinity,
  ): Promise<AggregateBucket[]> {
    return queryAll(
      this.doc,
      { TableName: this.tableName, ...input, ExpressionAttributeNames: { '#b': 'bucket' }, ConsistentRead: true },
      toBucket,
      limit,
    );
  }
}
