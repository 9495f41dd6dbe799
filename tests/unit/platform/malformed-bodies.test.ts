import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { ROUTES } from '#catalog/routes.ts';
import { ROUTE_CONTRACTS, type RouteContract } from '#contracts/api.ts';
import { ValidationError } from '#domain/kernel/errors.ts';
import { parseBody } from '#platform/http/parse.ts';

const event = (body: string) =>
  ({
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

/** Every route that takes a JSON body, with its body schema. */
const writeRoutes = ROUTES.flatMap((r) => {
  const body = (ROUTE_CONTRACTS[r.id] as RouteContract).body;
  return body === undefined ? [] : [[r.id, body] as const];
});

/** Any JSON text, including deep nesting, huge and tiny numbers, and long strings. */
const anyJsonText = fc.oneof(
  fc.json({ depthSize: 'large' }),
  fc.jsonValue().map((v) => JSON.stringify({ prediction_data: { input_features: v } })),
  // Near-valid predictions with one part replaced by anything.
  fc.jsonValue().map((v) =>
    JSON.stringify({
      model_name: 'm',
      prediction_data: { input_features: { a: v } },
      result: { prediction: v, response_time: 0.1 },
    }),
  ),
  fc.integer({ min: 1, max: 12_000 }).map((d) => '{"x":'.repeat(d) + '1' + '}'.repeat(d)),
  fc.constantFrom('1e999', '-1e999', '1e-320', '{"a":1e308}', '[]', 'null', '""', '{}'),
);

describe('request schemas against generated bodies', () => {
  it('found the write routes', () => {
    expect(writeRoutes.length).toBeGreaterThan(10);
  });

  it.each(writeRoutes)(
    '%s either accepts a body or rejects it with a ValidationError naming a field',
    (_id, schema) => {
      fc.assert(
        fc.property(anyJsonText, (text) => {
          // Act
          let failure: unknown;
          try {
            parseBody(event(text), schema);
          } catch (error) {
            failure = error;
          }

          // Assess: accepted, or a ValidationError naming a field; never a TypeError, RangeError or the like
          const details = failure instanceof ValidationError ? (failure.details as { path?: unknown }[]) : [];
          const named = typeof details[0]?.path === 'string';
          expect(failure === undefined || (failure instanceof ValidationError && named)).toBe(true);
        }),
        { numRuns: 150 },
      );
    },
  );
});
