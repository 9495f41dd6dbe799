import { readFileSync, writeFileSync } from 'node:fs';
import { CsvError, parseSeriesCsv, scoresCsv } from '#lib/anomaly/csv.ts';
import { createDetector, DETECTORS, type DetectorName } from '#lib/anomaly/streaming.ts';

/**
 * `npm run detect -- --input data.csv --output scores.csv [--detector ensemble]`: scores a
 * `timestamp,value` series point by point in stream order (no point sees a later one) and writes
 * `timestamp,value,anomaly_score`, the Numenta Anomaly Benchmark's results format.
 */
function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const input = flag('input');
const output = flag('output');
const detector = (flag('detector') ?? 'ensemble') as DetectorName;
if (input === undefined || output === undefined || !DETECTORS.includes(detector)) {
  console.error(`usage: npm run detect -- --input data.csv --output scores.csv [--detector ${DETECTORS.join('|')}]`);
  process.exit(2);
}
try {
  const rows = parseSeriesCsv(readFileSync(input, 'utf8'));
  const d = createDetector(detector);
  writeFileSync(
    output,
    scoresCsv(
      rows,
      rows.map((r) => d.update(r.value, r.time)),
    ),
  );
} catch (error) {
  console.error(`${input}: ${error instanceof CsvError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
