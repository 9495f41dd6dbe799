import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStackProcess, type RunningStack } from '#local/child.ts';
import { loadOrCreateKeys, mintToken } from '#local/auth.ts';
import { matchPath, ROLES, ROUTES, type Role, type RouteId } from '#catalog/routes.ts';
import { ROUTE_CONTRACTS } from '#contracts/api.ts';
import { errorResponseSchema } from '#contracts/responses.schema.ts';

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
  /** The route the request matched in the route table, if any. */
  readonly route?: RouteId;
  readonly body: Record<string, unknown> & {
    success?: boolean;
    error?: { code: string; message: string; details?: { path: string; message: string }[] };
  };
}

/** The route id a request (path and query) matches, as the gateway matches it. */
function routeOf(method: string, target: string): RouteId | undefined {
  const pathname = new URL(target, 'http://localhost').pathname;
  try {
    return ROUTES.find((r) => r.method === method && matchPath(r.path, pathname) !== undefined)?.id;
  } catch {
    return undefined; // a malformed percent escape matches no route
  }
}

/**
 * Every response through the e2e client is checked against its contract: a JSON success body
 * against the route's response schema, an error body against the error schema.
 */
function assertContract(route: RouteId | undefined, res: Response, body: unknown): void {
  const json = (res.headers.get('content-type') ?? '').includes('json');
  if (!json) return;
  const schema =
    res.ok && route !== undefined ? ROUTE_CONTRACTS[route].response : res.ok ? undefined : errorResponseSchema;
  if (schema === undefined) return;
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new Error(
      `response of ${route ?? 'unknown route'} (${res.status}) breaks its contract: ${JSON.stringify(result.error.issues.slice(0, 3))}`,
    );
  }
}

export function apiClient(url: string) {
  return async (
    method: string,
    target: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${url}${target}`, {
      method,
      headers,
      ...(options.rawBody !== undefined
        ? { body: options.rawBody }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await res.text();
    const body = (text === '' ? {} : JSON.parse(text)) as ApiResponse['body'];
    const route = routeOf(method, target);
    assertContract(route, res, body);
    return { status: res.status, body, ...(route !== undefined ? { route } : {}) };
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

/**
 * One stack (without throttling) for the enclosing describe block: started before its tests,
 * stopped after them. `api()` and `token()` talk to it.
 */
export function stackForSuite(extraArgs: readonly string[] = ['--no-throttle']) {
  let running: RunningStack | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = newDataDir();
    running = await startStack(dir, extraArgs);
  });
  afterAll(async () => {
    await running?.stop();
  });
  const current = (): RunningStack => {
    if (running === undefined) throw new Error('the suite stack has not started');
    return running;
  };
  return {
    url: () => current().url,
    api: () => apiClient(current().url),
    token: (roles: readonly Role[]) => tokenFor(dir, roles),
  };
}
