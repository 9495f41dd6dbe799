import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import { SnsAlertPublisher } from '#shared/adapters/sns/alert-publisher.adapter.ts';
import { SqsModelEventQueue } from '#shared/adapters/sqs/model-event-queue.adapter.ts';
import type { ModelAlert } from '#shared/ports/alerting.ts';
import { emulatorClients } from '../support/aws.ts';

const clients = emulatorClients();

async function queue(name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: `${name}-${randomUUID().slice(0, 8)}` }));
  const attrs = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl ?? '', arn: attrs.Attributes?.QueueArn ?? '' };
}

async function drain(url: string, waitSeconds = 1) {
  const out = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds, MessageAttributeNames: ['All'] }));
  return out.Messages ?? [];
}

const alert = (severity: ModelAlert['severity']): ModelAlert => ({
  alert_id: `alert-${severity}`,
  model_name: 'fraud',
  severity,
  state: severity === 'info' ? 'resolved' : 'firing',
  previous_status: 'healthy',
  status: severity === 'info' ? 'healthy' : severity === 'warning' ? 'warning' : 'critical',
  title: `fraud is ${severity} — ünïcode`,
  checks: [],
  created_at: '2026-03-01T12:00:00Z',
});

describe('SnsAlertPublisher (fauxqs)', () => {
  it('publishes with severity attributes that subscription filter policies route', async () => {
    // Prepare: an "SMS-like" subscriber for critical only and an "everything" subscriber
    const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: `alerts-${randomUUID().slice(0, 8)}` }));
    const criticalOnly = await queue('critical');
    const everything = await queue('all');
    await clients.sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: criticalOnly.arn, Attributes: { FilterPolicy: JSON.stringify({ severity: ['critical'] }), RawMessageDelivery: 'true' } }),
    );
    await clients.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: everything.arn }));
    const publisher = new SnsAlertPublisher(clients.sns, TopicArn ?? '');

    // Act
    for (const severity of ['critical', 'warning', 'info'] as const) await publisher.publish(alert(severity));

    // Assess
    const critical = await drain(criticalOnly.url);
    expect(critical).toHaveLength(1);
    expect(JSON.parse(critical[0]?.Body ?? '{}')).toMatchObject({ type: 'model_alert', version: 1, alert: { severity: 'critical', model_name: 'fraud' } });
    const all = await drain(everything.url);
    expect(all).toHaveLength(3);
    const envelope = JSON.parse(all[0]?.Body ?? '{}') as { Subject: string; MessageAttributes: Record<string, { Value: string }> };
    expect(envelope.Subject).toMatch(/^\[CRITICAL\] fraud is critical/);
    expect(envelope.MessageAttributes.model_name?.Value).toBe('fraud');
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
    expect(received.map((m) => (JSON.parse(m.Body ?? '{}') as { model_name: string }).model_name).sort()).toEqual([...models].sort());
  });
});
