import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '#catalog/repo-root.ts';

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

describe('npm run detect', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'detect-cli-'));

  it('writes timestamp,value,anomaly_score for every row, in stream order', async () => {
    // Prepare
    const rows = Array.from(
      { length: 400 },
      (_, i) =>
        `2014-02-14 ${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,${i === 350 ? 500 : 50 + (i % 7)}`,
    );
    writeFileSync(path.join(dir, 'in.csv'), `timestamp,value\n${rows.join('\n')}\n`);

    // Act
    await run(
      TSX,
      [
        'cli/detect.ts',
        '--input',
        path.join(dir, 'in.csv'),
        '--output',
        path.join(dir, 'out.csv'),
        '--detector',
        'zscore',
      ],
      { cwd: REPO_ROOT },
    );

    // Assess
    const out = readFileSync(path.join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(out[0]).toBe('timestamp,value,anomaly_score');
    expect(out).toHaveLength(401);
    expect(out[351]).toMatch(/^2014-02-14 05:50:00,500,/);
  });

  it('refuses a malformed CSV, naming the line', async () => {
    writeFileSync(path.join(dir, 'bad.csv'), 'timestamp,value\n2014-02-14 00:00:00,1\n2014-02-14 00:05:00,oops\n');
    const failure = await run(
      TSX,
      ['cli/detect.ts', '--input', path.join(dir, 'bad.csv'), '--output', path.join(dir, 'x.csv')],
      {
        cwd: REPO_ROOT,
      },
    ).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/line 3: value "oops" is not a number/);
  });
});
