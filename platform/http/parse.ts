import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ValidationError } from '#domain/kernel/errors.ts';

/** One validation problem: a dotted field path and what is wrong with it. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export function issuesOf(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function validate<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = issuesOf(result.error);
    const first = issues[0];
    throw new ValidationError(`invalid ${what}: ${first ? `${first.path}: ${first.message}` : 'rejected'}`, {
      details: issues,
    });
  }
  return result.data;
}

/**
 * Parses and validates a JSON body. Missing, malformed or wrongly typed bodies are a 400 that
 * names what is wrong; nothing downstream runs.
 *
 * @example
 * const input = parseBody(event, updateResultSchema);
 */
export function parseBody<S extends z.ZodMiniType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  const raw =
    event.isBase64Encoded && event.body !== undefined ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (raw === undefined || raw.trim() === '')
    throw new ValidationError('a JSON request body is required', { details: [{ path: '(body)', message: 'missing' }] });
  const contentType = event.headers['content-type'] ?? event.headers['Content-Type'];
  if (contentType !== undefined && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new ValidationError(`content-type must be application/json, got '${contentType}'`, {
      details: [{ path: '(headers).content-type', message: 'expected application/json' }],
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    throw new ValidationError(`malformed JSON: ${(error as Error).message}`, {
      details: [{ path: '(body)', message: 'malformed JSON' }],
      cause: error,
    });
  }
  return validate(schema, body, 'request body');
}

/** Validates the query string (absent parameters are undefined). */
export function parseQuery<S extends z.ZodMiniType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  return validate(schema, event.queryStringParameters ?? {}, 'query');
}

/** The raw request body as text (for YAML uploads); 400 when missing. */
export function rawBody(event: APIGatewayProxyEventV2): string {
  const raw =
    event.isBase64Encoded && event.body !== undefined ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (raw === undefined || raw.trim() === '')
    throw new ValidationError('a request body is required', { details: [{ path: '(body)', message: 'missing' }] });
  return raw;
}

/** True when the request says its body is YAML. */
export function isYaml(event: APIGatewayProxyEventV2): boolean {
  return /^(application|text)\/(x-)?yaml\b/i.test(event.headers['content-type'] ?? '');
}

/** Validates path parameters. */
export function parsePath<S extends z.ZodMiniType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  return validate(schema, event.pathParameters ?? {}, 'path');
}

/** Who is calling, from the verified JWT claims (for audit fields such as acked_by). */
export function callerOf(event: APIGatewayProxyEventV2): string {
  const claims =
    (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims ??
    {};
  const name = claims['cognito:username'] ?? claims.username ?? claims.sub;
  return typeof name === 'string' && name !== '' ? name : 'unknown';
}
