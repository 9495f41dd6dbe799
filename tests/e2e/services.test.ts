import {
  apiClient,
  eventually,
  newDataDir,
  roleTokens,
  startStack,
  stackForSuite,
  type RunningStack,
} from '../support/local-stack.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const S = '/api/plugin-ai-analytics';
const MINUTE = 60_000;

/** 200 one-minute points ending now: memory leaking, the error rate jumping at the end, CPU saturating. */
function points(now: number) {
  return Array.from({ length: 200 }, (_, i) => ({
    timestamp: new Date(now - (199 - i) * MINUTE).toISOString(),
    cpu: i >= 195 ? 97 : 40 + ((i * 7) % 5),
    memory: 40 + i * 0.2 + ((i * 3) % 2) * 0.3,
    response_time: 0.12 + ((i * 5) % 3) * 0.01,
    error_rate: i === 199 ? 0.3 : 0.01 + ((i * 11) % 3) * 0.002,
    rps: 50 + ((i * 13) % 7),
    custom: { queue_depth: (i * 17) % 9 },
  }));
}

describe('service monitoring through the local stack', () => {
  const stack = stackForSuite();

  it('stores metric points once however often the batch is retried, and serves them raw or per step', async () => {
    // Prepare
    const api = stack.api();
    const ingest = await stack.token(['ingest']);
    const viewer = await stack.token(['viewer']);
    const batch = points(Date.now());

    // Act: the batch, then a retry of it.
    const first = await api('POST', `${S}/collect-metrics/checkout`, { token: ingest, body: { points: batch } });
    await api('POST', `${S}/collect-metrics/checkout`, { token: ingest, body: { points: batch } });
    const single = await api('POST', `${S}/collect-metrics/checkout`, { token: ingest, body: { rps: 12 } });
    const raw = await api('GET', `${S}/metrics-history/checkout?metric=cpu`, { token: viewer });
    const hourly = await api('GET', `${S}/metrics-history/checkout?metric=cpu&step=3600`, { token: viewer });
    const custom = await api('GET', `${S}/metrics-history/checkout?metric=queue_depth`, { token: viewer });
    const listed = await api('GET', `${S}/services`, { token: viewer });

    // Assess
    expect(first).toMatchObject({ status: 201, body: { service: 'checkout', points: 200, stored: 1200 } });
    expect(single).toMatchObject({ status: 201, body: { points: 1, stored: 1 } });
    expect((raw.body.points as unknown[]).length).toBe(200);
    const buckets = hourly.body.points as { count: number; max: number }[];
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(200);
    expect(Math.max(...buckets.map((b) => b.max))).toBe(97);
    expect((custom.body.points as unknown[]).length).toBe(200);
    expect((listed.body.services as { service: string }[]).map((x) => x.service)).toEqual(['checkout']);
  });

  it('finds the memory leak, the error-rate jump and the CPU saturation, graded and with what to do', async () => {
    // Act
    const res = await stack.api()('GET', `${S}/detect-anomalies/checkout`, { token: await stack.token(['viewer']) });

    // Assess
    const anomalies = res.body.anomalies as {
      type: string;
      severity: string;
      metric: string;
      recommended_action: string;
      explanation: string;
    }[];
    const byType = (type: string) => anomalies.find((a) => a.type === type);
    expect(byType('memory_leak')).toMatchObject({
      metric: 'memory',
      severity: expect.stringMatching(/high|medium/) as unknown,
    });
    expect(byType('memory_leak')?.explanation).toMatch(/reaches 100 % in about/);
    expect(byType('error_rate_jump')).toMatchObject({ metric: 'error_rate', severity: 'high' });
    expect(byType('cpu_saturation')).toMatchObject({ metric: 'cpu', severity: 'high' });
    for (const a of anomalies) expect(a.recommended_action.length).toBeGreaterThan(20);
    const history = await stack.api()('GET', `${S}/anomalies-history/checkout?hours=24`, {
      token: await stack.token(['viewer']),
    });
    expect((history.body.anomalies as unknown[]).length).toBe(anomalies.length);
  });

  it.each([
    [{ cpu: 140 }, 'cpu'],
    [{ response_time: -0.5 }, 'response_time'],
    [{ cpu: '40' }, 'cpu'],
    [{ timestamp: 'yesterday', cpu: 4 }, 'timestamp'],
    [{ timestamp: '2020-01-01T00:00:00Z' }, '(body)'],
    [{ points: Array.from({ length: 1001 }, () => ({ cpu: 1 })) }, 'points'],
    [{ points: [{ cpu: 1 }, { memory: 101 }] }, 'points.1.memory'],
    [{ points: [{ timestamp: new Date(Date.now() + 3_600_000).toISOString(), cpu: 1 }] }, 'points.0.timestamp'],
  ])('refuses bad points with a 400 naming the field and stores nothing (%#)', async (body, path) => {
    // Act
    const res = await stack.api()('POST', `${S}/collect-metrics/rejected`, {
      token: await stack.token(['ingest']),
      body,
    });
    const stored = await stack.api()('GET', `${S}/metrics-history/rejected?metric=cpu`, {
      token: await stack.token(['viewer']),
    });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.map((d) => d.path)).toContain(path);
    expect(stored.body.points).toEqual([]);
    const listed = await stack.api()('GET', `${S}/services`, { token: await stack.token(['viewer']) });
    expect((listed.body.services as { service: string }[]).map((x) => x.service)).not.toContain('rejected');
  });
});

