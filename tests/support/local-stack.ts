import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '#infra/constructs/service-function.ts';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import type { Role } from '#shared/routes.ts';

export interface RunningStack {
  readonly url: string;
  readonly dataDir: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

export const newDataDir = (): string => mkdtempSync(path.join(tmpdir(), 'aiops-e2e-'));

/** Starts `npm start`'s program as a child process, the way a user runs it, without demo traffic. */
export async function startStack(dataDir: string): Promise<RunningStack> {
  const child: ChildProcess = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['local/main.ts', '--no-demo', '--port', '0', '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`local stack did not start:\n${output}`)); }, 45_000);
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
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => { resolve(); });
        child.kill('SIGTERM');
      }),
  };
}

/** A token for the stack's data dir, as `npm run token` prints it. */
export async function tokenFor(dataDir: string, roles: readonly Role[], ttlSeconds?: number): Promise<string> {
  return mintToken(await loadOrCreateKeys(dataDir), { roles, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) });
}

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown> & { success?: boolean; error?: { code: string; message: string; details?: { path: string; message: string }[] } };
}

export function apiClient(url: string) {
  return async (method: string, route: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${url}${route}`, {
      method,
      headers,
      ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as ApiResponse['body'] };
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
