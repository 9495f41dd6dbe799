import { mapLimit } from '#lib/async/map-limit.ts';
import {
  BatchGetCommand,
  BatchWriteCommand,
  paginateQuery,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

type WriteRequest = NonNullable<
  NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]
>[number];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export { mapLimit };

const MAX_ATTEMPTS = 8;

/**
 * BatchWriteItem in chunks of 25, retrying unprocessed items with exponential backoff
 * (DynamoDB returns them under throttling instead of failing the call).
 */
export async function batchWrite(
  doc: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
  concurrency = 4,
): Promise<void> {
  await mapLimit(chunk(requests, 25), concurrency, async (part) => {
    let pending: WriteRequest[] = part;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  });
}

/** BatchGetItem in chunks of 100 (consistent reads), retrying unprocessed keys. */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Record<string, unknown>[],
  projection?: string,
): Promise<Record<string, unknown>[]> {
  const parts = await mapLimit(chunk(keys, 100), 4, async (part) => {
    const found: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = part;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ConsistentRead: true,
              ...(projection !== undefined ? { ProjectionExpression: projection } : {}),
            },
          },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
    return found;
  });
  return parts.flat();
}

type QueryInput = QueryCommandInput;

/**
 * Runs a Query page by page (the SDK paginator) until `limit` items or the end, mapping each
 * item; pages are at most the limit, so the cost is bounded by it.
 */
export async function queryAll<T>(
  doc: DynamoDBDocumentClient,
  input: QueryInput,
  map: (item: Record<string, unknown>) => T,
  limit = Infinity,
): Promise<T[]> {
  const items: T[] = [];
  // The SDK's paginator follows LastEvaluatedKey; a page asks for at most what the limit needs.
  const pageSize = Number.isFinite(limit) ? Math.max(input.Limit ?? 0, Math.min(limit, 1000)) : input.Limit;
  const pages = paginateQuery({ client: doc, ...(pageSize !== undefined ? { pageSize } : {}) }, input);
  for await (const page of pages) {
    items.push(...(page.Items ?? []).map(map));
    if (items.length >= limit) break;
  }
  return Number.isFinite(limit) ? items.slice(0, limit) : items;
}