/** `n` requests in the minute starting at `minute`: mostly fine, `failing` of them answering 503. */
function requests(minute: number, n: number, failing = 0) {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: new Date(minute + ((i * 997) % 50_000)).toISOString(),
    method: i % 4 === 0 ? 'post' : 'GET',
    endpoint: `/api/items/${i % 6}`,
    status: i < failing ? 503 : i % 25 === 0 ? 404 : 200,
    response_time: 0.04 + (i % 9) / 200,
    client_ip: `192.0.2.${i % 40}`,
    bytes: 512,
  }));
}

describe('generic metrics through the local stack', () => {
  const stack = stackForSuite();

  it("stores generic metrics as their service's series, tags as series of their own, and lists them", async () => {
    // Prepare
    const api = stack.api();
    const ingest = await stack.token(['ingest']);
    const viewer = await stack.token(['viewer']);
    const now = Date.now();

    // Act
    const single = await api('POST', '/api/v1/aiops/metrics', {
      token: ingest,
      body: { metricName: 'cpu', value: 42, service: 'billing' },
    });
    const batch = await api('POST', '/api/v1/aiops/metrics', {
      token: ingest,
      body: {
        metrics: [
          { metricName: 'cpu', value: 71, service: 'billing', tags: { region: 'eu' }, timestamp: now - 1000 },
          { metricName: 'queue_depth', value: 12, service: 'billing', timestamp: now - 2000 },
          { metricName: 'temperature', value: -3.5 },
        ],
      },
    });
    const series = await api('GET', '/api/v1/aiops/metrics/series?service=billing', { token: viewer });
    const tagged = await api('GET', '/api/plugin-ai-analytics/metrics-history/billing?metric=cpu&tags=region:eu', {
      token: viewer,
    });
    const plain = await api('GET', '/api/plugin-ai-analytics/metrics-history/billing?metric=cpu', { token: viewer });

    // Assess
    expect(single).toMatchObject({ status: 201, body: { stored: 1, services: ['billing'] } });
    expect(batch).toMatchObject({ status: 201, body: { stored: 3, services: ['billing', 'default'] } });
    expect(series.body.series).toEqual([
      { metric: 'cpu', custom: false, tags: {} },
      { metric: 'cpu', custom: false, tags: { region: 'eu' } },
      { metric: 'queue_depth', custom: true, tags: {} },
    ]);
    expect((tagged.body.points as { value: number }[]).map((p) => p.value)).toEqual([71]);
    expect((plain.body.points as { value: number }[]).map((p) => p.value)).toEqual([42]);
  });

  it.each([
    [{ metricName: 'cpu', value: 140, service: 'rejects' }, 'value'],
    [
      {
        metrics: [
          { metricName: 'x', value: 1, service: 'rejects' },
          { metricName: 'error_rate', value: 2, service: 'rejects' },
        ],
      },
      'metrics.1.value',
    ],
    [{ metricName: 'x', value: 1, service: 'rejects', tags: { service: 'other' } }, 'tags.service'],
    [
      { metricName: 'x', value: 1, service: 'rejects', timestamp: new Date(Date.now() + 3_600_000).toISOString() },
      'metrics.0.timestamp',
    ],
    [{ metrics: Array.from({ length: 1001 }, () => ({ metricName: 'x', value: 1, service: 'rejects' })) }, 'metrics'],
  ])('refuses bad generic metrics with a 400 naming the field and stores nothing (%#)', async (body, path) => {
    const res = await stack.api()('POST', '/api/v1/aiops/metrics', { token: await stack.token(['ingest']), body });
    const series = await stack.api()('GET', '/api/v1/aiops/metrics/series?service=rejects', {
      token: await stack.token(['viewer']),
    });
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.map((d) => d.path)).toContain(path);
    expect(series.body.series).toEqual([]);
  });
});

