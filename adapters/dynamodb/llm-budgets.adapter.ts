import {
  GetCommand,
  QueryCommand,
  UpdateCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { BudgetStore } from '#domain/providers/providers.ports.ts';
import type { Budget, Ledger } from '#domain/providers/types.ts';
import { queryAll } from './batch.ts';
import { conditionalWrite } from './conditional.ts';

/** The partition of every budget's definition (sort key: its id). */
const BUDGETS = 'budgets';
const budgetKey = (id: string) => `budget#${id}`;
const budgetOf = (item: Record<string, unknown>): Budget => {
  const { pk: _pk, sk: _sk, ...budget } = item;
  return budget as unknown as Budget;
};
const gateKey = (model: string) => `gate#${model}`;
/** Attribute prefixes of an open reservation and of a concurrency lease. */
const OPEN = 'r_';
const LEASE = 'l_';

/**
 * Budgets (`budgets` / `<id>`, one partition to query), their ledgers per period (`budget#<id>` / `p#<period>`) and the
 * per-model concurrency gates (`gate#<model>` / `#`). A reservation is one conditional update:
 * it adds to `committed` and records itself as an attribute `r_<rid>` only if `committed` was at most
 * the ceiling and the reservation is not open already. DynamoDB evaluates the condition and the
 * update atomically, so concurrent reservations are serialised on the item.
 */
export class DynamoBudgetStore implements BudgetStore {
  public constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  public async putBudget(budget: Budget): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { ...budget, pk: BUDGETS, sk: budget.budget_id } }),
    );
  }

  public async getBudget(id: string): Promise<Budget | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: BUDGETS, sk: id }, ConsistentRead: true }),
    );
    return out.Item === undefined ? undefined : budgetOf(out.Item);
  }

  /** One query of the definitions' partition (the gateway lists budgets on every call; no scan of ledgers and gates). */
  public async listBudgets(): Promise<Budget[]> {
    const items = await queryAll(
      this.doc,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': BUDGETS },
        ConsistentRead: true,
      },
      budgetOf,
    );
    return items.sort((a, b) => a.name.localeCompare(b.name));
  }

  public async removeBudget(id: string): Promise<boolean> {
    const result = await conditionalWrite(this.doc, {
      delete: {
        TableName: this.table,
        Key: { pk: BUDGETS, sk: id },
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
    if (!result.written) return false;
    // Its ledgers go with it.
    const ledgers = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :l)',
        ExpressionAttributeValues: { ':p': budgetKey(id), ':l': 'p#' },
      }),
    );
    for (const item of ledgers.Items ?? [])
      await conditionalWrite(this.doc, {
        delete: { TableName: this.table, Key: { pk: budgetKey(id), sk: String(item.sk) } },
      });
    return true;
  }

  public async ledger(id: string, period: string): Promise<Ledger> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: budgetKey(id), sk: `p#${period}` }, ConsistentRead: true }),
    );
    const item = out.Item ?? {};
    const open: Record<string, { amount: number; at: number }> = {};
    for (const [name, value] of Object.entries(item))
      if (name.startsWith(OPEN)) open[name.slice(OPEN.length)] = value as { amount: number; at: number };
    return {
      committed: typeof item.committed === 'number' ? item.committed : 0,
      external: typeof item.external === 'number' ? item.external : 0,
      open,
    };
  }

  public async reserve(
    id: string,
    period: string,
    rid: string,
    amount: number,
    ceiling: number,
    at: number,
  ): Promise<boolean> {
    // One write: the reservation is its own attribute (`r_<rid>`), so adding it and the amount
    // is atomic, and a crash cannot leave an amount without the entry that releases it.
    const result = await conditionalWrite(this.doc, {
      update: {
        TableName: this.table,
        Key: { pk: budgetKey(id), sk: `p#${period}` },
        UpdateExpression: 'SET #r = :e ADD committed :a',
        ConditionExpression: '(attribute_not_exists(committed) OR committed <= :c) AND attribute_not_exists(#r)',
        ExpressionAttributeNames: { '#r': OPEN + rid },
        ExpressionAttributeValues: { ':a': amount, ':c': ceiling, ':e': { amount, at } },
      },
    });
    return result.written;
  }

  public async settle(id: string, period: string, rid: string, actual: number): Promise<boolean> {
    const open = (await this.ledger(id, period)).open[rid];
    if (open === undefined) return false;
    const result = await conditionalWrite(this.doc, {
      update: {
        TableName: this.table,
        Key: { pk: budgetKey(id), sk: `p#${period}` },
        UpdateExpression: 'REMOVE #r ADD committed :d',
        ConditionExpression: 'attribute_exists(#r)',
        ExpressionAttributeNames: { '#r': OPEN + rid },
        ExpressionAttributeValues: { ':d': actual - open.amount },
      },
    });
    return result.written;
  }

  public async setExternal(id: string, period: string, external: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: budgetKey(id), sk: `p#${period}` },
        UpdateExpression: 'SET #x = :x',
        ExpressionAttributeNames: { '#x': 'external' },
        ExpressionAttributeValues: { ':x': external },
      }),
    );
  }

  public async addExternal(id: string, period: string, amount: number): Promise<Ledger> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: budgetKey(id), sk: `p#${period}` },
        UpdateExpression: 'ADD #x :a',
        ExpressionAttributeNames: { '#x': 'external' },
        ExpressionAttributeValues: { ':a': amount },
      }),
    );
    return this.ledger(id, period);
  }

  public async acquire(model: string, rid: string, max: number, until: number, now: number): Promise<boolean> {
    for (let pass = 0; pass < 2; pass++) {
      const result = await conditionalWrite(this.doc, {
        update: {
          TableName: this.table,
          Key: { pk: gateKey(model), sk: '#' },
          UpdateExpression: 'SET #l = :u ADD active :one',
          ConditionExpression: '(attribute_not_exists(active) OR active < :max) AND attribute_not_exists(#l)',
          ExpressionAttributeNames: { '#l': LEASE + rid },
          ExpressionAttributeValues: { ':one': 1, ':max': max, ':u': until },
        },
      });
      if (result.written) return true;
      // Full: free the leases of callers that died holding one, then try once more.
      const out = await this.doc.send(
        new GetCommand({ TableName: this.table, Key: { pk: gateKey(model), sk: '#' }, ConsistentRead: true }),
      );
      const expired = Object.entries(out.Item ?? {}).filter(
        ([name, value]) => name.startsWith(LEASE) && typeof value === 'number' && value < now,
      );
      if (expired.length === 0) return false;
      for (const [name] of expired) await this.release(model, name.slice(LEASE.length));
    }
    return false;
  }

  public async release(model: string, rid: string): Promise<void> {
    await conditionalWrite(this.doc, {
      update: {
        TableName: this.table,
        Key: { pk: gateKey(model), sk: '#' },
        UpdateExpression: 'REMOVE #l ADD active :minus',
        ConditionExpression: 'attribute_exists(#l)',
        ExpressionAttributeNames: { '#l': LEASE + rid },
        ExpressionAttributeValues: { ':minus': -1 },
      },
    });
  }
}
