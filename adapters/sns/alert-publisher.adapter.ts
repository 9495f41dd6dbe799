import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notice } from '#domain/alerting/types.ts';
import type { NoticePublisher } from '#domain/alerting/alerting.ports.ts';

/** Version of the notice body; webhook receivers can rely on its shape. */
export const NOTICE_SCHEMA_VERSION = 1;

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
        // SNS subjects are limited to 100 printable ASCII characters.
        Subject: notice.title.replace(/[^\x20-\x7E]/g, '?').slice(0, 100),
        Message: JSON.stringify({ type: 'alert_notice', version: NOTICE_SCHEMA_VERSION, notice }),
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: notice.severity },
          state: { DataType: 'String', StringValue: notice.state },
          audience: { DataType: 'String', StringValue: notice.audience },
          model_name: { DataType: 'String', StringValue: notice.model_name },
        },
      }),
    );
  }
}
