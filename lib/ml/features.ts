/**
 * Feature engineering for the built-in trainer: turns logged `input_features` into numeric rows.
 * - numeric: as is (trees are scale-invariant, so no scaling); missing -> the training median;
 * - categorical: ordinal codes by training frequency; unseen or missing -> -1;
 * - timestamp (ISO string or epoch ms): hour of day and day of week (UTC) as two columns.
 */
export const FEATURE_TYPES = ['numeric', 'categorical', 'timestamp'] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

export interface FeatureSpec {
  readonly name: string;
  readonly type: FeatureType;
}

export interface FeatureEncoder {
  readonly specs: readonly FeatureSpec[];
  readonly medians: Readonly<Record<string, number>>;
  readonly categories: Readonly<Record<string, readonly string[]>>;
  /** Names of the produced columns, in order. */
  readonly columns: readonly string[];
}

type Row = Readonly<Record<string, unknown>>;

/** A category's text: scalars as themselves, anything else as JSON. */
function asText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** Guesses feature types from rows: all numbers -> numeric; ISO-like dates -> timestamp; else categorical. */
export function inferFeatureSpecs(rows: readonly Row[]): FeatureSpec[] {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  return names.flatMap((name): FeatureSpec[] => {
    const values = rows.map((r) => r[name]).filter((v) => v !== null && v !== undefined);
    if (values.length === 0 || values.some((v) => typeof v === 'object')) return [];
    if (values.every((v) => typeof v === 'number')) return [{ name, type: 'numeric' as const }];
    if (values.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)))
      return [{ name, type: 'timestamp' as const }];
    return [{ name, type: 'categorical' as const }];
  });
}

export function fitEncoder(specs: readonly FeatureSpec[], rows: readonly Row[]): FeatureEncoder {
  const medians: Record<string, number> = {};
  const categories: Record<string, string[]> = {};
  const columns: string[] = [];
  for (const s of specs) {
    if (s.type === 'numeric') {
      const values = rows
        .map((r) => r[s.name])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
        .sort((a, b) => a - b);
      medians[s.name] = values[Math.floor(values.length / 2)] ?? 0;
      columns.push(s.name);
    } else if (s.type === 'categorical') {
      const freq = new Map<string, number>();
      for (const r of rows) {
        const v = r[s.name];
        if (v !== null && v !== undefined) freq.set(asText(v), (freq.get(asText(v)) ?? 0) + 1);
      }
      categories[s.name] = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
      columns.push(s.name);
    } else {
      columns.push(`${s.name}.hour`, `${s.name}.dow`);
    }
  }
  return { specs, medians, categories, columns };
}

export function encodeRow(e: FeatureEncoder, row: Row): number[] {
  const out: number[] = [];
  for (const s of e.specs) {
    const v = row[s.name];
    if (s.type === 'numeric') out.push(typeof v === 'number' && Number.isFinite(v) ? v : (e.medians[s.name] ?? 0));
    else if (s.type === 'categorical')
      out.push(v === null || v === undefined ? -1 : (e.categories[s.name] ?? []).indexOf(asText(v)));
    else {
      const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
      const date = new Date(Number.isFinite(t) ? t : 0);
      out.push(Number.isFinite(t) ? date.getUTCHours() : -1, Number.isFinite(t) ? date.getUTCDay() : -1);
    }
  }
  return out;
}
