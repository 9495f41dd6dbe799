import { createConfiguration } from '#domain/configuration/service.ts';
import type { ConfigSection } from '#domain/configuration/configuration.ports.ts';
import { diffConfig } from '#domain/configuration/diff.ts';
import { counterIds, FixedClock, MemoryConfig } from '../../support/in-memory.ts';

/** A section over one key of a memory store, with defaults `{ a: 1, b: 2 }`. */
function section(name: string, store: Map<string, unknown>, failOnWrite?: () => boolean): ConfigSection {
  const effective = (v: unknown) => ({ a: 1, b: 2, ...(v as object) });
  return {
    name,
    read: () => Promise.resolve(effective(store.get(name))),
    effective: (v) => Promise.resolve(effective(v)),
    write: (v) => {
      if (failOnWrite?.() === true) return Promise.reject(new Error('crash'));
      store.set(name, v);
      return Promise.resolve();
    },
  };
}

function setup(failOnWrite?: () => boolean) {
  const values = new Map<string, unknown>();
  const store = new MemoryConfig();
  const config = createConfiguration({
    sections: [section('x', values, failOnWrite), section('y', values)],
    store,
    clock: new FixedClock(Date.parse('2026-11-23T00:00:00Z')),
    ids: counterIds(),
  });
  return { values, store, config };
}

describe('configuration manager', () => {
  it('diffs by leaf, matching rules by name and silences by id, so reordering is no change', () => {
    const rules = [
      { name: 'a', threshold: 1 },
      { name: 'b', threshold: 2 },
    ];
    expect(diffConfig({ rules }, { rules: [...rules].reverse() })).toEqual([]);
    expect(diffConfig({ rules, t: { m: 1 } }, { rules: [{ name: 'a', threshold: 3 }], t: { m: 1 } })).toEqual([
      { path: 'rules[a].threshold', from: 1, to: 3 },
      { path: 'rules[b].name', from: 'b', to: null },
      { path: 'rules[b].threshold', from: 2, to: null },
    ]);
  });

  it('shows the diff of a dry run and writes nothing', async () => {
    const { values, config } = setup();
    const result = await config.import({ x: { a: 5 } }, 'alice', { dryRun: true });
    expect(result).toEqual({ applied: false, version: null, diff: [{ path: 'x.a', from: 1, to: 5 }] });
    expect(values.size).toBe(0);
    expect(await config.versions()).toEqual([]);
  });

  it('keeps each import as a version with its diff, and restores an earlier one as a new version', async () => {
    const { config } = setup();
    await config.import({ x: { a: 5 } }, 'alice', { dryRun: false });
    await config.import({ x: { a: 7 }, y: { b: 9 } }, 'bob', { dryRun: false });
    const unchanged = await config.import({ x: { a: 7 } }, 'bob', { dryRun: false });

    const restored = await config.restore(1, 'carol', false);

    expect(unchanged).toEqual({ applied: false, version: null, diff: [] });
    expect(restored).toMatchObject({ applied: true, version: 3 });
    expect(restored.diff).toEqual([
      { path: 'x.a', from: 7, to: 5 },
      { path: 'y.b', from: 9, to: 2 },
    ]);
    expect((await config.export()) as unknown).toEqual({ format_version: 1, x: { a: 5, b: 2 }, y: { a: 1, b: 2 } });
    const versions = await config.versions();
    expect(versions.map((v) => [v.version, v.by, v.source, v.status])).toEqual([
      [3, 'carol', 'restore of 1', 'applied'],
      [2, 'bob', 'import', 'applied'],
      [1, 'alice', 'import', 'applied'],
    ]);
    expect((await config.version(2)).diff).toHaveLength(2);
  });

  it('shows an import a crash interrupted as applying, and importing again completes it', async () => {
    let crash = true;
    const { config } = setup(() => crash);
    await expect(config.import({ x: { a: 5 } }, 'alice', { dryRun: false })).rejects.toThrow('crash');
    expect((await config.versions())[0]?.status).toBe('applying');
    crash = false;
    const again = await config.import({ x: { a: 5 } }, 'alice', { dryRun: false });
    expect(again.version).toBe(2);
    expect((await config.export()).x).toEqual({ a: 5, b: 2 });
  });

  it('answers 404 for a version that does not exist', async () => {
    const { config } = setup();
    await expect(config.version(9)).rejects.toThrow('configuration version 9 does not exist');
  });
});
