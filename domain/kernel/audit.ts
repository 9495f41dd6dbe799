/**
 * One answered write as the audit log records it (the HTTP layer fills it in, the audit context
 * chains it). In the kernel because both the platform's middleware and the audit context use it.
 */
export interface AuditedWrite {
  /** ISO time the write was answered. */
  readonly at: string;
  /** The caller's subject (`sub` claim), or `anonymous`. */
  readonly subject: string;
  readonly roles: readonly string[];
  /** The route id from the route table, with its method and the concrete path. */
  readonly route: string;
  readonly method: string;
  readonly path: string;
  /** What the write was about: the path parameters and the body's model or rule name, if any. */
  readonly target: string;
  readonly request_id: string;
  readonly status: number;
  readonly outcome: 'success' | 'rejected' | 'failed';
}
