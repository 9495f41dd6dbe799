import { readFileSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { httpProbeChecker } from '#adapters/http/probe-checker.adapter.ts';
import type { ProbeSpec } from '#domain/services/probes.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures');

const spec = (url: string, over: Partial<ProbeSpec> = {}): ProbeSpec => ({
  name: 'local',
  url,
  method: 'GET',
  interval_seconds: 10,
  timeout_seconds: 1,
  expect: { status: 200, max_response_time: 1, body_contains: 'healthy' },
  retries: 1,
  ...over,
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The probe checker against real local HTTP and HTTPS servers (self-signed, ten-year certificate). */
describe('httpProbeChecker', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('reports the status, the body and the time of an HTTP answer', async () => {
    const server = createHttp((req, res) => {
      res.writeHead(req.url === '/health' ? 200 : 404).end(req.url === '/health' ? 'all healthy' : 'no');
    });
    servers.push(server);
    const host = await listen(server);

    const ok = await httpProbeChecker.check(spec(`http://${host}/health`));
    const missing = await httpProbeChecker.check(spec(`http://${host}/nope`));

    expect(ok).toMatchObject({ status: 200, body: 'all healthy', error: null, tls_days_left: null });
    expect(ok.latency_ms).toBeLessThan(1000);
    expect(missing).toMatchObject({ status: 404, body: 'no' });
  });

  it('reports the days left on the certificate of an HTTPS endpoint, self-signed included', async () => {
    const server = createHttps(
      {
        key: readFileSync(path.join(FIXTURES, 'probe-tls.key')),
        cert: readFileSync(path.join(FIXTURES, 'probe-tls.crt')),
      },
      (_req, res) => res.writeHead(200).end('healthy'),
    );
    servers.push(server);
    const host = await listen(server);

    const out = await httpProbeChecker.check(spec(`https://${host}/`));

    const expected = Math.floor((Date.parse('2036-11-21T02:06:47Z') - Date.now()) / 86_400_000);
    expect(out).toMatchObject({ status: 200, error: null });
    expect(out.tls_days_left).toBe(expected);
  });

  it('turns a refused connection and a timeout into outcomes, not exceptions', async () => {
    const slow = createHttp(() => undefined); // never answers
    servers.push(slow);
    const host = await listen(slow);
    const closed = createHttp();
    const closedHost = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));

    const refused = await httpProbeChecker.check(spec(`http://${closedHost}/`));
    const timedOut = await httpProbeChecker.check(spec(`http://${host}/`, { timeout_seconds: 1 }));

    expect(refused).toMatchObject({ status: null, error: expect.stringMatching(/^ECONNREFUSED/) as unknown });
    expect(timedOut).toMatchObject({ status: null, error: expect.stringMatching(/no answer within 1 s/) as unknown });
    expect(timedOut.latency_ms).toBeGreaterThanOrEqual(950);
  });
});
