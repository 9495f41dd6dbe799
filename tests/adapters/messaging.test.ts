import type { Notice } from '#domain/kernel/notice.ts';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { SnsNoticePublisher } from '#adapters/sns/alert-publisher.adapter.ts';
import { SqsRetrainQueue } from '#adapters/sqs/retrain-queue.adapter.ts';
import { SqsModelEventQueue } from '#adapters/sqs/model-event-queue.adapter.ts';
import { queueUrlsFrom, SqsQueueDepths } from '#adapters/sqs/queue-depths.adapter.ts';
import { S3ExportStore } from '#adapters/s3/export-store.adapter.ts';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { emulatorClients } from '../support/aws.ts';

const clients = emulatorClients();

async function queue(name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await clients.sqs.send(
    new CreateQueueCommand({ QueueName: `${name}-${randomUUID().slice(0, 8)}` }),
  );
  const attrs = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl ?? '', arn: attrs.Attributes?.QueueArn ?? '' };
}

async function drain(url: string, waitSeconds = 1) {
  const out = await clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

const notice = (severity: Notice['severity'], audience: Notice['audience'] = 'primary'): Notice => ({
  notice_id: `n-${severity}-${audience}`,
  model_name: 'fraud',
  audience,
  severity,
  state: 'firing',
  title: `[${severity.toUpperCase()}] fraud: accuracy — ünïcode`,
  alerts: [],
  created_at: '2026-03-01T12:00:00Z',
});

describe('SnsNoticePublisher (fauxqs)', () => {
  it('publishes with severity and audience attributes that subscription filter policies route', async () => {
    // Prepare: an "SMS-like" subscriber (critical, primary), an escalation subscriber and a raw "webhook" queue
    const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: `alerts-${randomUUID().slice(0, 8)}` }));
    const sms = await queue('sms');
    const escalation = await queue('escalation');
    const webhook = await queue('webhook');
    const sub = (q: { arn: string }, attributes: Record<string, string>) =>
      clients.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: attributes }));
    await sub(sms, { FilterPolicy: JSON.stringify({ severity: ['critical'], audience: ['primary'] }) });
    await sub(escalation, { FilterPolicy: JSON.stringify({ audience: ['escalation'] }) });
    await sub(webhook, { RawMessageDelivery: 'true' });
    const publisher = new SnsNoticePublisher(clients.sns, TopicArn ?? '');

    // Act
    await publisher.publish(notice('critical'));
    await publisher.publish(notice('warning'));
    await publisher.publish(notice('critical', 'escalation'));

    // Assess
    const smsMessages = await drain(sms.url);
    expect(smsMessages).toHaveLength(1);
    const envelope = JSON.parse(smsMessages[0]?.Body ?? '{}') as {
      Subject: string;
      Message: string;
      MessageAttributes: Record<string, { Value: string }>;
    };
    expect(envelope.Subject).toMatch(/^\[CRITICAL\] fraud: accuracy/);
    expect(envelope.MessageAttributes.model_name?.Value).toBe('fraud');
    expect(JSON.parse(envelope.Message)).toMatchObject({
      type: 'alert_notice',
      version: 1,
      notice: { notice_id: 'n-critical-primary' },
    });
    expect(
      (await drain(escalation.url)).map(
        (m) =>
          (JSON.parse(m.Body ?? '{}') as { MessageAttributes: { audience: { Value: string } } }).MessageAttributes
            .audience.Value,
      ),
    ).toEqual(['escalation']);
    const raw = await drain(webhook.url);
    expect(raw).toHaveLength(3);
    expect(JSON.parse(raw[0]?.Body ?? '{}')).toMatchObject({ type: 'alert_notice', notice: { severity: 'critical' } });
  });
});

describe('SqsRetrainQueue (fauxqs)', () => {
  it('sends a retrain request with its reason', async () => {
    const q = await queue('retrain');
    await new SqsRetrainQueue(clients.sqs, q.url).request({
      model_name: 'fraud',
      reason: 'model_drift',
      requested_at: '2026-03-01T00:00:00Z',
      drift_score: 0.4,
    });
    const [message] = await drain(q.url);
    expect(JSON.parse(message?.Body ?? '{}')).toEqual({
      model_name: 'fraud',
      reason: 'model_drift',
      requested_at: '2026-03-01T00:00:00Z',
      drift_score: 0.4,
    });
    expect(message?.MessageAttributes?.reason?.StringValue).toBe('model_drift');
  });
});

describe('SqsModelEventQueue (fauxqs)', () => {
  it('sends one message per model, in batches of ten, delivered after the delay', async () => {
    // Prepare
    const q = await queue('events');
    const events = new SqsModelEventQueue(clients.sqs, q.url);
    const models = Array.from({ length: 12 }, (_, i) => `m${i}`);

    // Act
    await events.modelsChanged(models, 1);
    const early = await drain(q.url, 0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const received = [...(await drain(q.url)), ...(await drain(q.url))];

    // Assess
    expect(early).toHaveLength(0);
    expect(received.map((m) => (JSON.parse(m.Body ?? '{}') as { model_name: string }).model_name).sort()).toEqual(
      [...models].sort(),
    );
  });
});

describe('SqsQueueDepths against fauxqs', () => {
  it('reads waiting, in-flight and dead-lettered messages of each queue', async () => {
    // Prepare: 3 waiting and 1 received (in flight) in the queue, 2 in its dead-letter queue.
    const main = await queue('depth');
    const dlq = await queue('depth-dlq');
    for (let i = 0; i < 4; i++)
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: main.url, MessageBody: `m${i}` }));
    for (let i = 0; i < 2; i++)
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: dlq.url, MessageBody: `d${i}` }));
    await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: main.url, MaxNumberOfMessages: 1, VisibilityTimeout: 60 }),
    );
    const urls = queueUrlsFrom(JSON.stringify({ work: { url: main.url, dlq: dlq.url } }));

    // Act
    const depths = await new SqsQueueDepths(clients.sqs, urls).depths();

    // Assess
    expect(depths).toEqual([{ queue: 'work', visible: 3, in_flight: 1, dead_letters: 2 }]);
    expect(queueUrlsFrom(undefined)).toEqual({});
  });
});

describe('S3ExportStore against fauxqs', () => {
  it('stores an export and hands out a presigned link that downloads it without credentials', async () => {
    // Prepare
    const bucket = `exports-${randomUUID().slice(0, 8)}`;
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const store = new S3ExportStore(clients.s3, bucket);
    const body = `timestamp,value\n${Array.from({ length: 1000 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`;

    // Act
    await store.put('exports/web/web-metrics.csv', body, 'text/csv; charset=utf-8', 'web-metrics.csv');
    const url = await store.link('exports/web/web-metrics.csv', 900);
    const res = await fetch(url);

    // Assess
    expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(url).toMatch(/X-Amz-Expires=900/);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
  });
});
