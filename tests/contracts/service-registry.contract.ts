import type { AnomalyStore, ServiceRegistry } from '#domain/services/services.ports.ts';
import type { ServiceAnomaly } from '#domain/services/types.ts';

/** What every ServiceRegistry must do; run against the DynamoDB adapter and the in-memory fake. */
export function serviceRegistryContract(name: string, make: () => Promise<ServiceRegistry>): void {
  describe(`${name} honours the ServiceRegistry contract`, () => {
    it('keeps the first sighting, moves the last one forward only, and lists services by name', async () => {
      // Prepare
      const registry = await make();

      // Act
      await registry.seen('web', '2026-11-23T10:00:00.000Z');
      await registry.seen('api', '2026-11-23T10:05:00.000Z');
      await registry.seen('web', '2026-11-23T11:00:00.000Z');
      await registry.seen('web', '2026-11-23T10:30:00.000Z'); // a late retry of an older batch
      await registry.seen('web', '2026-11-23T11:00:00.000Z'); // and an exact one

      // Assess
      expect(await registry.list()).toEqual([
        { service: 'api', first_seen: '2026-11-23T10:05:00.000Z', last_seen: '2026-11-23T10:05:00.000Z' },
        { service: 'web', first_seen: '2026-11-23T10:00:00.000Z', last_seen: '2026-11-23T11:00:00.000Z' },
      ]);
    });

    it('lists nothing before any service reported', async () => {
      expect(await (await make()).list()).toEqual([]);
    });

    it('knows a service once it reported, and only then', async () => {
      const registry = await make();
      await registry.seen('web', '2026-11-23T10:00:00.000Z');
      expect([await registry.has('web'), await registry.has('api')]).toEqual([true, false]);
    });
  });
}

function anomaly(service: string, detectedAt: string, id: string): ServiceAnomaly {
  return {
    anomaly_id: id,
    service,
    metric: 'cpu',
    type: 'spike',
    detected_at: detectedAt,
    value: 97,
    expected: 40,
    score: 0.9,
    severity: 'high',
    explanation: 'cpu was 97 where about 40 was usual.',
    recommended_action: 'Check what changed.',
  };
}

/** What every AnomalyStore must do; run against the DynamoDB adapter and the in-memory fake. */
export function anomalyStoreContract(name: string, make: () => Promise<AnomalyStore>): void {
  describe(`${name} honours the AnomalyStore contract`, () => {
    it("lists a service's anomalies in a time range, newest first, each stored once however often saved", async () => {
      // Prepare
      const store = await make();
      const a = anomaly('web', '2026-11-23T10:00:00.000Z', 'anom_a');
      const b = anomaly('web', '2026-11-23T11:00:00.000Z', 'anom_b');
      const other = anomaly('api', '2026-11-23T10:30:00.000Z', 'anom_c');

      // Act
      await store.save([a, b, other]);
      await store.save([b, b]);

      // Assess
      const all = await store.list('web', Date.parse('2026-11-23T09:00:00Z'), Date.parse('2026-11-23T12:00:00Z'));
      expect(all).toEqual([b, a]);
      expect(await store.list('web', Date.parse('2026-11-23T10:30:00Z'), Date.parse('2026-11-23T11:00:00Z'))).toEqual([
        b,
      ]);
      expect(await store.list('nobody', 0, Date.parse('2026-11-24T00:00:00Z'))).toEqual([]);
    });
  });
}
