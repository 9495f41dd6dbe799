/** One row of a `timestamp,value` series, in stream order. */
export interface SeriesRow {
  readonly timestamp: string;
  /** Epoch ms (NaN when the timestamp is not a date: the stream order still holds). */
  readonly time: number;
  readonly value: number;
}

export class CsvError extends Error {
  public constructor(
    public readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * Reads NAB's CSV format: a `timestamp,value` header, then one row a line. Each bad row is an
 * error naming its line; blank lines are skipped.
 */
export function parseSeriesCsv(text: string): SeriesRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().toLowerCase().split(',');
  if (header[0] !== 'timestamp' || header[1] !== 'value')
    throw new CsvError(1, `expected the header "timestamp,value", got "${(lines[0] ?? '').slice(0, 80)}"`);
  const rows: SeriesRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const cells = line.split(',');
    if (cells.length < 2) throw new CsvError(i + 1, `expected "timestamp,value", got "${line.slice(0, 80)}"`);
    const timestamp = (cells[0] ?? '').trim();
    const raw = (cells[1] ?? '').trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) throw new CsvError(i + 1, `value "${raw.slice(0, 40)}" is not a number`);
    const time = Date.parse(timestamp.includes('T') ? timestamp : `${timestamp.replace(' ', 'T')}Z`);
    if (timestamp === '' || Number.isNaN(time))
      throw new CsvError(i + 1, `timestamp "${timestamp.slice(0, 40)}" is not a date`);
    rows.push({ timestamp, time, value });
  }
  return rows;
}

/** Scores a series in stream order and renders NAB's results format. */
export function scoresCsv(rows: readonly SeriesRow[], scores: readonly number[]): string {
  const out = ['timestamp,value,anomaly_score'];
  rows.forEach((r, i) => out.push(`${r.timestamp},${r.value},${(scores[i] ?? 0).toFixed(6)}`));
  return `${out.join('\n')}\n`;
}
