import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON response. */
export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

/** A success response in the seed's envelope: `{ success: true, ...body }`. */
export function ok(body: Record<string, unknown>, statusCode = 200): APIGatewayProxyStructuredResultV2 {
  return json(statusCode, { success: true, ...body });
}
