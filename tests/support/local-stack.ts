import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStackProcess } from '#local/child.ts';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { ROLES, type Role } from '#catalog/routes.ts';

export type { RunningStack } from '#local/child.ts';

export const newDataDir = (): string => mkdtempSync(path.join(tmpdir(), 'aiops-e2e-'));

/** Starts the local stack as a child process, without demo traffic. */
export const startStack = (dataDir: string, extraArgs: readonly string[] = []) =>
  startStackProcess(dataDir, ['--no-demo', ...extraArgs]);

/** One token per role for the stack's data dir (the signing key is read once). */
export async function roleTokens(dataDir: string): Promise<Record<Role, string>> {
  const keys = await loadOrCreateKeys(dataDir);
  return Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await mintToken(keys, { roles: [role] })] as const)),
  ) as Record<Role, string>;
}

/** A token for the stack's data dir, as `npm run token` prints it. */
export async function tokenFor(dataDir: string, roles: readonly Role[], ttlSeconds?: number): Promise<string> {
  return mintToken(await loadOrCreateKeys(dataDir), { roles, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) });
}

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown> & {
    success?: boolean;
    error?: { code: string; message: string; details?: { path: string; message: string }[] };
  };
}

export function apiClient(url: string) {
  return async (
    method: string,
    route: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${url}${route}`, {
      method,
      headers,
      ...(options.rawBody !== undefined
        ? { body: options.rawBody }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as ApiResponse['body'] };
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
