import type middy from '@middy/core';
import { ROUTES, routeKey } from '#catalog/routes.ts';
import type { AuditedWrite } from '#domain/kernel/audit.ts';
import { groupsOf } from './claims.ts';
import type { HttpEvent, HttpResult } from './api.ts';

/** Where the audit middleware records writes (the audit log, wired per function). */
export interface AuditRecorder {
  record(facts: AuditedWrite): Promise<unknown>;
}

const ROUTE_BY_KEY = new Map(ROUTES.map((r) => [routeKey(r), r]));

/** What a write was about: path parameters, and the model, rule or silence named in its query or body. */
function targetOf(event: HttpEvent): string {
  const parts = Object.entries(event.pathParameters ?? {}).map(([k, v]) => `${k}=${v ?? ''}`);
  for (const key of ['model_name', 'name']) {
    const fromQuery = event.queryStringParameters?.[key];
    if (fromQuery !== undefined) parts.push(`${key}=${fromQuery}`);
  }
  if (typeof event.body === 'string' && event.body.length <= 1_000_000 && !event.isBase64Encoded) {
    try {
      const body = JSON.parse(event.body) as unknown;
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        const name = (body as Record<string, unknown>).model_name;
        if (typeof name === 'string') parts.push(`model_name=${name}`);
      }
    } catch {
      /* not JSON (YAML rules): the route says enough */
    }
  }
  return parts.join(', ').slice(0, 500);
}

/**
 * Records every control-plane write (any method but GET, on routes not marked `dataPlane`) in the
 * audit log once it is answered: who, what, when, the request id and the outcome, rejected and
 * failed writes included. A failure to record is logged; the caller's answer stands.
 */
export function auditWrites(
  recorder: AuditRecorder,
  logger: { error(message: string, ...extra: unknown[]): void },
): middy.MiddlewareObj<HttpEvent, HttpResult> {
  const write = async (request: middy.Request<HttpEvent, HttpResult>): Promise<void> => {
    const { event } = request;
    const route = ROUTE_BY_KEY.get(event.routeKey);
    if (route === undefined || route.method === 'GET' || route.dataPlane === true) return;
    const status =
      typeof request.response?.statusCode === 'number' ? request.response.statusCode : request.error ? 500 : 200;
    // Typed as always there; absent at run time on a route without the authorizer.
    const claims = (event.requestContext as { authorizer?: { jwt: { claims: Record<string, unknown> } } }).authorizer
      ?.jwt.claims;
    try {
      await recorder.record({
        at: new Date().toISOString(),
        subject: typeof claims?.sub === 'string' ? claims.sub : 'anonymous',
        roles: groupsOf(claims),
        route: route.id,
        method: route.method,
        path: event.rawPath,
        target: targetOf(event),
        request_id: event.requestContext.requestId,
        status,
        outcome: status < 400 ? 'success' : status < 500 ? 'rejected' : 'failed',
      });
    } catch (error) {
      logger.error('could not record the audit entry', { error, route: route.id });
    }
  };
  return { after: write, onError: write };
}
