import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { JSON_SCHEMA, load } from 'js-yaml';
import type * as z from 'zod/mini';
import { ValidationError } from '#domain/kernel/errors.ts';
import { isYaml, issuesOf, rawBody, validate, type FieldIssue } from './parse.ts';

/*
 * Documents sent as JSON or YAML (the configuration manager). Kept apart from parse.ts so that
 * functions which take only JSON do not bundle a YAML parser.
 */

/**
 * A JSON or YAML document body (by content-type), parsed but not yet validated; 400 when it is
 * missing or malformed. YAML is read with its JSON schema (no custom types, no dates).
 */
export function documentBody(event: APIGatewayProxyEventV2): unknown {
  const raw = rawBody(event);
  try {
    return isYaml(event) ? load(raw, { schema: JSON_SCHEMA }) : JSON.parse(raw);
  } catch (error) {
    const kind = isYaml(event) ? 'YAML' : 'JSON';
    throw new ValidationError(`malformed ${kind}: ${(error as Error).message.split('\n')[0] ?? ''}`, {
      details: [{ path: '(body)', message: `malformed ${kind}` }],
      cause: error,
    });
  }
}

/** Validates a document: 400 naming every problem. */
export function parseDocument<S extends z.ZodMiniType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  return validate(schema, documentBody(event), 'document');
}

/** Checks a value against a schema without throwing: the problems, by path. */
export function checkAgainst(schema: z.ZodMiniType, value: unknown): { valid: boolean; errors: FieldIssue[] } {
  const result = schema.safeParse(value);
  return result.success ? { valid: true, errors: [] } : { valid: false, errors: issuesOf(result.error) };
}
