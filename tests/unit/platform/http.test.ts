import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { groupsOf } from '#platform/http/claims.ts';
import {
  logPredictionsSchema,
  predictionItemSchema,
  thresholdsUpdateSchema,
  updateResultSchema,
} from '#contracts/monitoring.schema.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '#domain/kernel/errors.ts';
import { statusOf } from '#platform/http/errors.middleware.ts';
import { parseBody } from '#platform/http/parse.ts';
import { FUNCTIONS, ROUTES, routeKey } from '#catalog/routes.ts';

const event = (body: string | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  ({ headers, body, isBase64Encoded: false }) as unknown as APIGatewayProxyEventV2;

const valid = {
  model_name: 'churn',
  prediction_data: { input_features: { a: 1 } },
  result: { prediction: 'yes', confidence: 0.8, response_time: 0.1 },
};

describe('groupsOf', () => {
  it.each([
    ['API Gateway rendering', '[admin operator]', ['admin', 'operator']],
    ['JSON array string', '["viewer"]', ['viewer']],
    ['real array', ['ingest', 'stranger'], ['ingest']],
    ['missing claim', undefined, []],
  ])('reads groups from the %s', (_label, raw, expected) => {
    expect(groupsOf(raw === undefined ? {} : { 'cognito:groups': raw })).toEqual(expected);
  });
});

describe('parseBody', () => {
  it('returns the validated body', () => {
    expect(parseBody(event(JSON.stringify(valid)), predictionItemSchema).model_name).toBe('churn');
  });

  it.each([
    ['a missing body', event(undefined), '(body)'],
    ['malformed JSON', event('{"model_name":'), '(body)'],
    ['a non-JSON content type', event('{}', { 'content-type': 'text/plain' }), '(headers).content-type'],
  ])('rejects %s with a ValidationError naming %s', (_label, e, path) => {
    expect(() => parseBody(e, predictionItemSchema)).toThrow(ValidationError);
    expect(() => parseBody(e, predictionItemSchema)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path })] }) as Error,
    );
  });
});

describe('schemas', () => {
  it.each([
    ['confidence above 1', { ...valid, result: { ...valid.result, confidence: 1.2 } }, 'result.confidence'],
    ['negative response time', { ...valid, result: { ...valid.result, response_time: -1 } }, 'result.response_time'],
    ['missing model_name', { ...valid, model_name: undefined }, 'model_name'],
    ['wrong-typed features', { ...valid, prediction_data: { input_features: 'x' } }, 'prediction_data.input_features'],
    ['no prediction and no error', { ...valid, result: { response_time: 0.1 } }, 'result.prediction'],
    ['an unknown field', { ...valid, extra: 1 }, ''],
  ])('rejects %s at %s', (_label, body, path) => {
    const result = predictionItemSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts a failed prediction without output', () => {
    expect(predictionItemSchema.safeParse({ ...valid, result: { response_time: 2, error: 'timeout' } }).success).toBe(
      true,
    );
  });

  it('limits a batch to 500 predictions', () => {
    expect(logPredictionsSchema.safeParse({ predictions: Array.from({ length: 500 }, () => valid) }).success).toBe(
      true,
    );
    expect(logPredictionsSchema.safeParse({ predictions: Array.from({ length: 501 }, () => valid) }).success).toBe(
      false,
    );
  });

  it('needs exactly one actual value', () => {
    expect(updateResultSchema.safeParse({ prediction_id: 'p', actual_result: { y: 1 } }).success).toBe(true);
    expect(updateResultSchema.safeParse({ prediction_id: 'p', actual_result: {} }).success).toBe(false);
    expect(updateResultSchema.safeParse({ prediction_id: 'p', actual_result: { y: 1, z: 2 } }).success).toBe(false);
  });

  it('checks threshold ranges', () => {
    expect(thresholdsUpdateSchema.safeParse({ accuracy_threshold: 1.5 }).success).toBe(false);
    expect(thresholdsUpdateSchema.safeParse({ response_time_threshold: 0 }).success).toBe(false);
    expect(thresholdsUpdateSchema.safeParse({}).success).toBe(false);
    expect(thresholdsUpdateSchema.safeParse({ drift_threshold: 0.15 }).success).toBe(true);
  });
});

