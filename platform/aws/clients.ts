import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../observability/index.ts';

/**
 * Every AWS SDK client, built the same way and each on first use, so a function pays at cold
 * start only for the clients it calls, and bundles only the ones its wiring imports (each
 * getter is a plain function: esbuild drops the unused ones with their SDK package).
 *
 * In Lambda the clients take region and credentials from the runtime; the local stack changes
 * only the endpoints, through the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables
 * (DynamoDB, SQS, SNS, S3, Step Functions), so handler code is byte for byte what runs in AWS.
 * Each client is traced (a subsegment per call in X-Ray); with tracing off (locally, in tests)
 * the tracer returns the client as it is.
 */
let dynamo: DynamoDBClient | undefined;
let docs: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
let snsClient: SNSClient | undefined;
let s3Client: S3Client | undefined;
let sfnClient: SFNClient | undefined;
let tsWrite: TimestreamWriteClient | undefined;
let tsQuery: TimestreamQueryClient | undefined;
let secretsClient: SecretsManagerClient | undefined;
let bedrockClient: BedrockRuntimeClient | undefined;

export function dynamodb(): DynamoDBClient {
  return (dynamo ??= tracer.captureAWSv3Client(new DynamoDBClient({})));
}

/**
 * Plain JS values in and out. Undefined attributes are dropped. Numbers beyond 2^53 (1e20, 1e125)
 * are stored as DynamoDB holds them (38 digits) instead of being refused, and read back as
 * numbers, not BigInt (which JSON cannot carry); validation keeps what is sent within DynamoDB's
 * range (contracts/zod.ts isStorableNumber).
 */
export const DOCUMENT_OPTIONS = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false, allowImpreciseNumbers: true },
  unmarshallOptions: { wrapNumbers: (text: string) => Number(text) },
} as const;

/** The document client (see DOCUMENT_OPTIONS). */
export function documents(): DynamoDBDocumentClient {
  return (docs ??= DynamoDBDocumentClient.from(dynamodb(), DOCUMENT_OPTIONS));
}

export function sqs(): SQSClient {
  // Queue URLs carry their own host; in AWS it equals the regional endpoint, locally it is a
  // name like sqs.us-east-1.localhost that only the configured endpoint reaches.
  return (sqsClient ??= tracer.captureAWSv3Client(new SQSClient({ useQueueUrlAsEndpoint: false })));
}

export function sns(): SNSClient {
  return (snsClient ??= tracer.captureAWSv3Client(new SNSClient({})));
}

export function s3(): S3Client {
  // Path-style addressing: the local S3 endpoint has no per-bucket host names.
  return (s3Client ??= tracer.captureAWSv3Client(new S3Client({ forcePathStyle: true })));
}

export function sfn(): SFNClient {
  return (sfnClient ??= tracer.captureAWSv3Client(new SFNClient({})));
}

export function timestreamWrite(): TimestreamWriteClient {
  return (tsWrite ??= tracer.captureAWSv3Client(new TimestreamWriteClient({})));
}

export function timestreamQuery(): TimestreamQueryClient {
  return (tsQuery ??= tracer.captureAWSv3Client(new TimestreamQueryClient({})));
}

export function secretsManager(): SecretsManagerClient {
  return (secretsClient ??= tracer.captureAWSv3Client(new SecretsManagerClient({})));
}

export function bedrockRuntime(): BedrockRuntimeClient {
  return (bedrockClient ??= tracer.captureAWSv3Client(new BedrockRuntimeClient({})));
}
