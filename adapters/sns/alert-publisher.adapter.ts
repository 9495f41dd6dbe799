import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { noticeEnvelope, noticeSubject, type Notice, type NoticePublisher } from '#domain/kernel/notice.ts';

/**
 * Publishes notices to the alerts topic. `severity`, `state`, `audience` and `model_name`
 * travel as message attributes, so subscription filter policies route them (email: critical
 * and warning, SMS: critical, webhooks: all; the escalation audience has its own subscriptions).
 */
export class SnsNoticePublisher implements NoticePublisher {
  public constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  public async publish(notice: Notice): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: noticeSubject(notice),
        Message: noticeEnvelope(notice),
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: notice.severity },
          state: { DataType: 'String', StringValue: notice.state },
          audience: { DataType: 'String', StringValue: notice.audience },
          model_name: { DataType: 'String', StringValue: notice.model_name },
          // Subscriptions filter on it: email and SMS subscriptions, and the webhook queue.
          channels: {
            DataType: 'String.Array',
            StringValue: JSON.stringify(notice.channels ?? ['email', 'sms', 'webhook']),
          },
        },
      }),
    );
  }
}
