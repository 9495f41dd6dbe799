import type { ServiceRegistry } from '#domain/services/services.ports.ts';

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
  });
}
