import { auditCsv } from '#domain/audit/export.ts';
import { createAuditLog, GENESIS_HASH, hashedText } from '#domain/audit/service.ts';
import { MemoryAudit } from '../../support/in-memory.ts';
import { auditFacts, sha256 } from '../../contracts/audit.contract.ts';

const facts = auditFacts;

async function chainOf(n: number) {
  const store = new MemoryAudit();
  const log = createAuditLog({ store, sha256 });
  for (let i = 1; i <= n; i++) await log.record(facts(i));
  return { store, log };
}

describe('audit log', () => {
  it('chains each entry to the one before, starting from the genesis hash', async () => {
    const { store } = await chainOf(3);
    const [a, b, c] = await store.oldest('control', 10, 0);
    expect(a?.prev_hash).toBe(GENESIS_HASH);
    expect(b?.prev_hash).toBe(a?.hash);
    expect(c?.prev_hash).toBe(b?.hash);
    expect(new Set([a?.hash, b?.hash, c?.hash]).size).toBe(3);
  });

  it('detects a removed entry', async () => {
    const { store, log } = await chainOf(5);
    store.entries.delete('control|3');
    expect(await log.verify()).toMatchObject({ ok: false, problem: { seq: 4, reason: 'entries 3 to 3 are missing' } });
  });

  it('detects an altered entry, even with its hash recomputed by someone without the chain', async () => {
    const { store, log } = await chainOf(5);
    const e = store.entries.get('control|2');
    store.entries.set('control|2', { ...e!, subject: 'mallory' });
    const altered = await log.verify();
    expect(altered.ok).toBe(false);
    expect(altered.problem?.seq).toBe(2);
    expect(altered.problem?.reason).toContain('altered');
    // Re-hashing the altered entry breaks the link to the next one instead.
    const forged = { ...e!, subject: 'mallory' };
    const { hash: _old, ...unhashed } = forged;
    store.entries.set('control|2', { ...unhashed, hash: sha256(hashedText(unhashed)) });
    expect(await log.verify()).toMatchObject({ ok: false, problem: { seq: 3, reason: 'it does not follow entry 2' } });
  });

  it('verifies a chain whose oldest entries expired, from the oldest one stored', async () => {
    const { store, log } = await chainOf(4);
    store.entries.delete('control|1');
    expect(await log.verify()).toEqual({ ok: true, checked: 3, first_seq: 2, last_seq: 4 });
  });

  it('lists newest first within a time range', async () => {
    const { log } = await chainOf(10);
    const page = await log.list({ limit: 3, from: facts(4).at, to: facts(8).at });
    expect(page.map((e) => e.seq)).toEqual([8, 7, 6]);
    expect((await log.list({ limit: 100, before: 3 })).map((e) => e.seq)).toEqual([2, 1]);
  });

  it('exports CSV that a spreadsheet will not run as formulas', () => {
    const csv = auditCsv([
      {
        ...facts(1, { target: '=HYPERLINK("x"), a', subject: 'bob' }),
        chain: 'control',
        seq: 1,
        prev_hash: GENESIS_HASH,
        hash: 'h',
      },
    ]);
    const [header, row] = csv.trim().split('\n');
    expect(header).toBe('seq,at,subject,roles,route,method,path,target,request_id,status,outcome,prev_hash,hash');
    expect(row).toContain(`"'=HYPERLINK(""x""), a"`);
  });
});
