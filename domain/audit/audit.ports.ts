/** One recorded write: who did what, when, with which outcome, chained to the entry before it. */
export interface AuditEntry {
  /** The chain the entry belongs to (one for the platform's control-plane writes). */
  readonly chain: string;
  /** Position in the chain, from 1, without gaps. */
  readonly seq: number;
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
  /** The hash of the entry before (64 zeros for the first). */
  readonly prev_hash: string;
  /** SHA-256 over this entry's fields and `prev_hash`. */
  readonly hash: string;
}

/** What a caller records; the log adds the chain position and hashes. */
export type AuditFacts = Omit<AuditEntry, 'chain' | 'seq' | 'prev_hash' | 'hash'>;

/** Stored audit entries. */
export interface AuditStore {
  /** The newest entry of a chain. */
  last(chain: string): Promise<AuditEntry | undefined>;
  /** Stores an entry unless its `seq` is taken (a concurrent writer got there first). */
  putIfAbsent(entry: AuditEntry): Promise<boolean>;
  /** Entries newest first, with `seq` below `before` if given. */
  newest(chain: string, limit: number, before?: number): Promise<AuditEntry[]>;
  /** Entries oldest first, with `seq` above `after`. */
  oldest(chain: string, limit: number, after: number): Promise<AuditEntry[]>;
}
