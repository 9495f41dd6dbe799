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

/** The stored document over its defaults. */
export async function readDoc<T extends object>(config: ConfigStore, doc: ConfigDoc<T>): Promise<T> {
  return { ...doc.defaults, ...((await config.get(doc.key)) as Partial<T> | undefined) };
}

/** Merges `patch` into the stored document (over its defaults), stores and returns the result. */
export async function updateDoc<T extends object>(
  config: ConfigStore,
  doc: ConfigDoc<T>,
  patch: Partial<T>,
): Promise<T> {
  const next: T = { ...(await readDoc(config, doc)), ...patch };
  await config.put(doc.key, { ...next } as Record<string, unknown>);
  return next;
}
