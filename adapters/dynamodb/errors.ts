import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** True for a failed `ConditionExpression`, the one SDK error our adapters turn into domain meaning. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}
