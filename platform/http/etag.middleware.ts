import type middy from '@middy/core';
import { createHash } from 'node:crypto';
import type { HttpEvent, HttpResult } from './api.ts';

/** A strong validator of a body: the first 16 bytes of its SHA-256, base64url. */
export const etagOf = (body: string): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

/**
 * Conditional GETs, so a dashboard polling every few seconds costs a 304 without a body when
 * nothing changed: every successful GET answer gets an `ETag`, and a request whose
 * `If-None-Match` names it gets `304 Not Modified`. The handler still runs (the body is what is
 * compared); the saving is the transfer and the client's re-render.
 */
export function conditionalGet(): middy.MiddlewareObj<HttpEvent, HttpResult> {
  return {
    after: (request) => {
      const { event, response } = request;
      if (event.requestContext.http.method !== 'GET' || response === null || typeof response !== 'object') return;
      if ((response.statusCode ?? 200) !== 200 || typeof response.body !== 'string') return;
      const etag = etagOf(response.body);
      const headers = { ...(response.headers ?? {}), etag, 'cache-control': 'no-cache' };
      const wanted = event.headers['if-none-match'];
      const matches =
        wanted !== undefined &&
        wanted
          .split(',')
          .map((t) => t.trim().replace(/^W\//, ''))
          .some((t) => t === etag || t === '*');
      request.response = matches ? { statusCode: 304, headers } : { ...response, headers };
    },
  };
}
