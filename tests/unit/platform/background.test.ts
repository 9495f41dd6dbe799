import type { Context, SQSRecord } from 'aws-lambda';
import { RetryLaterError } from '#domain/kernel/errors.ts';
import { createSqsConsumer } from '#platform/lambda/background.ts';
import { logger } from '#platform/observability/index.ts';

const record = (id: string): SQSRecord =>
  ({
    messageId: id,
    body: '{}',
    receiptHandle: id,
    attributes: { ApproximateReceiveCount: '1' },
  }) as unknown as SQSRecord;
const context = {
  functionName: 'test',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:1:function:test',
  memoryLimitInMB: '128',
  awsRequestId: 'r1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

describe('createSqsConsumer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('fails only the failed records, logging an expected retry as a warning and anything else as an error', async () => {
    // Prepare
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const handler = createSqsConsumer('test work', () => async (r) => {
      if (r.messageId === 'later') throw new RetryLaterError('receiver down');
      if (r.messageId === 'broken') throw new Error('bug');
      return Promise.resolve();
    });

    // Act
    const result = await handler({ Records: [record('ok'), record('later'), record('broken')] }, context);

    // Assess
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['broken', 'later']);
    expect(warn).toHaveBeenCalledWith('test work will be retried', { reason: 'receiver down' });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toBe('test work failed');
  });
});
