import { UnavailableError } from '#domain/kernel/errors.ts';
import { checkDependencies } from '#platform/http/health.ts';

describe('checkDependencies', () => {
  it('answers ok for each dependency that answers', async () => {
    await expect(checkDependencies({ dynamodb: () => Promise.resolve({}) }, 100)).resolves.toEqual({ dynamodb: 'ok' });
  });

  it('answers 503 naming a dependency that fails or hangs', async () => {
    const error = await checkDependencies(
      {
        dynamodb: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:4567')),
        sqs: () => new Promise(() => undefined),
        s3: () => Promise.resolve(),
      },
      50,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).message).toBe('degraded: dynamodb, sqs unavailable');
    expect((error as UnavailableError).details).toEqual([
      { path: 'dynamodb', message: 'connect ECONNREFUSED 127.0.0.1:4567' },
      { path: 'sqs', message: 'no answer within 50 ms' },
    ]);
  });
});
