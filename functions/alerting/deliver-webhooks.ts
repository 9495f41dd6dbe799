import { retryDelaySeconds } from '#domain/alerting/webhook.ts';
import { RetryLaterError } from '#domain/kernel/errors.ts';
import { noticeMessageSchema } from '#contracts/notice.schema.ts';
import { createSqsConsumer } from '#platform/lambda/background.ts';
import { webhookDelivery } from '#wiring/alerting.ts';

const { notifier, redelivery } = webhookDelivery(process.env);

/**
 * Consumes the webhook-deliveries queue (an SNS subscription with raw delivery). A notice that
 * fails for any target fails its record: its visibility is stretched to the backoff for this
 * attempt (10 s, 20 s, 40 s ...) and SQS redelivers it, up to the DLQ after maxReceiveCount.
 */
export const handler = createSqsConsumer('webhookNotifier', 'webhook delivery', () => async (record) => {
  const { notice } = noticeMessageSchema.parse(JSON.parse(record.body) as unknown);
  const attempt = Number(record.attributes.ApproximateReceiveCount || '1');
  const { failed } = await notifier.deliver(notice, attempt);
  if (failed.length > 0) {
    await redelivery.later(record.receiptHandle, retryDelaySeconds(attempt));
    throw new RetryLaterError(`delivery failed for ${failed.join(', ')} (attempt ${attempt})`);
  }
});
