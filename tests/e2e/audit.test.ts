import { stackForSuite } from '../support/local-stack.ts';

const M = '/api/ai/monitoring';
const AUDIT = '/api/v1/aiops/audit';

interface Entry {
  seq: number;
  subject: string;
  roles: string[];
  route: string;
  status: number;
  outcome: string;
  target: string;
  request_id: string;
}

describe('audit log through the local stack', () => {
  const suite = stackForSuite();

  it('records who wrote what, when and with which outcome, chains it, and lists it to admins only', async () => {
    // Prepare
    const api = suite.api();
    const admin = await suite.token(['admin']);
    const viewer = await suite.token(['viewer']);
    const ingest = await suite.token(['ingest']);

    // Act: an accepted write, a rejected one, a forbidden one, and data-plane traffic
    const accepted = await api('PUT', `${M}/thresholds`, { token: admin, body: { accuracy_threshold: 0.75 } });
    const rejected = await api('PUT', `${M}/thresholds`, { token: admin, body: { accuracy_threshold: 7 } });
    const forbidden = await api('PUT', `${M}/thresholds`, { token: viewer, body: { accuracy_threshold: 0.5 } });
    await api('POST', `${M}/log-prediction`, {
      token: ingest,
      body: {
        model_name: 'audited',
        prediction_data: { input_features: { x: 1 } },
        result: { prediction: 'a', response_time: 0.1 },
      },
    });
    const list = await api('GET', `${AUDIT}?verify=true`, { token: admin });
    const csv = await fetch(`${suite.url()}${AUDIT}?format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    const asViewer = await api('GET', AUDIT, { token: viewer });

    // Assess
    expect([accepted.status, rejected.status, forbidden.status]).toEqual([200, 400, 403]);
    const entries = list.body.entries as Entry[];
    expect(entries.map((e) => [e.route, e.status, e.outcome, e.roles])).toEqual([
      ['putThresholds', 403, 'rejected', ['viewer']],
      ['putThresholds', 400, 'rejected', ['admin']],
      ['putThresholds', 200, 'success', ['admin']],
    ]);
    expect(entries.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(entries.every((e) => e.subject !== '' && e.request_id !== '')).toBe(true);
    expect(list.body.verification).toMatchObject({ ok: true, checked: 3 });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\n')[0]).toContain('seq,at,subject,roles,route');
    expect(asViewer.status).toBe(403);
  });
});
