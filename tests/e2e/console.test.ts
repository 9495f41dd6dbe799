import { SITE_SECURITY_HEADERS } from '#local/gateway.ts';
import { ROUTE_CONTRACTS } from '#contracts/api.ts';
import { eventually, stackForSuite } from '../support/local-stack.ts';

const MONITORING = '/api/ai/monitoring';

describe('the web console and what it reads, through the local stack', () => {
  const stack = stackForSuite();

  it('serves the console at / with the security headers CloudFront adds, and its hashed assets as immutable', async () => {
    // Act
    const page = await fetch(`${stack.url()}/`);
    const html = await page.text();
    const script = /src="\/(app-[\w]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${stack.url()}/${script ?? 'missing.js'}`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    for (const [name, value] of Object.entries(SITE_SECURITY_HEADERS)) expect(page.headers.get(name)).toBe(value);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('offers a token per role for the local sign-in, and no file outside the build', async () => {
    // Act
    const tokens = (await (await fetch(`${stack.url()}/local/tokens`)).json()) as { tokens: Record<string, string> };
    const traversal = await fetch(`${stack.url()}/..%2Fpackage.json`);
    const summary = await fetch(`${stack.url()}${MONITORING}/summary`, {
      headers: { authorization: `Bearer ${tokens.tokens.viewer ?? ''}` },
    });

    // Assess
    expect(Object.keys(tokens.tokens).sort()).toEqual(['admin', 'operator', 'viewer']);
    expect(summary.status).toBe(200);
    expect(traversal.status).toBe(404);
  });

  it('answers a repeated GET whose body did not change with 304 and no body, and a changed one with 200', async () => {
    // Prepare
    const headers = { authorization: `Bearer ${await stack.token(['admin'])}` };
    const first = await fetch(`${stack.url()}${MONITORING}/thresholds`, { headers });
    const etag = first.headers.get('etag') ?? '';

    // Act
    const again = await fetch(`${stack.url()}${MONITORING}/thresholds`, {
      headers: { ...headers, 'if-none-match': etag },
    });
    await stack.api()('PUT', `${MONITORING}/thresholds`, {
      token: headers.authorization.slice(7),
      body: { min_samples: 7 },
    });
    const changed = await fetch(`${stack.url()}${MONITORING}/thresholds`, {
      headers: { ...headers, 'if-none-match': etag },
    });

    // Assess
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('lists every model with its performance in the summary, and serves the evaluator snapshots as metric history', async () => {
    // Prepare
    const api = stack.api();
    const token = await stack.token(['admin']);
    const model = 'console_model';
    await api('POST', `${MONITORING}/log-predictions`, {
      token,
      body: {
        predictions: Array.from({ length: 30 }, (_, i) => ({
          model_name: model,
          prediction_id: `console-${i}`,
          prediction_data: { input_features: { x: i } },
          result: { prediction: 'a', confidence: 0.9, response_time: 0.05 },
        })),
      },
    });

    // Act
    const history = await eventually(async () => {
      const res = await api('GET', `${MONITORING}/metric-history?model_name=${model}&hours=1`, { token });
      const series = res.body.series as Record<string, [number, number][]>;
      return (series.response_time?.length ?? 0) > 0 ? res : undefined;
    });
    const summary = await api('GET', `${MONITORING}/summary`, { token });
    const unknown = await api('GET', `${MONITORING}/metric-history?model_name=ghost&hours=1`, { token });

    // Assess: the client checks every body against its contract.
    expect(ROUTE_CONTRACTS.getMetricHistory.response.safeParse(history.body).success).toBe(true);
    const series = history.body.series as Record<string, [number, number][]>;
    expect(series.response_time?.[0]?.[1]).toBeCloseTo(0.05, 6);
    const models = (summary.body.summary as { models: { model_name: string; prediction_count: number }[] }).models;
    expect(models.find((m) => m.model_name === model)?.prediction_count).toBe(30);
    expect(unknown.status).toBe(404);
  });
});
