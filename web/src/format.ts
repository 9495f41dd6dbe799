/** Number and time formats the pages share. */
export const pct = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined ? '–' : `${(v * 100).toFixed(digits)} %`;
export const ms = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined
    ? '–'
    : seconds < 1
      ? `${Math.round(seconds * 1000)} ms`
      : `${seconds.toFixed(2)} s`;
export const num = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined ? '–' : Number.isInteger(v) ? v.toLocaleString('en') : v.toFixed(digits);
export const when = (iso: string | null | undefined): string =>
  iso === null || iso === undefined
    ? '–'
    : new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });

/** "3 s ago", "4 min ago". */
export function ago(epochMs: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - epochMs) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