describe('statusOf', () => {
  it('maps each error class to its status and anything else to 500', () => {
    expect(statusOf(new ValidationError('x'))).toBe(400);
    expect(statusOf(new UnauthorizedError())).toBe(401);
    expect(statusOf(new ForbiddenError('x'))).toBe(403);
    expect(statusOf(new NotFoundError('x'))).toBe(404);
    expect(statusOf(new ConflictError('x'))).toBe(409);
    expect(statusOf(new Error('boom'))).toBe(500);
    expect(statusOf(Object.assign(new Error('route'), { statusCode: 404 }))).toBe(404);
  });
});

describe('route table', () => {
  it('has unique route keys that point at known functions', () => {
    const keys = ROUTES.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of ROUTES) expect(Object.keys(FUNCTIONS)).toContain(r.function);
  });

  it('leaves only the health route and the API document public', () => {
    expect(ROUTES.filter((r) => r.roles === undefined).map((r) => r.path)).toEqual([
      '/api/v1/aiops/health',
      '/api/v1/aiops/openapi.json',
    ]);
  });
});

describe('parseBody bounds on input_features and numbers', () => {
  /** JSON text nested `depth` levels, built as text (JSON.stringify itself would overflow at 10,000). */
  const nested = (depth: number, leaf: string, asArray = false): string =>
    (asArray ? '[' : '{"x":').repeat(depth) + leaf + (asArray ? ']' : '}').repeat(depth);
  const withFeatures = (featuresJson: string) =>
    event(
      `{"model_name":"m","prediction_data":{"input_features":${featuresJson}},"result":{"prediction":"yes","response_time":0.1}}`,
    );
  const issuePath = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ValidationError) return (error.details as { path: string; message: string }[])[0];
      throw error;
    }
    return undefined;
  };

  it.each([
    ['an object nested 1,500 deep', nested(1500, '1'), 'nested deeper than 8 levels'],
    ['arrays nested 1,000 deep', `{"a":${nested(1000, '1', true)}}`, 'nested deeper than 8 levels'],
    ['an object nested 10,000 deep', nested(10_000, '1'), 'nested deeper than 8 levels'],
    [
      '3,000 keys',
      JSON.stringify(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]))),
      'more than 2000 keys',
    ],
    ['a 5,000-character string', JSON.stringify({ s: 'x'.repeat(5000) }), 'longer than 4096 characters'],
    ['a number below 1e-130', '{"tiny":1e-320}', 'between 1e-130 and 1e126'],
    ['a number of 1e126 or more', '{"huge":1e308}', 'between 1e-130 and 1e126'],
  ])('answers a 400 naming the limit for %s', (_label, features, message) => {
    // Act
    const issue = issuePath(() => parseBody(withFeatures(features), predictionItemSchema));

    // Assess
    expect(issue?.path).toBe('prediction_data.input_features');
    expect(issue?.message).toContain(message);
  });

  it('rejects Infinity (1e999 in JSON) and numbers DynamoDB cannot hold as prediction or outcome', () => {
    // Act / Assess
    expect(
      issuePath(() =>
        parseBody(
          event(
            '{"model_name":"m","prediction_data":{"input_features":{}},"result":{"prediction":1e999,"response_time":0.1}}',
          ),
          predictionItemSchema,
        ),
      )?.path,
    ).toBe('result.prediction');
    expect(
      issuePath(() => parseBody(event('{"prediction_id":"p","actual_result":{"y":1e-320}}'), updateResultSchema))?.path,
    ).toBe('actual_result.y');
    expect(
      issuePath(() =>
        parseBody(
          event(
            '{"model_name":"m","prediction_data":{"input_features":{}},"result":{"prediction":1,"response_time":1e-320}}',
          ),
          predictionItemSchema,
        ),
      )?.path,
    ).toBe('result.response_time');
  });

  it('accepts every number DynamoDB can hold, beyond 2^53 too', () => {
    // Act
    const parsed = parseBody(
      withFeatures(`{"big":1e20,"bigger":1.5e125,"small":1e-130,"zero":0,"deep":${nested(7, '-3.5')}}`),
      predictionItemSchema,
    );

    // Assess
    expect(parsed.prediction_data.input_features.big).toBe(1e20);
    expect(parsed.prediction_data.input_features.bigger).toBe(1.5e125);
  });
});
