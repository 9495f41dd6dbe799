import { DynamoAlertingStore } from '#adapters/dynamodb/alerting.adapter.ts';
import { fetchPoster } from '#adapters/http/fetch-poster.adapter.ts';
import { SqsRedelivery } from '#adapters/sqs/redelivery.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { createAlertAdmin } from '#domain/alerting/admin.ts';
import { createAlertManager } from '#domain/alerting/manager.ts';
import { createWebhookNotifier } from '#domain/alerting/webhook.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { documents, sqs } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import { alertHistory, config, noticePublisher, randomIds, type Env } from './stores.ts';

/** Composition root of the alert manager, its API and the webhook notifier. */

const adminDeps = (env: Env) => ({
  store: new DynamoAlertingStore(documents(), requireString(env, ENV.alertingTable)),
  history: alertHistory(env),
  config: config(env),
  clock: systemClock,
  ids: randomIds,
});

/** Rules, silences, settings and acknowledgements (the API; it publishes nothing). */
export const alertAdmin = (env: Env) => createAlertAdmin(adminDeps(env));

/** The evaluating alert manager, which publishes notices to the alerts topic. */
export const alertManager = (env: Env) => createAlertManager({ ...adminDeps(env), publisher: noticePublisher(env) });

export { alertHistory };

/** The webhook notifier and the redelivery backoff of its queue. */
export function webhookDelivery(env: Env) {
  return {
    notifier: createWebhookNotifier({
      urls: (env[ENV.webhookUrls] ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== ''),
      history: alertHistory(env),
      config: config(env),
      http: fetchPoster,
      clock: systemClock,
    }),
    redelivery: new SqsRedelivery(sqs(), requireString(env, ENV.webhookQueueUrl)),
  };
}
