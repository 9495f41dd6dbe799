import type { HttpPoster } from '#domain/alerting/webhook.ports.ts';

/** HttpPoster on the runtime's fetch, with a timeout. */
export const fetchPoster: HttpPoster = {
  async post(url, body, headers, timeoutMs) {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    return { status: res.status };
  },
};
