import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchPath, ROUTES, routeKey, type FunctionKey, type RouteSpec } from '#catalog/routes.ts';
import { toGatewayClaims, verifyToken, type LocalKeys } from './auth.ts';

export type HttpHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Token bucket per route, like the stage's route-level throttling. */
class TokenBucket {
  private tokens: number;
  private last = Date.now();
  public constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  public take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export function lambdaContext(functionName: string, timeoutMs = 29_000): Context {
  const deadline = Date.now() + timeoutMs;
  // The deprecated callback methods (done/fail/succeed) are left out: no handler here uses them.
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } satisfies Omit<Context, 'done' | 'fail' | 'succeed'>;
  return context as Context;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const failure = (code: string, message: string) => ({ success: false, error: { code, message } });

/**
 * Reads the body; past the limit it keeps reading without keeping anything, so the client can
 * finish sending and receive the 413 (stopping early destroyed the socket: a connection reset).
 */
async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks);
}

/** The web console the gateway serves at `/`, like CloudFront in front of the S3 bucket in AWS. */
export interface SiteOptions {
  /** The built console (web/build.ts). */
  readonly dir: string;
  /** Tokens per role the sign-in page offers (local stack only; the gateway listens on loopback). */
  readonly tokens?: Readonly<Record<string, string>>;
}

/** The headers CloudFront's response headers policy adds (infra/constructs/web-console.ts). */
export const SITE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** Answers a GET for the console; false when the path is not one of its files. */
async function serveSite(site: SiteOptions, pathname: string, res: ServerResponse): Promise<boolean> {
  if (pathname === '/local/tokens' && site.tokens !== undefined) {
    send(res, 200, { tokens: site.tokens }, { 'cache-control': 'no-store' });
    return true;
  }
  if (pathname === '/config.json') {
    send(res, 200, { mode: 'local', apiUrl: '' }, { 'cache-control': 'no-store' });
    return true;
  }
  const name = pathname === '/' ? 'index.html' : pathname.slice(1);
  // Only the flat files the build writes: no directories, no dot segments.
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return false;
  let body: Buffer;
  try {
    body = await readFile(path.join(site.dir, name));
  } catch {
    return false;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
    'content-length': body.length,
    // Built names carry a content hash; index.html names them, so it is never cached.
    'cache-control': name === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...SITE_SECURITY_HEADERS,
  });
  res.end(body);
  return true;
}

export interface GatewayOptions {
  readonly port: number;
  readonly host?: string;
  readonly keys: LocalKeys;
  readonly handlers: Record<FunctionKey, HttpHandler | undefined>;
  /** Turn route throttling off (benchmarks measure the stack, not the limits). @default true */
  readonly throttle?: boolean;
  /** Serve the web console at `/`. */
  readonly site?: SiteOptions;
}

/**
 * A local stand-in for the HTTP API: matches the shared route table, checks bearer JWTs like
 * the Cognito JWT authorizer (signature, issuer, audience, expiry), applies route throttling,
 * and calls the very handlers deployed to Lambda with an API Gateway v2 event.
 */
export async function startGateway(
  options: GatewayOptions,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const buckets = new Map<string, TokenBucket>(
    ROUTES.map((r) => [routeKey(r), new TokenBucket(r.throttle.rate, r.throttle.burst)]),
  );
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('gateway error', error);
      if (!res.headersSent) send(res, 500, failure('INTERNAL_ERROR', 'gateway error'));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    let candidates: { route: (typeof ROUTES)[number]; params: Record<string, string> }[];
    try {
      candidates = ROUTES.flatMap((r) => {
        const params = matchPath(r.path, url.pathname);
        return params === undefined ? [] : [{ route: r, params }];
      });
    } catch (error) {
      // decodeURIComponent of a path parameter such as `%ZZ` or a lone `%`.
      if (!(error instanceof URIError)) throw error;
      send(res, 400, failure('BAD_REQUEST', `malformed percent-encoding in the path ${url.pathname}`));
      return;
    }
    const match = candidates.find((c) => c.route.method === method);
    const route: RouteSpec | undefined = match?.route;
    if (
      route === undefined &&
      candidates.length === 0 &&
      method === 'GET' &&
      options.site !== undefined &&
      !url.pathname.startsWith('/api/') &&
      (await serveSite(options.site, url.pathname, res))
    )
      return;
    if (route === undefined) {
      if (candidates.length > 0)
        send(res, 405, failure('METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`));
      else send(res, 404, failure('NOT_FOUND', `no route for ${method} ${url.pathname}`));
      return;
    }
    let claims: Record<string, string | number | boolean | string[]> | undefined;
    if (route.roles !== undefined) {
      const header = req.headers.authorization ?? '';
      const bearer = /^Bearer\s+(.+)$/i.exec(header);
      const payload = bearer?.[1] === undefined ? undefined : await verifyToken(options.keys, bearer[1].trim());
      if (payload === undefined) {
        send(res, 401, failure('UNAUTHORIZED', bearer === null ? 'missing bearer token' : 'invalid or expired token'));
        return;
      }
      claims = toGatewayClaims(payload);
    }
    // Throttling comes after the token check: anonymous or forged requests must not use up the
    // bucket that authenticated callers share.
    if (options.throttle !== false && buckets.get(routeKey(route))?.take() === false) {
      send(res, 429, failure('TOO_MANY_REQUESTS', 'route throttled'), { 'retry-after': '1' });
      return;
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      send(res, 413, failure('PAYLOAD_TOO_LARGE', `request bodies are limited to ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const handler = options.handlers[route.function];
    if (handler === undefined) {
      send(res, 502, failure('BAD_GATEWAY', `no handler loaded for ${route.function}`));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]),
    );
    const query = url.searchParams.size > 0 ? Object.fromEntries(url.searchParams.entries()) : undefined;
    const requestId = randomUUID();
    const event = {
      version: '2.0',
      routeKey: routeKey(route),
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(query !== undefined ? { queryStringParameters: query } : {}),
      ...(match !== undefined && Object.keys(match.params).length > 0 ? { pathParameters: match.params } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: routeKey(route),
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
        ...(claims !== undefined
          ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } }
          : {}),
      },
      ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
    const result = await handler(event, lambdaContext(route.function));
    const responseHeaders = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const payload =
      result.isBase64Encoded === true && result.body !== undefined
        ? Buffer.from(result.body, 'base64')
        : Buffer.from(result.body ?? '');
    res.writeHead(result.statusCode ?? 200, {
      'apigw-requestid': requestId,
      ...responseHeaders,
      'content-length': payload.length,
    });
    res.end(payload);
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  server.keepAliveTimeout = 30_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    // Finish in-flight requests (up to 5 s), then cut whatever is left.
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
        }, 5000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
