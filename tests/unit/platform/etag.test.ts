import type middy from '@middy/core';
import { conditionalGet, etagOf } from '#platform/http/etag.middleware.ts';
import type { HttpEvent, HttpResult } from '#platform/http/api.ts';

function run(method: string, response: HttpResult, ifNoneMatch?: string): HttpResult {
  const request = {
    event: {
      requestContext: { http: { method } },
      headers: ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch },
    },
    response,
  } as unknown as middy.Request<HttpEvent, HttpResult>;
  void conditionalGet().after?.(request);
  return request.response as HttpResult;
}

describe('conditional GETs', () => {
  const body = JSON.stringify({ success: true, n: 1 });
  const ok: HttpResult = { statusCode: 200, headers: { 'content-type': 'application/json' }, body };

  it('tags a successful GET with the hash of its body and asks caches to revalidate', () => {
    const out = run('GET', ok);
    expect(out.headers?.etag).toBe(etagOf(body));
    expect(out.headers?.['cache-control']).toBe('no-cache');
    expect(out.body).toBe(body);
    expect(etagOf(body)).not.toBe(etagOf(JSON.stringify({ success: true, n: 2 })));
  });

  it('answers 304 without a body when If-None-Match names the tag, weak, listed or as *', () => {
    for (const header of [etagOf(body), `W/${etagOf(body)}`, `"other", ${etagOf(body)}`, '*']) {
      const out = run('GET', ok, header);
      expect(out.statusCode, header).toBe(304);
      expect(out.body, header).toBeUndefined();
      expect(out.headers?.etag).toBe(etagOf(body));
    }
    expect(run('GET', ok, '"other"').statusCode).toBe(200);
  });

  it('leaves writes and errors alone', () => {
    expect(run('PUT', ok, '*')).toBe(ok);
    const notFound: HttpResult = { statusCode: 404, body: '{}' };
    expect(run('GET', notFound, '*')).toBe(notFound);
  });
});
