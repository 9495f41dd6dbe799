import { startFakeLlm, type FakeLlm } from '#local/fake-llm.ts';
import {
  apiClient,
  eventually,
  newDataDir,
  roleTokens,
  startStack,
  type RunningStack,
} from '../support/local-stack.ts';

const A = '/api/v1/aiops';

describe('incidents and insight through the local stack and its schedules', () => {
  let llm: FakeLlm;
  let stack: RunningStack;
  let tokens: Awaited<ReturnType<typeof roleTokens>>;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    llm = await startFakeLlm();
    const dir = newDataDir();
    // Every schedule every 2 s: the AI-operations evaluation and the incident sync run soon.
    stack = await startStack(dir, ['--no-throttle', '--no-demo', '--scan-interval', '2']);
    tokens = await roleTokens(dir);
    api = apiClient(stack.url);
  });
  afterAll(async () => {
    await stack.stop();
    await llm.close();
  });

  it('turns a failing provider into a critical alert, an incident and an insight that confirms it, with only cited narrative', async () => {
    // Prepare: a narrator model, and 20 calls to a provider model of which 15 failed just now.
    await api('POST', `${A}/ai-models`, {
      token: tokens.operator,
      body: { name: 'narrator', provider: 'openai_compatible', endpoint: llm.url, model_id: 'narrator-llm' },
    });
    const settings = await api('PUT', `${A}/incident-settings`, {
      token: tokens.admin,
      body: { insight_model: 'narrator' },
    });
    expect(settings.body).toMatchObject({ insight_model: 'narrator' });
    const now = Date.now();
    const calls = Array.from({ length: 20 }, (_, i) => ({
      timestamp: new Date(now - 60_000 + i * 1000).toISOString(),
      request_id: `call-${i}`,
      model: 'gpt-4o',
      provider: 'openai',
      input_tokens: 100,
      output_tokens: 10,
      latency: 0.5,
      status: i < 15 ? 'error' : 'success',
      ...(i < 15 ? { error: 'HTTP 503' } : {}),
    }));
    expect((await api('POST', `${A}/llm/usage`, { token: tokens.ingest, body: { calls } })).status).toBe(200);

    // Act: the schedules alert and open the incident.
    const incident = await eventually(async () => {
      const res = await api('GET', `${A}/incidents?status=open`, { token: tokens.viewer });
      return (res.body.incidents as { incident_id: string; scope: string; level: string }[]).find(
        (i) => i.scope === 'llm:openai/gpt-4o',
      );
    }, 30_000);
    const insight = await api('GET', `${A}/incidents/${incident.incident_id}/insight`, { token: tokens.viewer });
    const detail = await api('GET', `${A}/incidents/${incident.incident_id}`, { token: tokens.viewer });

    // Assess
    expect(incident.level).toBe('L2');
    const body = insight.body.insight as {
      hypotheses: { grade: string; statement: string }[];
      narrative: { sentences: string[]; dropped: number } | null;
      evidence: { id: string; ref: string }[];
    };
    expect(body.hypotheses[0]).toMatchObject({
      grade: 'CONFIRMED',
      statement: 'The provider behind openai/gpt-4o is failing calls',
    });
    expect(body.narrative).toEqual({
      model: 'narrator',
      sentences: ['The first alert started the incident [E1].'],
      dropped: 2,
    });
    expect(body.evidence[0]?.ref).toMatch(/^alert:/);
    expect((detail.body.timeline as { kind: string }[]).map((l) => l.kind)).toContain('alert');
    const alertId = body.evidence[0]?.ref.slice('alert:'.length) ?? '';
    const alertInsight = await api('GET', `${A}/alerts/${encodeURIComponent(alertId)}/insight`, {
      token: tokens.viewer,
    });
    expect(alertInsight.status).toBe(200);
  });

  it('opens an incident by hand, takes notes, resolves it, and writes its post-mortem and MTTR', async () => {
    const opened = await api('POST', `${A}/incidents`, {
      token: tokens.operator,
      body: { title: 'Checkout slow for EU users', level: 'L3', scope: 'service:checkout' },
    });
    expect(opened.status).toBe(201);
    const id = (opened.body.incident as { incident_id: string; recovery_target_minutes: number }).incident_id;
    expect((opened.body.incident as { recovery_target_minutes: number }).recovery_target_minutes).toBe(240);
    const bad = await api('PUT', `${A}/incidents/${id}`, { token: tokens.operator, body: { level: 'L9' } });
    expect(bad.status).toBe(400);
    const resolved = await api('PUT', `${A}/incidents/${id}`, {
      token: tokens.operator,
      body: {
        status: 'resolved',
        note: 'cache node replaced',
        root_cause: 'A cache node lost its disk.',
        action_items: [{ item: 'alert on cache misses', owner: 'sre' }],
      },
    });
    expect(resolved.body.incident).toMatchObject({ status: 'resolved', overdue: false });
    const md = await fetch(`${stack.url}${A}/incidents/${id}/postmortem?format=markdown`, {
      headers: { authorization: `Bearer ${tokens.viewer}` },
    });
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    const text = await md.text();
    expect(text).toContain('# Post-mortem: Checkout slow for EU users');
    expect(text).toContain('A cache node lost its disk.');
    expect(text).toContain('| alert on cache misses | sre |');
    const metrics = await api('GET', `${A}/incident-metrics`, { token: tokens.viewer });
    expect(
      (metrics.body.scopes as { scope: string; incidents: number; open: number }[]).find(
        (s) => s.scope === 'service:checkout',
      ),
    ).toMatchObject({
      incidents: 1,
      open: 0,
    });
    expect((await api('GET', `${A}/incidents/nope`, { token: tokens.viewer })).status).toBe(404);
    expect(
      (await api('POST', `${A}/incidents`, { token: tokens.viewer, body: { title: 'x', level: 'L4', scope: 'm' } }))
        .status,
    ).toBe(403);
  });
});
