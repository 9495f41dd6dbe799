import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { groupsOf } from './claims.ts';
import { ForbiddenError, UnauthorizedError } from '#domain/kernel/errors.ts';
import { findRoute } from '#catalog/routes.ts';

/**
 * Role check from the route table. The HTTP API's JWT authorizer has already verified the
 * token (issuer, audience, expiry); this checks its `cognito:groups` against the route's roles.
 */
export function authorizeRoute(): middy.MiddlewareObj<
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2
> {
  return {
    before: (request) => {
      const route = findRoute(request.event.routeKey);
      if (route?.roles === undefined) return;
      const claims = (
        request.event.requestContext as Partial<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']>
      ).authorizer?.jwt.claims;
      if (claims === undefined) throw new UnauthorizedError();
      const groups = groupsOf(claims);
      if (!groups.some((g) => route.roles?.includes(g))) {
        throw new ForbiddenError(
          `this route needs one of the roles ${route.roles.join(', ')}; the token has ${groups.join(', ') || 'none'}`,
        );
      }
    },
  };
}
