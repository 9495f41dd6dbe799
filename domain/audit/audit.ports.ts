import type { AuditedWrite } from '#domain/kernel/audit.ts';

/** One recorded write, chained to the entry before it. */
export interface AuditEntry extends AuditedWrite {
  /** The chain the entry belongs to (one for the platform's control-plane writes). */
  readonly chain: string;
  /** Position in the chain, from 1, without gaps. */
  readonly seq: number;
  /** The hash of the entry before (64 zeros for the first). */
  readonly prev_hash: string;
  /** SHA-256 over this entry's fields and `prev_hash`. */
  readonly hash: string;
}

/** What a caller records; the log adds the chain position and hashes. */
export type AuditFacts = AuditedWrite;

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
