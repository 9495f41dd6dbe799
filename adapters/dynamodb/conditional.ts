import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type PutCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** True for a failed `ConditionExpression`, the one SDK error our adapters turn into domain meaning. */
export function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException;
}

/** A conditional write's outcome: it happened, or the condition failed (with the stored item, when returned). */
export type ConditionalResult =
  | { readonly written: true; readonly attributes: Record<string, unknown> | undefined }
  | { readonly written: false; readonly existing: Record<string, unknown> | undefined };

type Write =
  { readonly put: PutCommandInput } | { readonly update: UpdateCommandInput } | { readonly delete: DeleteCommandInput };

/**
 * Sends a conditional Put, Update or Delete and turns a failed condition into a value instead of
 * an exception, so adapters map it to domain meaning (`false`, `ConflictError`, the existing
 * item) in one line. Asks for the item that failed the condition
 * (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`, as Powertools' idempotency layer does), which
 * saves a second read in AWS; dynalite ignores the option (measured: `Item` is absent), so
 * `existing` is undefined there and callers that need it read it.
 *
 * @example
 * const r = await conditionalWrite(doc, { put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
 * if (!r.written) return false;
 */
export async function conditionalWrite(doc: DynamoDBDocumentClient, write: Write): Promise<ConditionalResult> {
  const returnOld = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as const;
  try {
    const out =
      'put' in write
        ? await doc.send(new PutCommand({ ...write.put, ...returnOld }))
        : 'update' in write
          ? await doc.send(new UpdateCommand({ ...write.update, ...returnOld }))
          : await doc.send(new DeleteCommand({ ...write.delete, ...returnOld }));
    return { written: true, attributes: out.Attributes };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { written: false, existing: error.Item === undefined ? undefined : unmarshall(error.Item) };
  }
}
