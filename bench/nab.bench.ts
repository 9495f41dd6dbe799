import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import { contextualDetector } from '#lib/anomaly/contextual.ts';
import { parseSeriesCsv, scoresCsv, type SeriesRow } from '#lib/anomaly/csv.ts';
import type { Detector } from '#lib/anomaly/detectors.ts';
import { createDetector, DETECTORS, type DetectorName } from '#lib/anomaly/streaming.ts';
import { fmt, row } from './lib.ts';

/** The development subset of NAB beside the repo (never copied into it). */
const NAB = path.join(REPO_ROOT, '..', 'shared', 'bench', 'nab');

interface ProfileScore {
  readonly score: number;
  readonly threshold: number;
}

/** Scores every file of the set with one detector (what the CLI does per file) and runs the scorer. */
export function scoreOnNab(
  name: string,
  build: (rows: readonly SeriesRow[]) => Detector = () => createDetector(name as DetectorName),
): { profiles: Record<string, ProfileScore>; pointsPerSecond: number } {
  const results = mkdtempSync(path.join(tmpdir(), `nab-${name.replace(/\W+/g, '-')}-`));
  let points = 0;
  let ms = 0;
  for (const category of readdirSync(path.join(NAB, 'data'))) {
    mkdirSync(path.join(results, category), { recursive: true });
    for (const file of readdirSync(path.join(NAB, 'data', category))) {
      const rows = parseSeriesCsv(readFileSync(path.join(NAB, 'data', category, file), 'utf8'));
      const detector = build(rows);
      const start = performance.now();
      const scores = rows.map((r) => detector.update(r.value, r.time));
      ms += performance.now() - start;
      points += rows.length;
      writeFileSync(path.join(results, category, file), scoresCsv(rows, scores));
    }
  }
  const report = JSON.parse(
    execFileSync(
      'python3',
      [
        path.join(NAB, 'nabscore.py'),
        '--data',
        path.join(NAB, 'data'),
        '--windows',
        path.join(NAB, 'windows.json'),
        '--results',
        results,
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    ),
  ) as Record<string, unknown>;
  return { profiles: profilesOf(report), pointsPerSecond: (points / ms) * 1000 };
}

function profilesOf(report: Record<string, unknown>): Record<string, ProfileScore> {
  const profiles = (report.profiles ?? report) as Record<string, { score?: number; threshold?: number }>;
  return Object.fromEntries(
    Object.entries(profiles)
      .filter(([, p]) => typeof p === 'object' && typeof p.score === 'number')
      .map(([k, p]) => [k, { score: p.score ?? Number.NaN, threshold: p.threshold ?? Number.NaN }]),
  );
}

/**
 * NAB (development subset, 39 files): each detector over every file in stream order, scored by
 * nabscore.py with one threshold per profile for the whole set (the benchmark's optimiser).
 */
export function benchNab(only?: readonly DetectorName[]): void {
  console.log('\nNAB development set (39 files): standard / low FP / low FN; anchors ARTime 73.4, HTM 68.2, RCF 55.1');
  const runs: [string, ((rows: readonly SeriesRow[]) => Detector) | undefined][] = (only ?? DETECTORS).map((n) => [
    n,
    undefined,
  ]);
  if (only === undefined || only.includes('cad')) runs.push(...LOOK_AHEAD_REFERENCES);
  for (const [name, build] of runs) {
    const { profiles, pointsPerSecond } = scoreOnNab(name, build);
    const get = (k: string) => profiles[k]?.score ?? Number.NaN;
    row(
      name,
      `${fmt(get('standard'), 1)} / ${fmt(get('reward_low_FP_rate'), 1)} / ${fmt(get('reward_low_FN_rate'), 1)}   ${fmt(pointsPerSecond)} points/s`,
    );
  }
}

const rangeOf = (rows: readonly SeriesRow[]) => ({
  min: rows.reduce((m, r) => Math.min(m, r.value), Infinity),
  max: rows.reduce((m, r) => Math.max(m, r.value), -Infinity),
});

/**
 * Not detectors to use: the same CAD given ranges a live stream does not have, to measure what the
 * published scores owe to NAB handing every detector the whole file's min and max (ARTime, HTM and
 * CAD OSE all bin or encode over it). Ported faithfully, CAD with the file's range and NAB's rest
 * reproduces its published score on this set.
 */
const LOOK_AHEAD_REFERENCES: [string, (rows: readonly SeriesRow[]) => Detector][] = [
  [
    'cad, file min/max + NAB rest (look-ahead)',
    (rows) => contextualDetector({ range: rangeOf(rows), rest: Math.min(Math.floor(0.15 * rows.length), 750) / 5 }),
  ],
  ['cad, file min/max (look-ahead)', (rows) => contextualDetector({ range: rangeOf(rows) })],
  [
    'cad, first 15 % min/max (look-ahead)',
    (rows) => contextualDetector({ range: rangeOf(rows.slice(0, Math.floor(0.15 * rows.length))) }),
  ],
];

/**
 * The seed's scale: detection over 100 services x 7 days of 1-minute points (1,008,000 points),
 * each series through its own ensemble detector, one after another in this process. Prints the
 * wall time and the peak resident memory (sampled every 50 ms).
 */
export function benchDetectionScale(services = 100, days = 7): void {
  console.log(`\nDetection over ${services} services x ${days} days of 1-minute points (ensemble)`);
  const perSeries = days * 1440;
  let peak = process.memoryUsage().rss;
  const start = performance.now();
  let flagged = 0;
  for (let s = 0; s < services; s++) {
    const detector = createDetector('ensemble');
    for (let i = 0; i < perSeries; i++) {
      const daily = Math.sin((2 * Math.PI * i) / 1440);
      const value = 50 + 10 * daily + Math.sin(i * 12.9898 + s) * 2 + (i === perSeries - 500 ? 40 : 0);
      if (detector.update(value, i * 60_000) >= 0.5) flagged++;
      if ((i & 4095) === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  row('points', fmt(services * perSeries));
  row(
    'wall time (one process, series one after another)',
    `${fmt(seconds, 1)} s = ${fmt((services * perSeries) / seconds)} points/s`,
  );
  row('peak resident memory', `${fmt(peak / 1024 / 1024)} MiB`);
  row('points scored >= 0.5', fmt(flagged));
}
