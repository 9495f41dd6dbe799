import { useState } from 'preact/hooks';
import type { Api, Body } from '../api.ts';
import { can, type Session } from '../auth.ts';
import { Chart, type Points } from '../chart.tsx';
import { OutcomeMessage, problemsOf, useDraft } from '../form.tsx';
import { ago, num, when } from '../format.ts';
import { useApp, usePoll } from '../live.ts';

type Probe = Body<'listProbes'>['probes'][number];

const STATE_CLASS: Record<Probe['state'], string> = { up: 'healthy', down: 'critical', unknown: 'unknown' };

/** A probe's definition by form; the API's errors beside their fields. */
function ProbeForm(props: { onSaved: () => void }) {
  const { api } = useApp();
  const form = useDraft({
    name: '',
    url: '',
    interval_seconds: '60',
    timeout_seconds: '10',
    status: '200',
    max_response_time: '2',
    body_contains: '',
    service: '',
    retries: '3',
  });
  const { draft } = form;
  return (
    <form
      class="card form wide"
      aria-labelledby="probe-form-h"
      data-testid="probe-form"
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit(
          api
            .send('POST', '/api/v1/aiops/probes', {
              name: draft.name,
              url: draft.url,
              interval_seconds: Number(draft.interval_seconds),
              timeout_seconds: Number(draft.timeout_seconds),
              expect: {
                status: Number(draft.status),
                max_response_time: Number(draft.max_response_time),
                ...(draft.body_contains !== '' ? { body_contains: draft.body_contains } : {}),
              },
              ...(draft.service !== '' ? { service: draft.service } : {}),
              retries: Number(draft.retries),
            })
            .then(props.onSaved),
          () => `Probe ${draft.name} created; its first check runs within a minute.`,
        );
      }}
    >
      <h2 id="probe-form-h">New probe</h2>
      <div class="grid">
        {form.input('name', 'Name')}
        {form.input('url', 'URL')}
        {form.input('interval_seconds', 'Every (s, ≥ 10)', { numeric: true })}
        {form.input('timeout_seconds', 'Timeout (s)', { numeric: true })}
        {form.input('status', 'Expected status', { path: 'expect.status', numeric: true })}
        {form.input('max_response_time', 'Slower than (s) fails', { path: 'expect.max_response_time', numeric: true })}
        {form.input('body_contains', 'Body contains (optional)', { path: 'expect.body_contains' })}
        {form.input('service', 'Service (optional)')}
        {form.input('retries', 'Failures before down', { numeric: true })}
      </div>
      <button type="submit">Create probe</button>
      <OutcomeMessage outcome={form.status} />
    </form>
  );
}

/** One probe's latest checks: a latency chart (failures marked) and the list with what each missed. */
function ProbeResults(props: { probe: Probe }) {
  const results = usePoll(
    (a: Api) => a.get<'getProbeResults'>(`/api/v1/aiops/probes/${props.probe.probe_id}/results?limit=100`),
    [props.probe.probe_id],
    10_000,
  );
  const list = results.data?.results ?? [];
  const points: Points = [...list].reverse().map((r) => [Date.parse(r.checked_at), r.latency_ms / 1000]);
  return (
    <div data-testid="probe-results">
      <Chart
        title={`${props.probe.name}: response time per check (failures in red)`}
        lines={[{ label: 'response time', points, color: '#1971c2' }]}
        thresholds={[{ value: props.probe.expect.max_response_time, label: 'max' }]}
        marks={list.filter((r) => !r.ok).map((r) => ({ time: Date.parse(r.checked_at), value: r.latency_ms / 1000 }))}
        format={(v) => `${num(v * 1000, 0)} ms`}
      />
      {results.data !== undefined && list.length === 0 && <p class="empty">No check has run yet.</p>}
      <div class="table-wrap">
        <table data-testid="probe-checks">
          <thead>
            <tr>
              <th>Checked</th>
              <th>Result</th>
              <th>Status</th>
              <th>Time</th>
              <th>TLS days left</th>
              <th>Why it failed</th>
            </tr>
          </thead>
          <tbody>
            {list.slice(0, 20).map((r) => (
              <tr key={r.checked_at}>
                <td>{when(r.checked_at)}</td>
                <td>
                  <span class={`sev ${r.ok ? 'healthy' : 'critical'}`}>{r.ok ? 'ok' : 'failed'}</span>
                </td>
                <td>{r.status ?? '–'}</td>
                <td>{num(r.latency_ms, 0)} ms</td>
                <td>{r.tls_days_left ?? '–'}</td>
                <td>{r.failures.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Probes: every probe with its state and last check; create, inspect and delete. */
export function Probes(props: { session: Session }) {
  const { api } = useApp();
  const probes = usePoll((a: Api) => a.get<'listProbes'>('/api/v1/aiops/probes'), [], 10_000);
  const [open, setOpen] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();
  const operate = can(props.session, 'operate');
  const list = probes.data?.probes ?? [];
  const selected = list.find((p) => p.probe_id === open);
  return (
    <>
      <h1>Probes</h1>
      <p class="muted">
        URLs checked on a schedule: a probe is down after its failures in a row, alerts (rule <code>probe_down</code>),
        and is up again after two successes. Certificates with less than 14 days left warn (
        <code>certificate_expiring</code>).
      </p>
      {probes.error !== undefined && <p class="error">{probes.error}</p>}
      {probes.data !== undefined && list.length === 0 && <p class="empty">No probe yet.</p>}
      <div class="table-wrap">
        <table data-testid="probes">
          <thead>
            <tr>
              <th>Probe</th>
              <th>State</th>
              <th>Target</th>
              <th>Every</th>
              <th>Last check</th>
              <th>TLS days left</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.probe_id} data-testid={`probe-${p.name}`}>
                <td>
                  <button
                    type="button"
                    class="link"
                    onClick={() => setOpen(open === p.probe_id ? undefined : p.probe_id)}
                  >
                    {p.name}
                  </button>
                  {p.service !== undefined && (
                    <>
                      {' '}
                      <a class="muted" href={`#/services/${encodeURIComponent(p.service)}`}>
                        {p.service}
                      </a>
                    </>
                  )}
                </td>
                <td>
                  <span class={`sev ${STATE_CLASS[p.state]}`}>{p.state}</span>
                  {p.consecutive_failures > 0 && <span class="muted"> {p.consecutive_failures} failed in a row</span>}
                </td>
                <td>
                  <code>
                    {p.method} {p.url}
                  </code>{' '}
                  <span class="muted">
                    expects {p.expect.status} within {p.expect.max_response_time} s
                  </span>
                </td>
                <td>{p.interval_seconds} s</td>
                <td>{p.last_checked_at !== undefined ? ago(Date.parse(p.last_checked_at)) : '–'}</td>
                <td>{p.tls_days_left ?? '–'}</td>
                <td>
                  {operate && (
                    <button
                      type="button"
                      class="link"
                      onClick={() => {
                        if (!confirm(`Delete probe ${p.name}?`)) return;
                        api
                          .send('DELETE', `/api/v1/aiops/probes/${p.probe_id}`)
                          .then(() => {
                            setOutcome({ ok: true, text: `Probe ${p.name} deleted.` });
                            probes.refresh();
                          })
                          .catch((err: unknown) => setOutcome({ ok: false, text: problemsOf(err).message }));
                      }}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <OutcomeMessage outcome={outcome} />
      {selected !== undefined && <ProbeResults probe={selected} />}
      {operate && <ProbeForm onSaved={probes.refresh} />}
    </>
  );
}
