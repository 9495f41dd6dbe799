import { spawn } from 'node:child_process';

/**
 * The static half of `npm test`: type-check (app and tests), ESLint and Prettier, run at the
 * same time (they are independent, and ESLint alone takes as long as both type-checks), each
 * one's output printed whole when it ends. Fails if any fails.
 */
const CHECKS: readonly [string, readonly string[]][] = [
  ['typecheck (app)', ['tsc', '-p', 'tsconfig.json']],
  ['typecheck (tests)', ['tsc', '-p', 'tests/tsconfig.json']],
  ['lint', ['eslint', '--max-warnings', '0', '.']],
  ['format', ['prettier', '--check', '--log-level', 'warn', '.']],
];

function run(name: string, args: readonly string[]): Promise<boolean> {
  const started = performance.now();
  return new Promise((resolve) => {
    const [command = '', ...rest] = args;
    const child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
      if (output.trim() !== '') console.log(output.trimEnd());
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(CHECKS.map(([name, args]) => run(name, args)));
if (results.some((ok) => !ok)) process.exit(1);
