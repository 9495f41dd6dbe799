import type { Notice } from '#domain/kernel/notice.ts';
import { noticeEnvelope } from '#domain/kernel/notice.ts';
import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import { createHmac, randomBytes } from 'node:crypto';
import type { AlertHistory } from './alerting.ports.ts';
import type { Clock } from '#domain/kernel/time.ts';
import type { HttpPoster } from './webhook.ports.ts';

export const SIGNING_KEY = 'webhook_signing';
export const SIGNATURE_HEADER = 'x-aiops-signature';
export const TIMESTAMP_HEADER = 'x-aiops-timestamp';
export const DELIVERY_HEADER = 'x-aiops-delivery';

/**
 * The signature receivers check: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the
 * shared secret (the timestamp header guards against replays).
 *
 * @example
 * signWebhook(secret, '1767225600', body) // 'sha256=5f1c...'
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Backoff before the n-th retry (1-based): 10 s, 20 s, 40 s ... capped at 15 minutes. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(900, 10 * 2 ** Math.max(0, attempt - 1));
}

export interface WebhookNotifierDeps {
  readonly urls: readonly string[];
  readonly history: AlertHistory;
  readonly config: ConfigStore;
  readonly http: HttpPoster;
  readonly clock: Clock;
  /** @default 5000 */
  readonly timeoutMs?: number;
}

/**
 * Delivers notices to webhooks.
 *
 * 1. Skip targets that already acknowledged this notice (a retry after a partial failure).
 * 2. POST the stable JSON body `{ type: "alert_notice", version: 1, notice }` with the HMAC
 *    signature, timestamp and delivery id headers.
 * 3. Record each target's status (delivered / failed, attempts, HTTP status or error).
 * 4. Report failures, so the queue redelivers with backoff and finally moves it to the DLQ.
 */
export function createWebhookNotifier(deps: WebhookNotifierDeps) {
  const { urls, history, config, http, clock } = deps;
  let secret: string | undefined;

  async function signingSecret(): Promise<string> {
    if (secret === undefined) {
      const stored = await config.putIfAbsent(SIGNING_KEY, { secret: randomBytes(32).toString('hex') });
      secret = String(stored.secret);
    }
    return secret;
  }

  return {
    signingSecret,
    async deliver(notice: Notice, attempt: number): Promise<{ failed: string[] }> {
      // The webhook switch is off for this notice (settings.notification_settings): nothing to deliver.
      if (notice.channels !== undefined && !notice.channels.includes('webhook')) return { failed: [] };
      const previous = await history.getDeliveries(notice.model_name, notice.notice_id);
      const done = new Set(previous.filter((d) => d.status === 'delivered').map((d) => d.target));
      const body = noticeEnvelope(notice);
      const key = await signingSecret();
      const failed: string[] = [];
      for (const url of urls.filter((u) => !done.has(u))) {
        const timestamp = String(Math.floor(clock.now() / 1000));
        const headers = {
          'content-type': 'application/json',
          'user-agent': 'aiops-platform-notifier/1',
          [SIGNATURE_HEADER]: signWebhook(key, timestamp, body),
          [TIMESTAMP_HEADER]: timestamp,
          [DELIVERY_HEADER]: notice.notice_id,
        };
        let status: number | undefined;
        let error: string | undefined;
        try {
          status = (await http.post(url, body, headers, deps.timeoutMs ?? 5000)).status;
          if (status < 200 || status >= 300) error = `HTTP ${status}`;
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        await history.putDelivery(notice.model_name, {
          notice_id: notice.notice_id,
          target: url,
          status: error === undefined ? 'delivered' : 'failed',
          attempts: attempt,
          ...(status !== undefined ? { http_status: status } : {}),
          ...(error !== undefined ? { error } : {}),
          updated_at: new Date(clock.now()).toISOString(),
        });
        if (error !== undefined) failed.push(url);
      }
      return { failed };
    },
  };
}
