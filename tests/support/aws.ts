import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { TABLES, type TableKey } from '#catalog/resources.ts';
import { DOCUMENT_OPTIONS } from '#platform/aws/clients.ts';
import { createTableInput } from '#local/bootstrap.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** SDK clients pointed at the emulators started by the global setup. */
export function emulatorClients() {
  const dynamodb = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'us-east-1', credentials });
  return {
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb, DOCUMENT_OPTIONS),
    sqs: new SQSClient({
      endpoint: inject('fauxqsEndpoint'),
      region: 'us-east-1',
      credentials,
      useQueueUrlAsEndpoint: false,
    }),
    sns: new SNSClient({ endpoint: inject('fauxqsEndpoint'), region: 'us-east-1', credentials }),
    s3: new S3Client({ endpoint: inject('fauxqsEndpoint'), region: 'us-east-1', credentials, forcePathStyle: true }),
  };
}

/** Creates a fresh table with the production key schema (the local stack's CreateTable input) under a unique name. */
export async function freshTable(dynamodb: DynamoDBClient, key: TableKey): Promise<string> {
  const name = `t-${key}-${randomUUID().slice(0, 8)}`;
  await dynamodb.send(new CreateTableCommand(createTableInput(name, TABLES[key])));
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName: name });
  return name;
}
