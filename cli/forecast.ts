import { readFileSync, writeFileSync } from 'node:fs';
import { CsvError, parseSeriesCsv } from '#lib/anomaly/csv.ts';
import { dailyPeriod, forecast, stepOf, train } from '#lib/forecast/forecast.ts';

/**
 * `npm run forecast -- --input history.csv --horizon N --output forecast.csv`: trains on a
 * `timestamp,value` series (the model picked on held-out stretches, bands from their errors)
 * and writes `timestamp,forecast,lower_80,upper_80,lower_95,upper_95` for the next N steps of
 * the input's own interval.
 */
function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const input = flag('input');
const output = flag('output');
const horizon = Number(flag('horizon'));
if (input === undefined || output === undefined || !Number.isInteger(horizon) || horizon < 1 || horizon > 100_000) {
  console.error(
    'usage: npm run forecast -- --input history.csv --horizon N --output forecast.csv  (N: 1 to 100000 steps)',
  );
  process.exit(2);
}
try {
  const rows = parseSeriesCsv(readFileSync(input, 'utf8'));
  const times = rows.map((r) => r.time);
  const step = stepOf(times);
  const values = rows.map((r) => r.value);
  const f = train(values, { period: dailyPeriod(step, values.length), horizon });
  const last = times.at(-1) ?? 0;
  const lines = forecast(f, horizon).map((p, i) =>
    [new Date(last + (i + 1) * step).toISOString(), p.value, p.lower_80, p.upper_80, p.lower_95, p.upper_95]
      .map((v) => (typeof v === 'number' ? Number(v.toFixed(6)) : v))
      .join(','),
  );
  writeFileSync(output, `timestamp,forecast,lower_80,upper_80,lower_95,upper_95\n${lines.join('\n')}\n`);
  console.error(
    `${input}: ${f.model}, held-out MAE ${f.holdout.mae.toFixed(4)}, MASE ${f.holdout.mase.toFixed(3)}, 80 % band coverage ${f.holdout.interval_coverage === null ? 'n/a' : `${(f.holdout.interval_coverage * 100).toFixed(0)} %`}`,
  );
} catch (error) {
  console.error(`${input}: ${error instanceof CsvError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