/** `days` of 5-minute CPU ending now: a daily wave around `base`, rising `slope` points a day. */
function cpuDays(days: number, base: number, slope: number) {
  const now = Date.now();
  const n = (days * 86_400_000) / 300_000;
  return Array.from({ length: n }, (_, i) => {
    const day = i / 288;
    return {
      timestamp: now - (n - i) * 300_000,
      cpu: Math.min(100, base + slope * day + 10 * Math.sin(2 * Math.PI * day) + ((i * 7) % 5) - 2),
    };
  });
}

async function postPoints(
  api: ReturnType<typeof apiClient>,
  token: string,
  service: string,
  points: readonly Record<string, unknown>[],
) {
  for (let i = 0; i < points.length; i += 1000)
    await api('POST', `${S}/collect-metrics/${service}`, { token, body: { points: points.slice(i, i + 1000) } });
}

describe('forecasts through the local stack', () => {
  const stack = stackForSuite();

  it('trains on five days of CPU and forecasts a day ahead with bands inside 0-100 and the breach of 90 %', async () => {
    // Prepare
    const api = stack.api();
    const operator = await stack.token(['operator']);
    await postPoints(api, await stack.token(['ingest']), 'rising', cpuDays(5, 45, 8));

    // Act
    const trained = await api('POST', `${S}/train-models/rising`, { token: operator });
    const predicted = await api('GET', `${S}/predict/rising?horizon_hours=24&metric=cpu`, {
      token: await stack.token(['viewer']),
    });

    // Assess
    expect(trained).toMatchObject({ status: 200, body: { models: [{ metric: 'cpu', samples: 1440 }] } });
    const prediction = (predicted.body.predictions as { points: { lower_95: number; upper_95: number }[] }[])[0];
    expect(prediction?.points).toHaveLength(288);
    for (const p of prediction?.points ?? []) {
      expect(p.lower_95).toBeGreaterThanOrEqual(0);
      expect(p.upper_95).toBeLessThanOrEqual(100);
    }
    expect(predicted.body.breaches).toEqual([
      expect.objectContaining({ metric: 'cpu', threshold: 90, probability: expect.any(Number) as number }),
    ]);
  });

  it("suggests fixing the service's real error hotspot, keeps it in the history, and sums the service up", async () => {
    // Prepare: a minute of traffic where POST /checkout fails 30 times.
    const api = stack.api();
    const viewer = await stack.token(['viewer']);
    const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
    const events = requests(minute, 300, 0).map((e, i) =>
      i < 30 ? { ...e, method: 'POST', endpoint: '/checkout', status: 502 } : e,
    );
    await api('POST', '/api/v1/aiops/http-events', {
      token: await stack.token(['ingest']),
      body: { service: 'rising', events },
    });

    // Act
    const suggestions = await api('GET', `${S}/optimization-suggestions/rising`, { token: viewer });
    const history = await api('GET', `${S}/suggestions-history/rising?days=1`, { token: viewer });
    const summary = await api('GET', `${S}/analytics-summary/rising`, { token: viewer });

    // Assess
    const hotspot = (
      suggestions.body.suggestions as { category: string; title: string; expected_impact: { basis: string } }[]
    ).find((x) => x.category === 'errors');
    expect(hotspot?.title).toBe('POST /checkout causes 100 % of the server errors');
    expect(hotspot?.expected_impact.basis).toBe(
      'fixing POST /checkout removes 30 of 30 server errors of the last hour',
    );
    expect((history.body.suggestions as { category: string }[]).map((x) => x.category)).toContain('errors');
    expect(summary.body).toMatchObject({
      service: 'rising',
      health: { score: expect.any(Number) as number },
      models: [{ metric: 'cpu' }],
      forecast: { breaches: [expect.objectContaining({ metric: 'cpu' })] },
    });
    expect((summary.body.current_metrics as { cpu?: { value: number } }).cpu?.value).toBeGreaterThan(0);
  });

  it('exports metrics, anomalies, forecasts and suggestions as JSON and the same rows as CSV', async () => {
    // Prepare
    const viewer = await stack.token(['viewer']);
    const from = Date.now() - 3_600_000;
    const get = async (kind: string, format: string) => {
      const res = await fetch(`${stack.url()}${S}/export-data/rising?kind=${kind}&format=${format}&from=${from}`, {
        headers: { authorization: `Bearer ${viewer}` },
      });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };

    // Act
    const json = await get('metrics', 'json');
    const csv = await get('metrics', 'csv');
    const forecasts = await get('forecasts', 'csv');
    const bad = await get('everything', 'csv');

    // Assess: the CSV parses back into the JSON's rows.
    const rows = (JSON.parse(json.text) as { rows: { metric: string; timestamp: string; value: number }[] }).rows;
    expect(rows.length).toBeGreaterThanOrEqual(11);
    expect(csv.type).toMatch(/^text\/csv/);
    const [header, ...lines] = csv.text.trim().split('\n');
    expect(header).toBe('metric,timestamp,value');
    expect(
      lines.map((l) => l.split(',')).map(([metric, timestamp, value]) => ({ metric, timestamp, value: Number(value) })),
    ).toEqual(rows);
    expect(forecasts.text.split('\n')[0]).toBe('metric,model,timestamp,value,lower_80,upper_80,lower_95,upper_95');
    expect(forecasts.text.trim().split('\n')).toHaveLength(289);
    expect(bad.status).toBe(400);
  });

  it('answers an export over 5 MB with a presigned link that downloads the whole file', async () => {
    // Prepare: 14,000 points of 6 metrics in the last day: about 6 MB of JSON rows.
    const ingest = await stack.token(['ingest']);
    const viewer = await stack.token(['viewer']);
    const now = Date.now();
    for (let b = 0; b < 14; b++)
      await stack.api()('POST', `${S}/collect-metrics/bulky`, {
        token: ingest,
        body: {
          points: Array.from({ length: 1000 }, (_, i) => {
            const k = b * 1000 + i;
            return {
              timestamp: new Date(now - 86_000_000 + k * 6000).toISOString(),
              cpu: 40 + (k % 7),
              memory: 50 + (k % 5),
              response_time: 0.1 + (k % 3) / 100,
              error_rate: 0.01,
              rps: 30 + (k % 11),
              request_count: 100 + k,
            };
          }),
        },
      });

    // Act
    const res = await stack.api()('GET', `${S}/export-data/bulky?kind=metrics&format=json`, { token: viewer });
    const download = await fetch(res.body.download_url as string);

    // Assess: no rows inline, a link that works without a token, and every row in the file.
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ service: 'bulky', kind: 'metrics', row_count: 84_000 });
    expect(res.body.rows).toBeUndefined();
    expect(res.body.bytes as number).toBeGreaterThan(5 * 1024 * 1024);
    expect(Date.parse(res.body.expires_at as string) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(download.status).toBe(200);
    const file = JSON.parse(await download.text()) as { rows: unknown[] };
    expect(file.rows).toHaveLength(84_000);
  });

  it('runs a batch analysis over several services through SQS, one failing, and reports each', async () => {
    // Prepare: 'rising' has five days (trained above), 'newborn' one point, 'nobody' nothing.
    const api = stack.api();
    const operator = await stack.token(['operator']);
    await api('POST', `${S}/collect-metrics/newborn`, { token: await stack.token(['ingest']), body: { cpu: 5 } });

    // Act
    const started = await api('POST', `${S}/batch-analysis`, {
      token: operator,
      body: { plugin_ids: ['rising', 'newborn', 'nobody'], analyses: ['anomalies', 'forecast', 'suggestions'] },
    });
    const id = started.body.batch_id as string;
    const finished = await eventually(async () => {
      const res = await api('GET', `${S}/batch-analysis/${id}`, { token: await stack.token(['viewer']) });
      return res.body.state === 'finished' ? res.body : undefined;
    }, 60_000);

    // Assess
    expect(started.status).toBe(202);
    expect(finished.progress).toEqual({ total: 3, done: 1, failed: 2, queued: 0 });
    const items = finished.items as {
      service: string;
      status: string;
      error?: string;
      result?: Record<string, unknown>;
    }[];
    expect(items.map((i) => [i.service, i.status])).toEqual([
      ['newborn', 'failed'],
      ['nobody', 'failed'],
      ['rising', 'done'],
    ]);
    expect(items[0]?.error).toMatch(/too little history/);
    expect(items[1]?.error).toMatch(/no service nobody/);
    expect(items[2]?.result).toMatchObject({ forecast: { metrics: ['cpu'] } });
    expect(Object.keys(items[2]?.result ?? {}).sort()).toEqual(['anomalies', 'forecast', 'suggestions']);
  });

  it('creates and trains named forecast and anomaly models (seed 002), a retry retraining, a clash a 409', async () => {
    const api = stack.api();
    const operator = await stack.token(['operator']);
    const forecast = { name: 'rising-cpu', type: 'forecast', service: 'rising', metric: 'cpu' };
    const anomaly = {
      name: 'rising-cpu-iqr',
      type: 'anomaly',
      service: 'rising',
      metric: 'cpu',
      params: { detector: 'iqr' },
    };
    const created = await api('POST', '/api/v1/aiops/models', { token: operator, body: forecast });
    const again = await api('POST', '/api/v1/aiops/models', { token: operator, body: forecast });
    const detector = await api('POST', '/api/v1/aiops/models', { token: operator, body: anomaly });
    const clash = await api('POST', '/api/v1/aiops/models', {
      token: operator,
      body: { ...forecast, metric: 'memory' },
    });
    const badDetector = await api('POST', '/api/v1/aiops/models', {
      token: operator,
      body: { ...anomaly, name: 'x', params: { detector: 'magic' } },
    });
    const listed = await api('GET', '/api/v1/aiops/models', { token: await stack.token(['viewer']) });
    expect(created.status).toBe(201);
    expect(created.body.model).toMatchObject({ figures: { samples: 1440, mase: expect.any(Number) as number } });
    expect(again.status).toBe(200);
    expect(detector.body.model).toMatchObject({ figures: { detector: 'iqr', flagged: expect.any(Number) as number } });
    expect((detector.body.model as { figures: { points: number } }).figures.points).toBeGreaterThanOrEqual(287);
    expect(clash.status).toBe(409);
    expect(badDetector.status).toBe(400);
    expect((listed.body.models as { name: string }[]).map((m) => m.name)).toEqual(['rising-cpu', 'rising-cpu-iqr']);
  });

  it('answers 404 for an unknown service, 400 for a horizon out of range and 422 for too little history', async () => {
    const api = stack.api();
    const operator = await stack.token(['operator']);
    await api('POST', `${S}/collect-metrics/newborn`, { token: await stack.token(['ingest']), body: { cpu: 5 } });
    const unknown = await api('GET', `${S}/predict/nobody`, { token: operator });
    const far = await api('GET', `${S}/predict/rising?horizon_hours=500`, { token: operator });
    const young = await api('POST', `${S}/train-models/newborn`, { token: operator });
    expect(unknown.status).toBe(404);
    expect(far.status).toBe(400);
    expect(far.body.error?.details?.map((d) => d.path)).toContain('horizon_hours');
    expect(young.status).toBe(422);
    expect(young.body.error?.message).toMatch(/too little history to forecast newborn: cpu: 1 of 336/);
  });
});

