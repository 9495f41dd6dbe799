import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ROUTE_TABLE, type FunctionKey, type RouteId, type RouteIdOf } from '#catalog/routes.ts';
import type { ResponseBody } from '#contracts/api.ts';
import {
  captureLambdaHandler,
  injectLambdaContext,
  loggerFor,
  logMetrics,
  metrics,
  tracer,
} from '../observability/index.ts';
import { auditWrites, type AuditRecorder } from './audit.middleware.ts';
import { authorizeRoute } from './authorize.middleware.ts';
import { conditionalGet } from './etag.middleware.ts';
import { httpErrors } from './errors.middleware.ts';
import type { Reply } from './response.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The handler of one route: it returns the body the route's response schema describes. */
export type RouteHandler<K extends RouteId> = (event: HttpEvent) => Promise<Reply<ResponseBody<K>>>;

/** Exactly one handler per route of the function, keyed by route id. */
export type RouteHandlers<F extends FunctionKey> = { readonly [K in RouteIdOf<F>]: RouteHandler<K> };

/**
 * The HTTP function of catalog entry `fn`: its routes come from the route table, its handlers
 * are keyed by route id. The middleware order every HTTP function shares: observability first,
 * then header normalisation, conditional GETs (ETag / 304), the error mapper (its onError sees everything after it), the role
 * check from the route table, and the router last.
 *
 * @example
 * export const handler = createHttpApi('health', { health: async () => ok({ status: 'ok' }) });
 */
export function createHttpApi<F extends FunctionKey>(
  fn: F,
  handlers: RouteHandlers<F>,
  options: { readonly audit?: AuditRecorder } = {},
) {
  const routes = (Object.entries(handlers) as [RouteId, (event: HttpEvent) => Promise<HttpResult>][]).map(
    ([id, handler]) => {
      const route = ROUTE_TABLE[id];
      if (route.function !== fn) throw new Error(`route ${id} belongs to ${route.function}, not ${fn}`);
      return { method: route.method, path: route.path, handler };
    },
  );
  const logger = loggerFor(fn);
  const api = middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    // Responses are not captured into the trace: a list can exceed X-Ray's 64 KB segment
    // limit (the segment would be dropped), and bodies may carry client data.
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(httpHeaderNormalizer());
  // Outside the error mapper, so its onError sees the mapped answer (the status it records).
  if (options.audit !== undefined) api.use(auditWrites(options.audit, logger));
  return api
    .use(conditionalGet())
    .use(httpErrors(logger))
    .use(authorizeRoute())
    .handler(httpRouterHandler<HttpEvent, HttpResult>(routes));
}
