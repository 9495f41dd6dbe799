import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '#catalog/repo-root.ts';
import { stopChild } from './process.ts';

export interface RunningStack {
  readonly url: string;
  readonly dataDir: string;
  /** The emulators' endpoints, as the stack printed them. */
  readonly dynamodbEndpoint: string;
  readonly output: () => string;
  stop(): Promise<void>;
  /** kill -9 of the stack's process group, as a crash would (its emulator exits when its parent's pipe closes). */
  kill(): Promise<void>;
}

/**
 * Starts the local stack (`npm start`'s program) as a child process, the way a user runs it,
 * and resolves once it prints its URL. Used by the end-to-end tests and the benchmarks.
 */
export async function startStackProcess(
  dataDir: string,
  extraArgs: readonly string[] = ['--no-demo'],
): Promise<RunningStack> {
  const child: ChildProcess = spawn(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    ['--disable-warning=ExperimentalWarning', 'local/main.ts', '--port', '0', '--data-dir', dataDir, ...extraArgs],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
      // Its own process group, so kill() reaches tsx's node child too.
      detached: true,
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`local stack did not start:\n${output}`));
    }, 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /local stack ready at (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${String(code)}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    dynamodbEndpoint: /DynamoDB\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '',
    output: () => output,
    stop: () => stopChild(child),
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        process.kill(-child.pid, 'SIGKILL');
      }),
  };
}
