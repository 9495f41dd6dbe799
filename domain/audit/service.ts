import { TransientError } from '#domain/kernel/errors.ts';
import type { AuditEntry, AuditFacts, AuditStore } from './audit.ports.ts';

/** The `prev_hash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** The chain of the platform's control-plane writes. */
export const CONTROL_CHAIN = 'control';
const MAX_ATTEMPTS = 25;
const PAGE = 500;

export interface AuditDeps {
  readonly store: AuditStore;
  /** SHA-256 of a text, as 64 hex digits. */
  readonly sha256: (text: string) => string;
}

/** The text an entry's hash covers: every field but the hash, in a fixed order. */
export function hashedText(e: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([
    e.chain,
    e.seq,
    e.at,
    e.subject,
    [...e.roles],
    e.route,
    e.method,
    e.path,
    e.target,
    e.request_id,
    e.status,
    e.outcome,
    e.prev_hash,
  ]);
}

export interface Verification {
  readonly ok: boolean;
  /** Entries checked, and the range of the chain still stored (older ones expire after a year). */
  readonly checked: number;
  readonly first_seq: number | null;
  readonly last_seq: number | null;
  /** The first problem found: a missing entry, one that does not follow its predecessor, or an altered one. */
  readonly problem?: { readonly seq: number; readonly reason: string };
}

/**
 * The audit log: an append-only, hash-chained record of writes.
 *
 * Appending reads the chain's newest entry and stores the next one under a condition on its
 * position, retrying when a concurrent writer took it; so the chain has no gaps and no forks,
 * and each entry's hash covers its predecessor's. Removing or altering a stored entry breaks the
 * chain where it happened, which `verify` reports. (Removing the newest entries is not
 * detectable from the chain alone.)
 */
export function createAuditLog(deps: AuditDeps) {
  const { store, sha256 } = deps;
  const hashOf = (e: Omit<AuditEntry, 'hash'>) => sha256(hashedText(e));

  return {
    async record(facts: AuditFacts, chain = CONTROL_CHAIN): Promise<AuditEntry> {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const last = await store.last(chain);
        const unhashed = {
          ...facts,
          chain,
          seq: (last?.seq ?? 0) + 1,
          prev_hash: last?.hash ?? GENESIS_HASH,
        };
        const entry: AuditEntry = { ...unhashed, hash: hashOf(unhashed) };
        if (await store.putIfAbsent(entry)) return entry;
      }
      throw new TransientError(`audit chain '${chain}' stayed contended for ${MAX_ATTEMPTS} attempts`);
    },

    /** Entries newest first, optionally before a position and within [from, to] (ISO times). */
    async list(o: { limit: number; before?: number; from?: string; to?: string }): Promise<AuditEntry[]> {
      const out: AuditEntry[] = [];
      let before = o.before;
      while (out.length < o.limit) {
        const page = await store.newest(CONTROL_CHAIN, Math.min(PAGE, o.limit * 2), before);
        for (const e of page) {
          if (o.from !== undefined && e.at < o.from) return out;
          if (o.to === undefined || e.at <= o.to) out.push(e);
          if (out.length >= o.limit) return out;
        }
        const oldest = page.at(-1);
        if (oldest === undefined) return out;
        before = oldest.seq;
      }
      return out;
    },

    /** Walks the chain oldest first and reports the first broken link. */
    async verify(chain = CONTROL_CHAIN): Promise<Verification> {
      let previous: AuditEntry | undefined;
      let first: number | null = null;
      let checked = 0;
      for (let after = 0; ;) {
        const page = await store.oldest(chain, PAGE, after);
        for (const e of page) {
          first ??= e.seq;
          checked += 1;
          const problem =
            previous === undefined
              ? e.seq === 1 && e.prev_hash !== GENESIS_HASH
                ? 'the first entry does not start the chain'
                : undefined
              : e.seq !== previous.seq + 1
                ? `entries ${String(previous.seq + 1)} to ${String(e.seq - 1)} are missing`
                : e.prev_hash !== previous.hash
                  ? `it does not follow entry ${String(previous.seq)}`
                  : undefined;
          const altered = hashOf(e) !== e.hash ? 'its content does not match its hash (altered)' : undefined;
          if (problem !== undefined || altered !== undefined) {
            return {
              ok: false,
              checked,
              first_seq: first,
              last_seq: e.seq,
              problem: { seq: e.seq, reason: problem ?? altered ?? '' },
            };
          }
          previous = e;
        }
        const tail = page.at(-1);
        if (tail === undefined || page.length < PAGE) break;
        after = tail.seq;
      }
      return { ok: true, checked, first_seq: first, last_seq: previous?.seq ?? null };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