describe('HTTP request events through the local stack', () => {
  const stack = stackForSuite();

  it('counts a batch once however often it is sent and serves per-minute figures with the top callers', async () => {
    // Prepare
    const api = stack.api();
    const ingest = await stack.token(['ingest']);
    const minute = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
    const batch = { service: 'shop', events: requests(minute, 120, 0) };

    // Act: a batch, a retry of it and a concurrent pair of a second one.
    const first = await api('POST', '/api/v1/aiops/http-events', { token: ingest, body: batch });
    const retry = await api('POST', '/api/v1/aiops/http-events', { token: ingest, body: batch });
    const second = { service: 'shop', events: requests(minute + MINUTE, 30, 0) };
    await Promise.all([
      api('POST', '/api/v1/aiops/http-events', { token: ingest, body: second }),
      api('POST', '/api/v1/aiops/http-events', { token: ingest, body: second }),
    ]);
    const traffic = await api('GET', '/api/v1/aiops/http-traffic/shop?hours=1', {
      token: await stack.token(['viewer']),
    });

    // Assess
    expect(first).toMatchObject({ status: 201, body: { accepted: 120, minutes: 1, duplicate: false, anomalies: [] } });
    expect(retry.body).toMatchObject({ duplicate: true });
    const minutes = traffic.body.minutes as {
      timestamp: string;
      requests: number;
      s4xx: number;
      distinct_ips: number;
      p95: number;
    }[];
    expect(minutes.map((m) => [m.timestamp, m.requests, m.s4xx])).toEqual([
      [new Date(minute).toISOString(), 120, 5],
      [new Date(minute + MINUTE).toISOString(), 30, 2],
      ...minutes.slice(2).map((m) => [m.timestamp, 0, 0]),
    ]);
    expect(minutes[0]?.distinct_ips).toBe(40);
    expect(minutes[0]?.p95).toBeGreaterThan(0.04);
    expect(minutes[0]?.p95).toBeLessThanOrEqual(0.08);
    expect((traffic.body.top_endpoints as { endpoint: string }[]).map((e) => e.endpoint)).toContain(
      'POST /api/items/0',
    );
    expect((traffic.body.top_ips as unknown[]).length).toBe(10);
  });

  it.each([
    [{ service: 'bad', events: [{ ...requests(0, 1)[0], status: 700 }] }, 'events.0.status'],
    [{ service: 'bad', events: [{ ...requests(0, 1)[0], response_time: -1 }] }, 'events.0.response_time'],
    [{ service: 'bad', events: [{ ...requests(0, 1)[0], client_ip: 'not an ip' }] }, 'events.0.client_ip'],
    [{ service: 'bad', events: requests(Date.now(), 1001) }, 'events'],
    [
      { service: 'bad', events: [...requests(Date.now(), 2), ...requests(Date.now() + 3_600_000, 1)] },
      'events.2.timestamp',
    ],
    [{ service: 'bad/../x', events: requests(Date.now(), 1) }, 'service'],
  ])('refuses bad events with a 400 naming the field and counts nothing of the batch (%#)', async (body, path) => {
    // Act
    const res = await stack.api()('POST', '/api/v1/aiops/http-events', { token: await stack.token(['ingest']), body });
    const traffic = await stack.api()('GET', '/api/v1/aiops/http-traffic/bad?hours=24', {
      token: await stack.token(['viewer']),
    });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.map((d) => d.path)).toContain(path);
    expect(traffic.body.minutes).toEqual([]);
  });
});

