/** Rows as CSV (RFC 4180 quoting), the first row's keys as the header; empty for no rows. */
export function toCsv(rows: readonly Record<string, string | number | null>[]): string {
  const first = rows[0];
  if (first === undefined) return '';
  const keys = Object.keys(first);
  const cell = (v: string | number | null | undefined) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[keys.join(','), ...rows.map((r) => keys.map((k) => cell(r[k])).join(','))].join('\n')}\n`;
}
