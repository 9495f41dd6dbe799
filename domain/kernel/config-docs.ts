/** Small JSON documents of configuration, by key. */
export interface ConfigStore {
  get(key: string): Promise<Record<string, unknown> | undefined>;
  put(key: string, value: Record<string, unknown>): Promise<void>;
  /** Stores `value` unless the key exists; returns what is stored either way. */
  putIfAbsent(key: string, value: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * A configuration document of the Config table: its key and the defaults every read merges
 * under, so a stored document written before a setting existed still gets it.
 *
 * @example
 * const THRESHOLDS_DOC = configDoc('thresholds', DEFAULT_THRESHOLDS);
 * const t = await readDoc(config, THRESHOLDS_DOC);
 */
export interface ConfigDoc<T extends object> {
  readonly key: string;
  readonly defaults: T;
}

export function configDoc<T extends object>(key: string, defaults: T): ConfigDoc<T> {
  return { key, defaults };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `patch` over `base`, key by key; a nested object (such as `notification_settings`) is merged
 * the same way, so a partial one keeps the other keys. Arrays and values replace; undefined is
 * absent.
 */
function mergeOver<T extends object>(base: T, patch: object | undefined): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch ?? {})) {
    if (v === undefined) continue; // an absent setting leaves the stored one
    const under = out[k];
    out[k] = isPlainObject(under) && isPlainObject(v) ? mergeOver(under, v) : v;
  }
  return out as T;
}

/** The stored document over its defaults (nested objects merged too). */
export async function readDoc<T extends object>(config: ConfigStore, doc: ConfigDoc<T>): Promise<T> {
  return mergeOver(doc.defaults, await config.get(doc.key));
}

/** What reading `doc` gives once `stored` is what the table holds (defaults filled in). */
export function docOver<T extends object>(doc: ConfigDoc<T>, stored: object | undefined): T {
  return mergeOver(doc.defaults, stored);
}

/** A partial document: any key, and any key of a nested object on its own. */
export type DocPatch<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K];
};

/** Merges `patch` into the stored document (over its defaults; nested objects merged), stores and returns the result. */
export async function updateDoc<T extends object>(
  config: ConfigStore,
  doc: ConfigDoc<T>,
  patch: DocPatch<T>,
): Promise<T> {
  const next: T = mergeOver(await readDoc(config, doc), patch);
  await config.put(doc.key, { ...next } as Record<string, unknown>);
  return next;
}
