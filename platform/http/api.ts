import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  captureLambdaHandler,
  injectLambdaContext,
  logger,
  logMetrics,
  metrics,
  tracer,
} from '#platform/observability/index.ts';
import type { HttpMethod } from '#catalog/routes.ts';
import { authorizeRoute } from './authorize.middleware.ts';
import { httpErrors } from './errors.middleware.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface HttpRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: (event: HttpEvent) => Promise<HttpResult>;
}

/**
 * The middleware order every HTTP function shares: observability first, then header
 * normalisation, the error mapper (its onError sees everything after it), the role check from
 * the route table, and the router last.
 */
export function createHttpApi(routes: readonly HttpRoute[]) {
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(captureLambdaHandler(tracer))
    .use(httpHeaderNormalizer())
    .use(httpErrors(logger))
    .use(authorizeRoute())
    .handler(
      httpRouterHandler<HttpEvent, HttpResult>(
        routes.map((r) => ({ method: r.method, path: r.path, handler: r.handler })),
      ),
    );
}
