import type { IncidentStore } from '#domain/incidents/incidents.ports.ts';
import type { Incident } from '#domain/incidents/types.ts';

export function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    incident_id: id,
    title: `incident ${id}`,
    level: 'L2',
    scope: 'service:checkout',
    status: 'open',
    opened_at: '2026-11-24T10:00:00.000Z',
    opened_by: 'alice',
    alert_ids: [],
    notes: [],
    version: 1,
    ...over,
  };
}

/** What every IncidentStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function incidentStoreContract(name: string, make: () => Promise<IncidentStore>): void {
  describe(`${name} honours the IncidentStore contract`, () => {
    it('creates an incident once, writes it only on the version read, and lists the newest first', async () => {
      const store = await make();
      expect(await store.put(incident('a'), 0)).toBe(true);
      expect(await store.put(incident('a'), 0)).toBe(false);
      expect(await store.put(incident('b', { opened_at: '2026-11-24T11:00:00.000Z' }), 0)).toBe(true);
      expect(await store.put(incident('a', { version: 2, status: 'resolved' }), 1)).toBe(true);
      expect(await store.put(incident('a', { version: 2, level: 'L1' }), 1)).toBe(false);
      expect((await store.get('a'))?.status).toBe('resolved');
      expect((await store.list()).map((i) => i.incident_id)).toEqual(['b', 'a']);
      expect(await store.get('nope')).toBeUndefined();
    });
  });
}
