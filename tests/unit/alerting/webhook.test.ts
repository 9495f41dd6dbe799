import type { Notice } from '#domain/kernel/notice.ts';
import { createHmac } from 'node:crypto';
import { createWebhookNotifier, retryDelaySeconds, signWebhook } from '#domain/alerting/webhook.ts';
import type { HttpPoster } from '#domain/alerting/webhook.ports.ts';
import { FixedClock, MemoryConfig, MemoryHistory } from '../../support/in-memory.ts';

const notice: Notice = {
  notice_id: 'n1',
  model_name: 'fraud',
  audience: 'primary',
  severity: 'critical',
  state: 'firing',
  title: '[CRITICAL] fraud: accuracy_low',
  alerts: [],
  created_at: '2026-03-02T10:00:00.000Z',
};

function poster(statusFor: (url: string) => number | Error) {
  const calls: { url: string; body: string; headers: Readonly<Record<string, string>> }[] = [];
  const http: HttpPoster = {
    post: (url, body, headers) => {
      calls.push({ url, body, headers });
      const s = statusFor(url);
      return s instanceof Error ? Promise.reject(s) : Promise.resolve({ status: s });
    },
  };
  return { http, calls };
}

describe('webhook notifier', () => {
  it('signs the body with HMAC-SHA256 over timestamp and body', async () => {
    // Prepare
    const history = new MemoryHistory();
    const config = new MemoryConfig();
    await config.put('webhook_signing', { secret: 's3cret' });
    const { http, calls } = poster(() => 204);
    const notifier = createWebhookNotifier({
      urls: ['http://a/hook'],
      history,
      config,
      http,
      clock: new FixedClock(Date.parse('2026-03-02T10:00:00Z')),
    });

    // Act
    const { failed } = await notifier.deliver(notice, 1);

    // Assess
    expect(failed).toEqual([]);
    const [call] = calls;
    expect(JSON.parse(call!.body)).toEqual({ type: 'alert_notice', version: 1, notice });
    const expected = `sha256=${createHmac('sha256', 's3cret').update(`1772445600.${call!.body}`).digest('hex')}`;
    expect(call!.headers).toMatchObject({
      'x-aiops-signature': expected,
      'x-aiops-timestamp': '1772445600',
      'x-aiops-delivery': 'n1',
    });
    expect(signWebhook('s3cret', '1772445600', call!.body)).toBe(expected);
    expect(history.deliveries).toEqual([
      expect.objectContaining({
        notice_id: 'n1',
        target: 'http://a/hook',
        status: 'delivered',
        http_status: 204,
        attempts: 1,
      }),
    ]);
  });

  it('records failures, and on retry posts only to the targets that failed', async () => {
    // Prepare
    const history = new MemoryHistory();
    let bDown = true;
    const { http, calls } = poster((url) => (url.includes('b') && bDown ? new Error('connect ECONNREFUSED') : 200));
    const notifier = createWebhookNotifier({
      urls: ['http://a/hook', 'http://b/hook'],
      history,
      config: new MemoryConfig(),
      http,
      clock: new FixedClock(0),
    });

    // Act
    const first = await notifier.deliver(notice, 1);
    bDown = false;
    const second = await notifier.deliver(notice, 2);

    // Assess
    expect(first.failed).toEqual(['http://b/hook']);
    expect(second.failed).toEqual([]);
    expect(calls.map((c) => c.url)).toEqual(['http://a/hook', 'http://b/hook', 'http://b/hook']);
    expect(history.deliveries.find((d) => d.target === 'http://b/hook')).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
  });

  it('treats a non-2xx answer as a failure', async () => {
    const history = new MemoryHistory();
    const { http } = poster(() => 500);
    const notifier = createWebhookNotifier({
      urls: ['http://a/hook'],
      history,
      config: new MemoryConfig(),
      http,
      clock: new FixedClock(0),
    });
    expect((await notifier.deliver(notice, 1)).failed).toEqual(['http://a/hook']);
    expect(history.deliveries[0]).toMatchObject({ status: 'failed', http_status: 500, error: 'HTTP 500' });
  });

  it('keeps one signing secret, created on first use', async () => {
    const config = new MemoryConfig();
    const make = () =>
      createWebhookNotifier({
        urls: [],
        history: new MemoryHistory(),
        config,
        http: poster(() => 200).http,
        clock: new FixedClock(0),
      });
    const first = await make().signingSecret();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await make().signingSecret()).toBe(first);
  });

  it('backs off exponentially up to 15 minutes', () => {
    expect([1, 2, 3, 4, 10, 20].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 900, 900]);
  });
});
