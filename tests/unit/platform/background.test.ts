import type { Context, SQSRecord } from 'aws-lambda';
import { RetryLaterError } from '#domain/kernel/errors.ts';
import { createSqsConsumer } from '#platform/lambda/background.ts';
import { injectLambdaContext, loggerFor } from '#platform/observability/index.ts';
import middy from '@middy/core';

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
    const logger = loggerFor('webhookNotifier');
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const handler = createSqsConsumer('webhookNotifier', 'test work', () => async (r) => {
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

describe('loggerFor', () => {
  it("keeps each function's Lambda context apart when they run in one process (the local stack)", async () => {
    // Prepare: the drift scan starts, then a query handler starts while the scan still runs
    const scan = loggerFor('driftScan');
    const query = loggerFor('monitoringQuery');
    scan.setLogLevel('ERROR'); // the suite runs SILENT
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr])
      vi.spyOn(stream, 'write').mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    const run = (fn: string, log: typeof scan, work: () => Promise<void>) =>
      middy()
        .use(injectLambdaContext(log, { resetKeys: true }))
        .handler(work)({}, { ...context, functionName: fn });

    // Act
    await run('driftScan', scan, async () => {
      await run('monitoringQuery', query, () => Promise.resolve());
      scan.error('drift scan failed for some models');
    });

    // Assess
    scan.setLogLevel('SILENT');
    const line = lines.find((l) => l.includes('drift scan failed'));
    expect(scan).not.toBe(query);
    expect(line).toContain('"function_name":"driftScan"');
  });
});
