import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ModelEventQueue } from '#domain/monitoring/monitoring.ports.ts';
import { chunk } from '#adapters/dynamodb/batch.ts';

/** The model-events queue: `{ model_name }` messages that wake the status evaluator. */
export class SqsModelEventQueue implements ModelEventQueue {
  public constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async modelsChanged(modelNames: readonly string[], delaySeconds: number): Promise<void> {
    for (const part of chunk(modelNames, 10)) {
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: part.map((model_name, i) => ({
            Id: String(i),
            MessageBody: JSON.stringify({ model_name }),
            DelaySeconds: delaySeconds,
          })),
        }),
      );
      if ((out.Failed ?? []).length > 0) {
        throw new Error(
          `SendMessageBatch failed for ${(out.Failed ?? []).map((f) => f.Id).join(', ')}: ${out.Failed?.[0]?.Message ?? ''}`,
        );
      }
    }
  }
}
