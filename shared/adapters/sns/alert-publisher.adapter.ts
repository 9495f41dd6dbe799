import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertPublisher, ModelAlert } from '../../ports/alerting.ts';

/**
 * Publishes alerts to the alerts topic. `severity`, `state` and `model_name` travel as message
 * attributes so that subscription filter policies route them (email: critical + warning,
 * SMS: critical only, webhooks: everything).
 */
export class SnsAlertPublisher implements AlertPublisher {
  public constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  public async publish(alert: ModelAlert): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        // SNS subjects are limited to 100 printable ASCII characters.
        Subject: `[${alert.severity.toUpperCase()}] ${alert.title}`.replace(/[^\x20-\x7E]/g, '?').slice(0, 100),
        Message: JSON.stringify({ type: 'model_alert', version: 1, alert }),
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: alert.severity },
          state: { DataType: 'String', StringValue: alert.state },
          model_name: { DataType: 'String', StringValue: alert.model_name },
        },
      }),
    );
  }
}
