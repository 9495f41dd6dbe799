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
