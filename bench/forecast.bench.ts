import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import { parseSeriesCsv } from '#lib/anomaly/csv.ts';
import { dailyPeriod, forecast, stepOf, train } from '#lib/forecast/forecast.ts';
import { fitModel, MODELS, type ModelName } from '#lib/forecast/models.ts';
import { fmt, row } from './lib.ts';

const CLOUDWATCH = path.join(REPO_ROOT, '..', 'shared', 'bench', 'nab', 'data', 'realAWSCloudwatch');
const CUTS = [0.6, 0.7, 0.8, 0.9];

const mae = (actual: readonly number[], predicted: readonly number[]) =>
  actual.reduce((s, a, i) => s + Math.abs(a - (predicted[i] ?? 0)), 0) / actual.length;
const geomean = (xs: readonly number[]) =>
  Math.exp(xs.reduce((s, x) => s + Math.log(Math.max(x, 1e-9)), 0) / xs.length);

/**
 * Forecast accuracy on NAB's realAWSCloudwatch series with a rolling origin (cuts at 60, 70, 80
 * and 90 % of each series), 24 h ahead: each model's MAE relative to seasonal naive (one day
 * back) and to SES(0.1), as geometric means over series and origins, the automatic pick's too,
 * its MASE, and the coverage of its 80 % and 95 % bands.
 */
export function benchForecast(): void {
  console.log('\nForecasts, NAB realAWSCloudwatch, rolling origin (60/70/80/90 %), 24 h ahead');
  const ratios = new Map<string, { sn: number[]; ses: number[] }>();
  const add = (name: string, sn: number, s: number) => {
    const r = ratios.get(name) ?? { sn: [], ses: [] };
    r.sn.push(sn);
    r.ses.push(s);
    ratios.set(name, r);
  };
  const mases: number[] = [];
  let inside80 = 0;
  let inside95 = 0;
  let total = 0;
  let trainMs = 0;
  const picks = new Map<string, number>();
  for (const file of readdirSync(CLOUDWATCH)) {
    const rows = parseSeriesCsv(readFileSync(path.join(CLOUDWATCH, file), 'utf8'));
    const values = rows.map((r) => r.value);
    const step = stepOf(rows.map((r) => r.time));
    const horizon = Math.round(86_400_000 / step);
    for (const cut of CUTS) {
      const origin = Math.floor(values.length * cut);
      const actual = values.slice(origin, origin + horizon);
      if (actual.length < horizon / 2) continue;
      const history = values.slice(0, origin);
      const period = dailyPeriod(step, history.length);
      const h = actual.length;
      const snMae = mae(actual, fitModel('seasonal_naive', history, Math.round(86_400_000 / step)).forecast(h));
      const sesMae = mae(actual, fitModel('ses', history, period).forecast(h));
      for (const name of MODELS as readonly ModelName[]) {
        const m = mae(actual, fitModel(name, history, period).forecast(h));
        add(name, m / snMae, m / sesMae);
      }
      const start = performance.now();
      let f;
      try {
        f = train(history, { period, horizon });
      } catch {
        continue;
      }
      trainMs += performance.now() - start;
      picks.set(f.model, (picks.get(f.model) ?? 0) + 1);
      const points = forecast(f, h);
      const m = mae(
        actual,
        points.map((p) => p.value),
      );
      add('automatic pick', m / snMae, m / sesMae);
      mases.push(f.holdout.mase === 0 ? 0 : m / (f.holdout.mae / f.holdout.mase));
      for (const [i, a] of actual.entries()) {
        const p = points[i];
        if (p === undefined) continue;
        total++;
        if (a >= p.lower_80 && a <= p.upper_80) inside80++;
        if (a >= p.lower_95 && a <= p.upper_95) inside95++;
      }
    }
  }
  for (const [name, r] of ratios)
    row(
      `${name}: MAE / seasonal naive, / SES(0.1) (targets 0.6, 0.9)`,
      `${fmt(geomean(r.sn), 3)}, ${fmt(geomean(r.ses), 3)}  (${r.sn.length} forecasts)`,
    );
  row('automatic pick: MASE (geometric mean)', fmt(geomean(mases), 3));
  row('80 % band coverage (target 75-85 %)', `${fmt((inside80 / total) * 100, 1)} %`);
  row('95 % band coverage (target 91-98 %)', `${fmt((inside95 / total) * 100, 1)} %`);
  row('models picked', [...picks.entries()].map(([k, v]) => `${k} ${v}`).join(', '));
  row('training time per series and origin (mean)', `${fmt(trainMs / Math.max(1, mases.length), 1)} ms`);
}

/**
 * Seed 001's accuracy figures as reference (CPU 85 %, memory 82 %, response time 78 %, error
 * rate 75 %): 100 - MAPE of the automatic pick on a synthetic service with a daily cycle, 14
 * days of 5-minute points, 24 h ahead; and the time to train and forecast 100 services x 4
 * metrics x 14 days.
 */
export function benchForecastScale(services = 100): void {
  console.log(`\nForecasts at the seed's scale: ${services} services x 4 metrics x 14 days of 5-minute points`);
  let seed = 11;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const noise = () => random() + random() + random() - 1.5;
  const day = 288;
  const n = 14 * day;
  const metrics = {
    cpu: (i: number) => 45 + 20 * Math.sin((2 * Math.PI * i) / day) + 4 * noise(),
    memory: (i: number) => 60 + 10 * Math.sin((2 * Math.PI * (i + 40)) / day) + 2 * noise(),
    response_time: (i: number) => 0.2 + 0.08 * Math.sin((2 * Math.PI * i) / day) + 0.02 * noise(),
    error_rate: (i: number) => 0.01 + 0.005 * Math.sin((2 * Math.PI * i) / day) + 0.002 * noise(),
  };
  const accuracy: Record<string, number[]> = {};
  let trainMs = 0;
  let forecastMs = 0;
  for (let s = 0; s < services; s++)
    for (const [metric, of] of Object.entries(metrics)) {
      const all = Array.from({ length: n + day }, (_, i) => of(i));
      const history = all.slice(0, n);
      const t0 = performance.now();
      const f = train(history, { period: day, horizon: day });
      const t1 = performance.now();
      const points = forecast(f, day, { min: 0 });
      forecastMs += performance.now() - t1;
      trainMs += t1 - t0;
      const actual = all.slice(n);
      const mape =
        (actual.reduce((sum, a, i) => sum + Math.abs(a - (points[i]?.value ?? 0)) / Math.abs(a), 0) / day) * 100;
      (accuracy[metric] ??= []).push(100 - mape);
    }
  row(
    '100 - MAPE per metric (seed: cpu 85, memory 82, response time 78, error rate 75)',
    Object.entries(accuracy)
      .map(([m, xs]) => `${m} ${fmt(xs.reduce((a, b) => a + b, 0) / xs.length, 1)}`)
      .join(', '),
  );
  row(
    'train all (model pick over 3 held-out days, 7 models)',
    `${fmt(trainMs / 1000, 1)} s (${fmt(trainMs / (services * 4), 1)} ms a series)`,
  );
  row('forecast all, 24 h ahead', `${fmt(forecastMs, 0)} ms`);
}
