import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AnalysisQueue } from '#domain/services/services.ports.ts';

/** The analysis-requests queue: messages sent ten at a time (SQS's batch limit). */
export class SqsAnalysisQueue implements AnalysisQueue {
  public constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async send(messages: Parameters<AnalysisQueue['send']>[0]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const part = messages.slice(i, i + 10);
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: part.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
        }),
      );
      if ((out.Failed ?? []).length > 0)
        throw new Error(`SQS refused ${out.Failed?.length} analysis requests: ${out.Failed?.[0]?.Message ?? ''}`);
    }
  }
}
