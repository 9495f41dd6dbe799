import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDepths } from '#domain/services/services.ports.ts';
import { mapLimit } from '#lib/async/map-limit.ts';

/** The platform's queues and their dead-letter queues, by key. */
export type QueueUrls = Readonly<Record<string, { readonly url: string; readonly dlq: string }>>;

const count = (attributes: Record<string, string> | undefined, name: string) => Number(attributes?.[name] ?? 0) || 0;

/** Queue depths from SQS's approximate counts (GetQueueAttributes), with each dead-letter queue's. */
export class SqsQueueDepths implements QueueDepths {
  public constructor(
    private readonly sqs: SQSClient,
    private readonly urls: QueueUrls,
  ) {}

  public async depths() {
    return mapLimit(Object.entries(this.urls), 4, async ([queue, { url, dlq }]) => {
      const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;
      const [main, dead] = await Promise.all([
        this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...names] })),
        this.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['ApproximateNumberOfMessages'] }),
        ),
      ]);
      return {
        queue,
        visible: count(main.Attributes, names[0]),
        in_flight: count(main.Attributes, names[1]),
        dead_letters: count(dead.Attributes, 'ApproximateNumberOfMessages'),
      };
    });
  }
}

/** Reads the `QUEUE_DEPTHS` variable: JSON `{<key>: {url, dlq}}`; empty or absent: no queue. */
export function queueUrlsFrom(value: string | undefined): QueueUrls {
  if (value === undefined || value.trim() === '') return {};
  const parsed = JSON.parse(value) as Record<string, { url?: unknown; dlq?: unknown }>;
  return Object.fromEntries(
    Object.entries(parsed)
      .filter(([, v]) => typeof v.url === 'string' && typeof v.dlq === 'string')
      .map(([k, v]) => [k, { url: String(v.url), dlq: String(v.dlq) }]),
  );
}