describe('probes through the local stack', () => {
  const stack = stackForSuite();
  const P = '/api/v1/aiops/probes';

  it('creates a probe once, lists, replaces and deletes it, operators only', async () => {
    // Prepare
    const api = stack.api();
    const operator = await stack.token(['operator']);
    const body = { name: 'shop health', url: 'http://127.0.0.1:9/health', interval_seconds: 30, service: 'shop' };

    // Act
    const created = await api('POST', P, { token: operator, body });
    const again = await api('POST', P, { token: operator, body });
    const byViewer = await api('POST', P, { token: await stack.token(['viewer']), body: { ...body, name: 'x' } });
    const id = (created.body.probe as { probe_id: string }).probe_id;
    const replaced = await api('PUT', `${P}/${id}`, {
      token: operator,
      body: { ...body, interval_seconds: 60, expect: { status: 204, max_response_time: 2 } },
    });
    const listed = await api('GET', P, { token: await stack.token(['viewer']) });
    const deleted = await api('DELETE', `${P}/${id}`, { token: operator });
    const gone = await api('GET', `${P}/${id}/results`, { token: operator });

    // Assess
    expect(created).toMatchObject({
      status: 201,
      body: { probe: { name: 'shop health', state: 'unknown', retries: 3, method: 'GET', timeout_seconds: 10 } },
    });
    expect(again.status).toBe(409);
    expect(byViewer.status).toBe(403);
    expect(replaced.body.probe).toMatchObject({ interval_seconds: 60, expect: { status: 204, max_response_time: 2 } });
    expect((listed.body.probes as { probe_id: string }[]).map((p) => p.probe_id)).toEqual([id]);
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true } });
    expect(gone.status).toBe(404);
  });

  it.each([
    [{ name: 'a', url: 'http://127.0.0.1/', interval_seconds: 5 }, 'interval_seconds'],
    [{ name: 'a', url: 'file:///etc/passwd' }, 'url'],
    [{ name: 'a', url: 'http://169.254.169.254/latest/meta-data/' }, 'url'],
    [{ name: 'a', url: 'http://user:pw@example.com/' }, 'url'],
    [{ name: 'a', url: 'http://127.0.0.1/', interval_seconds: 10, timeout_seconds: 20 }, 'timeout_seconds'],
    [{ name: 'a', url: 'http://127.0.0.1/', expect: { status: 999 } }, 'expect.status'],
  ])('refuses a bad probe with a 400 naming the field and creates nothing (%#)', async (body, field) => {
    const res = await stack.api()('POST', P, { token: await stack.token(['operator']), body });
    const listed = await stack.api()('GET', P, { token: await stack.token(['viewer']) });
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.map((d) => d.path)).toContain(field);
    expect(listed.body.probes).toEqual([]);
  });
});

