/** One changed leaf between two configuration documents. */
export interface ConfigChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** A list element's identity: a rule by name, a silence by id, else its position. */
function keyOf(item: unknown, index: number): string {
  if (item !== null && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name;
    if (typeof o.silence_id === 'string') return o.silence_id;
  }
  return String(index);
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((item, i) => {
      flatten(item, `${path}[${keyOf(item, i)}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(path, {});
    for (const [k, v] of entries) flatten(v, path === '' ? k : `${path}.${k}`, out);
  } else {
    out.set(path, value);
  }
}

/**
 * The leaves that differ between two documents, in path order; rules and silences are matched
 * by name and id, so reordering a list is not a change.
 *
 * @example
 * diffConfig({ thresholds: { min_samples: 20 } }, { thresholds: { min_samples: 30 } })
 * // [{ path: 'thresholds.min_samples', from: 20, to: 30 }]
 */
export function diffConfig(before: unknown, after: unknown): ConfigChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((p) => ({ path: p, from: a.get(p) ?? null, to: b.get(p) ?? null }));
}
