import { createHash } from 'node:crypto';
import type { AuditStore } from '#domain/audit/audit.ports.ts';
import { createAuditLog } from '#domain/audit/service.ts';

/** SHA-256 as the wiring computes it. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The i-th recorded write of a test: a PUT of the thresholds by one of three users, a minute apart. */
export const auditFacts = (i: number, over: Record<string, unknown> = {}) => ({
  at: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
  subject: `user-${String(i % 3)}`,
  roles: ['admin'],
  route: 'putThresholds',
  method: 'PUT',
  path: '/api/ai/monitoring/thresholds',
  target: '',
  request_id: `req-${String(i)}`,
  status: 200,
  outcome: 'success' as const,
  ...over,
});
const facts = auditFacts;

/** The behaviour every AuditStore must show, through the audit log that uses it. */
export function auditStoreContract(name: string, make: () => Promise<AuditStore>): void {
  describe(`${name} honours the AuditStore contract`, () => {
    it('appends 20 concurrent entries as one gapless chain and pages through it both ways', async () => {
      // Prepare
      const store = await make();
      const log = createAuditLog({ store, sha256 });

      // Act
      await Promise.all(Array.from({ length: 20 }, (_, i) => log.record(facts(i))));
      const newest = await store.newest('control', 5);
      const older = await store.newest('control', 5, newest.at(-1)?.seq);
      const oldest = await store.oldest('control', 3, 0);

      // Assess
      expect(newest.map((e) => e.seq)).toEqual([20, 19, 18, 17, 16]);
      expect(older.map((e) => e.seq)).toEqual([15, 14, 13, 12, 11]);
      expect(oldest.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(oldest[0]?.roles).toEqual(['admin']);
      expect(await log.verify()).toMatchObject({ ok: true, checked: 20, first_seq: 1, last_seq: 20 });
    });

    it('refuses a second entry at a taken position', async () => {
      const store = await make();
      const log = createAuditLog({ store, sha256 });
      const first = await log.record(facts(1));
      expect(await store.putIfAbsent({ ...first, subject: 'intruder' })).toBe(false);
      expect((await store.last('control'))?.subject).toBe('user-1');
    });
  });
}
