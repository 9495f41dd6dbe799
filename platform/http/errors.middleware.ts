import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  AppError,
  BudgetExceededError,
  UpstreamError,
  ConflictError,
  ForbiddenError,
  InsufficientDataError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '#domain/kernel/errors.ts';
import { json } from './response.ts';

/** Status per error class; the only place errors become HTTP statuses. */
const STATUS: readonly [new (...args: never[]) => AppError, number][] = [
  [ValidationError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [InsufficientDataError, 422],
  [PayloadTooLargeError, 413],
  [TooManyRequestsError, 429],
  [BudgetExceededError, 429],
  [UpstreamError, 502],
  [UnavailableError, 503],
];

export function statusOf(error: unknown): number {
  for (const [type, status] of STATUS) if (error instanceof type) return status;
  // middy's router throws errors carrying statusCode (404/405) for unknown routes.
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/**
 * Turns any error into the platform's error body `{ success: false, error: { code, message, details? } }`.
 * Errors below 500, 502 (a provider failed; the message names it, never its key) and 503 are exposed; anything else is logged and answered with a generic 500 that
 * carries the request id, so internals never leak.
 */
export function httpErrors(logger: {
  error(message: string, ...extra: unknown[]): void;
}): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const error = request.error;
      const status = statusOf(error);
      if (status >= 500 && status !== 503 && status !== 502) {
        logger.error('unhandled error', { error });
        request.response = json(500, {
          success: false,
          error: { code: 'INTERNAL_ERROR', message: `internal error; request id ${request.context.awsRequestId}` },
        });
        return;
      }
      const code =
        error instanceof AppError
          ? error.code
          : status === 404
            ? // middy's router: the function has no handler for the route (distinct from a domain 404).
              'ROUTE_NOT_FOUND'
            : status === 405
              ? 'METHOD_NOT_ALLOWED'
              : 'BAD_REQUEST';
      const details = error instanceof AppError ? error.details : undefined;
      request.response = json(status, {
        success: false,
        error: { code, message: error?.message ?? 'request failed', ...(details !== undefined ? { details } : {}) },
      });
    },
  };
}
