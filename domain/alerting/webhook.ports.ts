/** Outbound HTTP as a port, so the webhook notifier is testable without sockets. */
export interface HttpPoster {
  /** POSTs and returns the status; rejects on network errors and timeouts. */
  post(
    url: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<{ status: number }>;
}
