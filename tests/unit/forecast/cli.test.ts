import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '#catalog/repo-root.ts';

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

describe('npm run forecast', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'forecast-cli-'));

  it('writes the next N steps of the input interval with nested bands', async () => {
    // Prepare: ten days of hourly points with a daily wave.
    const start = Date.parse('2026-01-01T00:00:00Z');
    const rows = Array.from(
      { length: 240 },
      (_, i) =>
        `${new Date(start + i * 3_600_000).toISOString()},${(50 + 20 * Math.sin((2 * Math.PI * i) / 24)).toFixed(3)}`,
    );
    writeFileSync(path.join(dir, 'history.csv'), `timestamp,value\n${rows.join('\n')}\n`);

    // Act
    await run(
      TSX,
      [
        'cli/forecast.ts',
        '--input',
        path.join(dir, 'history.csv'),
        '--horizon',
        '24',
        '--output',
        path.join(dir, 'out.csv'),
      ],
      { cwd: REPO_ROOT },
    );

    // Assess
    const out = readFileSync(path.join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(out[0]).toBe('timestamp,forecast,lower_80,upper_80,lower_95,upper_95');
    expect(out).toHaveLength(25);
    expect(out[1]).toMatch(/^2026-01-11T00:00:00.000Z,/);
    for (const line of out.slice(1)) {
      const [, f, l80, u80, l95, u95] = line.split(',').map(Number);
      expect(l95).toBeLessThanOrEqual(l80 ?? NaN);
      expect(l80).toBeLessThanOrEqual(f ?? NaN);
      expect(f).toBeLessThanOrEqual(u80 ?? NaN);
      expect(u80).toBeLessThanOrEqual(u95 ?? NaN);
    }
    const first = Number(out[1]?.split(',')[1]);
    expect(Math.abs(first - 50)).toBeLessThan(1);
  });

  it('refuses a malformed CSV (naming the line) and too short a history', async () => {
    writeFileSync(path.join(dir, 'bad.csv'), 'timestamp,value\n2014-02-14 00:00:00,1\n2014-02-14 00:05:00,oops\n');
    writeFileSync(path.join(dir, 'short.csv'), 'timestamp,value\n2014-02-14 00:00:00,1\n2014-02-14 00:05:00,2\n');
    const fail = (file: string) =>
      run(
        TSX,
        ['cli/forecast.ts', '--input', path.join(dir, file), '--horizon', '12', '--output', path.join(dir, 'x.csv')],
        {
          cwd: REPO_ROOT,
        },
      ).then(
        () => undefined,
        (e: unknown) => e as { code: number; stderr: string },
      );
    const bad = await fail('bad.csv');
    const short = await fail('short.csv');
    expect(bad?.code).toBe(1);
    expect(bad?.stderr).toMatch(/line 3: value "oops" is not a number/);
    expect(short?.stderr).toMatch(/needs at least 60 points, has 2/);
  });
});
