import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TLSSocket } from 'node:tls';
import type { CheckOutcome, ProbeSpec } from '#domain/services/probes.ts';
import type { ProbeChecker } from '#domain/services/services.ports.ts';

/** The start of a body a probe looks into. */
const BODY_LIMIT = 64 * 1024;
const DAY_MS = 86_400_000;

/**
 * Checks over node's http and https, one fresh connection per check (no keep-alive, so every
 * HTTPS check sees the certificate): the status, the time to the whole answer, the days the
 * certificate has left, and connection errors as outcomes. Certificates are not verified
 * here: an expired or self-signed one is reported (days left), not a connection failure.
 */
export const httpProbeChecker: ProbeChecker = {
  check(spec: ProbeSpec): Promise<CheckOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(spec.url);
    const secure = url.protocol === 'https:';
    return new Promise<CheckOutcome>((resolve) => {
      let tlsDays: number | null = null;
      const done = (outcome: Omit<CheckOutcome, 'latency_ms' | 'tls_days_left'>) => {
        resolve({ ...outcome, latency_ms: elapsed(), tls_days_left: tlsDays });
      };
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method: spec.method,
          agent: false,
          timeout: spec.timeout_seconds * 1000,
          headers: { 'user-agent': 'aiops-probe/1', accept: '*/*' },
          ...(secure ? { rejectUnauthorized: false } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < BODY_LIMIT) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => {
            done({
              status: res.statusCode ?? null,
              error: null,
              ...(spec.expect.body_contains !== undefined
                ? { body: Buffer.concat(chunks).subarray(0, BODY_LIMIT).toString('utf8') }
                : {}),
            });
          });
          res.on('error', (error) => {
            done({ status: null, error: error.message });
          });
        },
      );
      req.on('socket', (socket) => {
        if (!secure) return;
        socket.once('secureConnect', () => {
          if (!(socket instanceof TLSSocket)) return;
          const cert = socket.getPeerCertificate();
          const validTo = Date.parse(cert.valid_to);
          if (Number.isFinite(validTo)) tlsDays = Math.floor((validTo - Date.now()) / DAY_MS);
        });
      });
      req.on('timeout', () => {
        req.destroy(new Error(`no answer within ${spec.timeout_seconds} s`));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        done({ status: null, error: error.code !== undefined ? `${error.code}: ${error.message}` : error.message });
      });
      req.end();
    });
  },
};
