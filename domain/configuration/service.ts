import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import { NotFoundError } from '#domain/kernel/errors.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import type { ConfigSection } from './configuration.ports.ts';
import { diffConfig, type ConfigChange } from './diff.ts';

/** The configuration as one document: `format_version` and one key per section. */
export type ConfigDocument = Record<string, unknown>;

export interface ConfigVersionSummary {
  readonly version: number;
  readonly at: string;
  readonly by: string;
  /** `import`, or `restore of <n>`. */
  readonly source: string;
  /** `applying` until every section is written; a crash leaves it so, and importing again repairs it. */
  readonly status: 'applying' | 'applied';
  readonly changes: number;
}

export interface ConfigVersion extends ConfigVersionSummary {
  /** Unique per import: tells this import's version from a concurrent one that took the same number. */
  readonly id: string;
  /** The whole configuration as this version made it. */
  readonly document: ConfigDocument;
  readonly diff: readonly ConfigChange[];
}

export interface ImportResult {
  readonly applied: boolean;
  /** The version this import created (null for a dry run or when nothing changed). */
  readonly version: number | null;
  readonly diff: readonly ConfigChange[];
}

export interface ConfigurationDeps {
  readonly sections: readonly ConfigSection[];
  /** Where versions are kept (the config table). */
  readonly store: ConfigStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const INDEX_KEY = 'config_versions';
const versionKey = (n: number) => `config_version#${String(n)}`;
/** Versions listed in the index (each version's document stays readable by number). */
const INDEX_LIMIT = 100;
const FORMAT_VERSION = 1;

/**
 * Seed 002's configuration manager: export every setting as one document, check and import one
 * (a dry run shows the diff), keep each import as a numbered version with its diff, and restore
 * an earlier version.
 *
 * Import is all-or-nothing as to validity: the handler validates the whole document before any
 * write. The sections are then written one by one (DynamoDB items, no cross-item transaction
 * locally); the version is recorded first as `applying` and marked `applied` after the last
 * write, so a crash in between shows, and importing the same document again completes it.
 */
export function createConfiguration(deps: ConfigurationDeps) {
  const { sections, store, clock, ids } = deps;

  async function exportAll(): Promise<ConfigDocument> {
    const values = await Promise.all(sections.map(async (s) => [s.name, await s.read()] as const));
    return { format_version: FORMAT_VERSION, ...Object.fromEntries(values) };
  }

  async function index(): Promise<ConfigVersionSummary[]> {
    return ((await store.get(INDEX_KEY)) as { entries?: ConfigVersionSummary[] } | undefined)?.entries ?? [];
  }

  /** Takes the next free version number (a conditional put, so two imports never share one). */
  async function allocate(draft: Omit<ConfigVersion, 'version'>): Promise<ConfigVersion> {
    for (let n = ((await index())[0]?.version ?? 0) + 1; ; n++) {
      const candidate: ConfigVersion = { ...draft, version: n };
      const stored = await store.putIfAbsent(versionKey(n), { ...candidate });
      if (stored.id === candidate.id) return candidate;
    }
  }

  async function record(version: ConfigVersion): Promise<void> {
    await store.put(versionKey(version.version), { ...version });
    const { document: _d, diff: _x, id: _id, ...summary } = version;
    const rest = (await index()).filter((e) => e.version !== version.version);
    const entries = [summary, ...rest].sort((a, b) => b.version - a.version).slice(0, INDEX_LIMIT);
    await store.put(INDEX_KEY, { entries });
  }

  async function importDocument(
    doc: ConfigDocument,
    by: string,
    options: { dryRun: boolean; source?: string },
  ): Promise<ImportResult> {
    const current = await exportAll();
    const given = sections.filter((s) => doc[s.name] !== undefined);
    const next: ConfigDocument = { ...current };
    for (const s of given) next[s.name] = await s.effective(doc[s.name]);
    const diff = diffConfig(current, next);
    if (options.dryRun || diff.length === 0) return { applied: false, version: null, diff };
    const version = await allocate({
      id: ids.next('config'),
      at: new Date(clock.now()).toISOString(),
      by,
      source: options.source ?? 'import',
      status: 'applying',
      changes: diff.length,
      document: next,
      diff,
    });
    await record(version);
    for (const s of given) await s.write(doc[s.name]);
    // What was written, read back with defaults filled in, is what the version holds.
    await record({ ...version, status: 'applied', document: await exportAll() });
    return { applied: true, version: version.version, diff };
  }

  async function version(n: number): Promise<ConfigVersion> {
    const found = (await store.get(versionKey(n))) as ConfigVersion | undefined;
    if (found === undefined) throw new NotFoundError(`configuration version ${String(n)} does not exist`);
    return found;
  }

  return {
    export: exportAll,
    import: importDocument,
    versions: index,
    version,
    /** Imports an earlier version's document as a new version. */
    async restore(n: number, by: string, dryRun: boolean): Promise<ImportResult> {
      const old = await version(n);
      return importDocument(old.document, by, { dryRun, source: `restore of ${String(n)}` });
    },
  };
}

export type Configuration = ReturnType<typeof createConfiguration>;