describe('service anomalies as alerts, through the scheduled detection', () => {
  let stack: RunningStack;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let dir = '';
  beforeAll(async () => {
    hook = await startWebhookReceiver();
    dir = newDataDir();
    // Every schedule every 2 s, so detection runs soon after the points arrive.
    stack = await startStack(dir, ['--no-throttle', '--webhook', hook.url, '--scan-interval', '2']);
  });
  afterAll(async () => {
    await stack.stop();
    await hook.close();
  });

  it('raises a critical alert in the service scope for a saturated CPU and delivers its notice to the webhook', async () => {
    // Prepare
    const tokens = await roleTokens(dir);
    const api = apiClient(stack.url);
    const now = Date.now();
    const points = Array.from({ length: 30 }, (_, i) => ({
      timestamp: new Date(now - (29 - i) * MINUTE).toISOString(),
      cpu: i >= 25 ? 97 : 40 + (i % 3),
    }));

    // Act
    await api('POST', `${S}/collect-metrics/hot-api`, { token: tokens.ingest, body: { points } });

    // Assess
    const alert = await eventually(async () => {
      const res = await api('GET', '/api/ai/monitoring/alerts?service=hot-api&state=firing', {
        token: tokens.viewer,
      });
      return (res.body.alerts as { rule: string; severity: string; scope: string; service: string }[]).find(
        (a) => a.rule === 'service_anomaly_high',
      );
    }, 30_000);
    expect(alert).toMatchObject({ severity: 'critical', scope: 'service', service: 'hot-api' });
    const notice = await eventually(
      () =>
        Promise.resolve(
          hook.received.find((h) => h.body.includes('service:hot-api') && h.body.includes('service_anomaly_high')),
        ),
      20_000,
    );
    expect(notice.body).toMatch(/service_anomaly_high/);
    expect(notice.body).toMatch(/"severity":"critical"/);
    expect(notice.body).toMatch(/"scope":"service","service":"hot-api"/);
  });

  it('finds a 5xx burst in the request that completes it and delivers the alert to the webhook', async () => {
    // Prepare: half an hour of calm traffic.
    const tokens = await roleTokens(dir);
    const api = apiClient(stack.url);
    const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
    for (let m = 30; m >= 1; m -= 10)
      await api('POST', '/api/v1/aiops/http-events', {
        token: tokens.ingest,
        body: {
          service: 'burst-api',
          events: Array.from({ length: 10 }, (_, k) => requests(minute - (m - k) * MINUTE, 60, 0)).flat(),
        },
      });

    // Act
    const res = await api('POST', '/api/v1/aiops/http-events', {
      token: tokens.ingest,
      body: { service: 'burst-api', events: requests(minute, 100, 40) },
    });

    // Assess
    expect(res.body.anomalies).toEqual([
      expect.objectContaining({ type: 'http_5xx_burst', severity: 'high', metric: 'http_5xx', value: 40 }),
    ]);
    const notice = await eventually(
      () => Promise.resolve(hook.received.find((h) => h.body.includes('service:burst-api'))),
      10_000,
    );
    expect(notice.body).toMatch(/service_anomaly_high/);
  });

  it('alerts a forecast breach within 24 h through the schedule, to the webhook', async () => {
    // Prepare: CPU rising towards 90 % within the day.
    const tokens = await roleTokens(dir);
    const api = apiClient(stack.url);
    await postPoints(api, tokens.ingest, 'filling-up', cpuDays(5, 45, 8));

    // Act: the hourly schedule runs every 2 s here; it trains and judges the forecast.
    const notice = await eventually(
      () =>
        Promise.resolve(
          hook.received.find((h) => h.body.includes('service:filling-up') && h.body.includes('forecast_breach')),
        ),
      40_000,
    );

    // Assess
    expect(notice.body).toMatch(/"metric":"hours_to_breach"/);
    // The notice says it as a sentence: which metric, which limit, when and how soon.
    expect(notice.body).toMatch(/"detail":"cpu expected to cross 90 % at \d\d:\d\d UTC \(in (\d+ h )?\d+ min\)"/);
    expect(notice.body).toMatch(/"title":"\[WARNING\] service:filling-up: forecast_breach: cpu expected to cross 90 %/);
    const alerts = await api('GET', '/api/ai/monitoring/alerts?service=filling-up&state=firing', {
      token: tokens.viewer,
    });
    expect(
      (alerts.body.alerts as { rule: string; value: number }[]).find((a) => a.rule === 'forecast_breach')?.value,
    ).toBeLessThan(24);
  });

  it("reports the system status: services and their data age, forecasters, and the schedules' last runs", async () => {
    const tokens = await roleTokens(dir);
    const api = apiClient(stack.url);
    const status = await eventually(async () => {
      const res = await api('GET', `${S}/system-status`, { token: tokens.viewer });
      const runs = res.body.last_runs as { service_detection: { services: number } | null; forecast_schedule: unknown };
      return (runs.service_detection?.services ?? 0) >= 3 && runs.forecast_schedule !== null ? res.body : undefined;
    }, 20_000);
    expect(status.services_monitored).toBeGreaterThanOrEqual(3);
    expect(status.forecasters_trained).toBeGreaterThanOrEqual(1);
    expect(
      (status.services as { service: string; forecasters: number }[]).find((x) => x.service === 'filling-up'),
    ).toMatchObject({
      forecasters: 1,
    });
    expect(
      (status.last_runs as { service_detection: { services: number } }).service_detection.services,
    ).toBeGreaterThanOrEqual(2);
    // Every queue with its depth and its dead-letter queue's; none has dead letters here.
    expect((status.queues as { queue: string }[]).map((q) => q.queue).sort()).toEqual([
      'analysisRequests',
      'modelEvents',
      'retrainRequests',
      'webhookDeliveries',
    ]);
    expect(status.dead_letters).toEqual([]);
  });

  it('alerts when a probed local server fails and resolves the alert after two successful checks', async () => {
    // Prepare: a server that answers 503 until told otherwise.
    let healthy = false;
    const server: Server = createServer((_req, res) => res.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'down'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    const tokens = await roleTokens(dir);
    const api = apiClient(stack.url);
    const alertOf = async (state: string) => {
      const res = await api('GET', `/api/ai/monitoring/alerts?model_name=probe:local-health&state=${state}`, {
        token: tokens.viewer,
      });
      return (res.body.alerts as { rule: string }[]).find((a) => a.rule === 'probe_down');
    };

    try {
      // Act
      const created = await api('POST', '/api/v1/aiops/probes', {
        token: tokens.operator,
        body: { name: 'local-health', url, interval_seconds: 10, timeout_seconds: 2, retries: 1, service: 'shop' },
      });
      const id = (created.body.probe as { probe_id: string }).probe_id;

      // Assess: down, alerted and delivered; then two successes resolve it.
      await eventually(() => alertOf('firing'), 20_000);
      const notice = await eventually(
        () => Promise.resolve(hook.received.find((h) => h.body.includes('probe:local-health'))),
        10_000,
      );
      expect(notice.body).toMatch(/probe_down/);
      healthy = true;
      await eventually(() => alertOf('resolved'), 40_000, 500);
      const results = await api('GET', `/api/v1/aiops/probes/${id}/results`, { token: tokens.viewer });
      const checks = results.body.results as { ok: boolean; status: number; failures: string[] }[];
      expect(checks.slice(0, 2).map((c) => c.ok)).toEqual([true, true]);
      expect(checks.at(-1)).toMatchObject({ ok: false, status: 503, failures: ['status 503, expected 200'] });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
