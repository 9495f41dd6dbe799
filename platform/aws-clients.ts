import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A value made on first use and kept. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * Builds every AWS SDK client the same way, each on first use, so a function's cold start pays
 * only for the clients it calls. In Lambda they take region and credentials from the runtime;
 * the local stack changes only the endpoints, through the SDK's standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables (DynamoDB, SQS, SNS, S3, Step Functions), so the
 * handler code is byte-for-byte the code that runs in AWS.
 */
export function createClients() {
  const dynamodb = lazy(() => new DynamoDBClient({}));
  const documents = lazy(() =>
    DynamoDBDocumentClient.from(dynamodb(), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
  );
  // Queue URLs carry their own host; in AWS it equals the regional endpoint, locally it is a
  // name like sqs.us-east-1.localhost that only the configured endpoint reaches.
  const sqs = lazy(() => new SQSClient({ useQueueUrlAsEndpoint: false }));
  const sns = lazy(() => new SNSClient({}));
  // Path-style addressing: the local S3 endpoint has no per-bucket host names.
  const s3 = lazy(() => new S3Client({ forcePathStyle: true }));
  const sfn = lazy(() => new SFNClient({}));
  return {
    get dynamodb() {
      return dynamodb();
    },
    get documents() {
      return documents();
    },
    get sqs() {
      return sqs();
    },
    get sns() {
      return sns();
    },
    get s3() {
      return s3();
    },
    get sfn() {
      return sfn();
    },
    timestreamWrite: lazy(() => new TimestreamWriteClient({})),
    timestreamQuery: lazy(() => new TimestreamQueryClient({})),
  };
}

export type AwsClients = ReturnType<typeof createClients>;
