import type { RetrainQueue } from '#domain/drift/drift.ports.ts';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** The retrain-requests queue; the retraining workflow's trigger consumes it. */
export class SqsRetrainQueue implements RetrainQueue {
  public constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Asks the consumer to start queued runs (after a run frees its slot). */
  public async poke(): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ dispatch: true }) }),
    );
  }

  public async request(request: Parameters<RetrainQueue['request']>[0]): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(request),
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: request.reason },
          model_name: { DataType: 'String', StringValue: request.model_name },
        },
      }),
    );
  }
}
