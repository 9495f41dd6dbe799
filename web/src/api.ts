import type { ResponseBody } from '../../contracts/api.ts';
import type { RouteId } from '../../catalog/routes.ts';

/** What a route answers, from the contracts the API validates with (no hand-copied types). */
export type Body<K extends RouteId> = ResponseBody<K>;

/** The API could not be reached at all (network error or a gateway answering 5xx). */
export class Unreachable extends Error {}

/** The API answered with an error; `message` is its own (it names what was wrong). */
export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface Api {
  get<K extends RouteId>(path: string): Promise<Body<K>>;
  send<K extends RouteId>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<Body<K>>;
  /** A raw GET (text such as YAML or CSV). */
  text(path: string, accept: string): Promise<string>;
}

/**
 * A client of the platform's HTTP API. GETs are conditional: the last ETag of each path is sent
 * as `If-None-Match`, and a 304 answers from the copy kept, so polling an unchanged page costs
 * no body and no re-render (the same object comes back).
 */
export function createApi(base: string, token: () => string | undefined, onUnauthorized: () => void): Api {
  const cache = new Map<string, { etag: string; body: unknown }>();

  async function request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    const t = token();
    if (t !== undefined) headers.authorization = `Bearer ${t}`;
    let res: Response;
    try {
      res = await fetch(base + path, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    } catch {
      throw new Unreachable(`the API at ${base || location.origin} cannot be reached`);
    }
    if (res.status === 401) onUnauthorized();
    if (res.status >= 502) throw new Unreachable(`the API answered ${res.status}`);
    return res;
  }

  async function fail(res: Response): Promise<never> {
    let body: { error?: { code?: string; message?: string; details?: unknown } } = {};
    try {
      body = (await res.json()) as typeof body;
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiError(
      res.status,
      body.error?.code ?? 'ERROR',
      body.error?.message ?? res.statusText,
      body.error?.details,
    );
  }

  return {
    async get<K extends RouteId>(path: string): Promise<Body<K>> {
      const kept = cache.get(path);
      const res = await request('GET', path, kept !== undefined ? { headers: { 'if-none-match': kept.etag } } : {});
      if (res.status === 304 && kept !== undefined) return kept.body as Body<K>;
      if (!res.ok) return fail(res);
      const body = (await res.json()) as Body<K>;
      const etag = res.headers.get('etag');
      if (etag !== null) cache.set(path, { etag, body });
      return body;
    },
    async send<K extends RouteId>(
      method: 'POST' | 'PUT' | 'DELETE',
      path: string,
      body?: unknown,
      contentType = 'application/json',
    ) {
      const res = await request(method, path, {
        headers: { 'content-type': contentType },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      if (!res.ok) return fail(res);
      return (await res.json()) as Body<K>;
    },
    async text(path: string, accept: string): Promise<string> {
      const res = await request('GET', path, { headers: { accept } });
      if (!res.ok) return fail(res);
      return res.text();
    },
  };
}
