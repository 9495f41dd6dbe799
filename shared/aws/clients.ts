import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Builds every AWS SDK client the same way. In Lambda they take region and credentials from
 * the runtime; the local stack changes only the endpoints, through the SDK's standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables (honoured by JS v3 for DynamoDB, SQS and SNS), so the
 * handler code is byte-for-byte the code that runs in AWS.
 */
export function createClients() {
  const dynamodb = new DynamoDBClient({});
  return {
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
    // Queue URLs carry their own host; in AWS it equals the regional endpoint, locally it is a
    // name like sqs.us-east-1.localhost that only the configured endpoint reaches.
    sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
    sns: new SNSClient({}),
    // Path-style addressing: the local S3 endpoint has no per-bucket host names.
    s3: new S3Client({ forcePathStyle: true }),
    sfn: new SFNClient({}),
    timestreamWrite: () => new TimestreamWriteClient({}),
    timestreamQuery: () => new TimestreamQueryClient({}),
  };
}

export type AwsClients = ReturnType<typeof createClients>;
