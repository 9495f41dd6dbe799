import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

declare const BODY: unique symbol;

/**
 * An HTTP result that remembers, in its type only, the body it carries; a route's handler must
 * return the body its response schema describes (contracts/api.ts), or it does not compile.
 */
export type Reply<T> = APIGatewayProxyStructuredResultV2 & { readonly [BODY]?: T };

/** A JSON response. */
export function json<T>(statusCode: number, body: T): Reply<T> {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

/** A success response in the seed's envelope: `{ success: true, ...body }`. */
export function ok<T extends object>(body: T, statusCode = 200): Reply<{ success: true } & T> {
  return json(statusCode, { success: true as const, ...body });
}

/** A non-JSON representation of a route's resource (YAML rules); its JSON form stays the contract. */
export function text(contentType: string, body: string): Reply<never> {
  return { statusCode: 200, headers: { 'content-type': contentType }, body };
}
