import { useEffect, useState } from 'preact/hooks';
import { COMPARISONS, RULE_METRICS } from '../../../domain/alerting/types.ts';
import type { Body } from '../api.ts';
import { can, type Session } from '../auth.ts';
import { OutcomeMessage, problemsOf } from '../form.tsx';
import { num, when } from '../format.ts';
import { useApp, usePoll } from '../live.ts';

type Alert = Body<'listAlerts'>['alerts'][number];

const SEVERITIES = ['critical', 'warning', 'info'] as const;
const STATES = ['firing', 'pending', 'resolved'] as const;

/** `datetime-local` value for an instant (local time, minutes). */
const local = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

function SilenceForm(props: { preset: Partial<Alert> | undefined; onDone: () => void }) {
  const { api } = useApp();
  const [model, setModel] = useState('');
  const [rule, setRule] = useState('');
  const [severity, setSeverity] = useState('');
  const [starts, setStarts] = useState(local(Date.now()));
  const [ends, setEnds] = useState(local(Date.now() + 2 * 3600_000));
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | undefined>();
  useEffect(() => {
    if (props.preset === undefined) return;
    setModel(props.preset.model_name ?? '');
    setRule(props.preset.rule ?? '');
  }, [props.preset]);
  return (
    <form
      class="card form"
      aria-labelledby="silence-h"
      data-testid="silence-form"
      onSubmit={(e) => {
        e.preventDefault();
        const matchers = Object.fromEntries(
          Object.entries({ model_name: model, rule, severity }).filter(([, v]) => v !== ''),
        );
        api
          .send('POST', '/api/ai/monitoring/silences', {
            matchers,
            starts_at: new Date(starts).toISOString(),
            ends_at: new Date(ends).toISOString(),
            comment,
          })
          .then(() => {
            setStatus({ ok: true, text: 'Silence created.' });
            props.onDone();
          })
          .catch((err: unknown) => setStatus({ ok: false, text: problemsOf(err).message }));
      }}
    >
      <h2 id="silence-h">New silence</h2>
      <div class="grid">
        <label>
          Model <input value={model} onInput={(e) => setModel(e.currentTarget.value)} placeholder="any" />
        </label>
        <label>
          Rule <input value={rule} onInput={(e) => setRule(e.currentTarget.value)} placeholder="any" />
        </label>
        <label>
          Severity{' '}
          <select value={severity} onChange={(e) => setSeverity(e.currentTarget.value)}>
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          From <input type="datetime-local" value={starts} onInput={(e) => setStarts(e.currentTarget.value)} />
        </label>
        <label>
          Until <input type="datetime-local" value={ends} required onInput={(e) => setEnds(e.currentTarget.value)} />
        </label>
        <label>
          Comment <input value={comment} maxLength={500} onInput={(e) => setComment(e.currentTarget.value)} />
        </label>
      </div>
      <button type="submit">Silence</button>
      <OutcomeMessage outcome={status} />
    </form>
  );
}

/** One rule by form: added, or replaced when the name exists; the API's errors beside their fields. */
function RuleForm(props: { onSaved: () => void }) {
  const { api } = useApp();
  const [rule, setRule] = useState({
    name: '',
    metric: 'accuracy',
    comparison: '<',
    threshold: '',
    for_seconds: '0',
    severity: 'warning',
  });
  const [status, setStatus] = useState<{ ok: boolean; text: string; fields: Record<string, string> } | undefined>();
  const set = (key: keyof typeof rule) => (e: { currentTarget: { value: string } }) =>
    setRule({ ...rule, [key]: e.currentTarget.value });
  const problem = (key: string) => status?.fields[`rule.${key}`];
  const field = (key: keyof typeof rule, label: string, control: preact.JSX.Element) => (
    <label>
      {label} {control}
      {problem(key) !== undefined && <small class="error">{problem(key)}</small>}
    </label>
  );
  return (
    <form
      class="card form"
      aria-labelledby="rule-form-h"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        const body = {
          rule: {
            ...rule,
            threshold: rule.threshold === '' ? Number.NaN : Number(rule.threshold),
            for_seconds: Number(rule.for_seconds),
          },
        };
        api
          .send('PUT', '/api/ai/monitoring/alert-rules', body)
          .then(() => {
            setStatus({ ok: true, text: `Rule ${rule.name} saved.`, fields: {} });
            props.onSaved();
          })
          .catch((err: unknown) => {
            const p = problemsOf(err);
            setStatus({ ok: false, text: p.message, fields: p.fields });
          });
      }}
    >
      <h2 id="rule-form-h">Add or replace a rule</h2>
      <div class="grid">
        {field(
          'name',
          'Name',
          <input value={rule.name} required aria-invalid={problem('name') !== undefined} onInput={set('name')} />,
        )}
        {field(
          'metric',
          'Metric',
          <select value={rule.metric} onChange={set('metric')}>
            {RULE_METRICS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>,
        )}
        {field(
          'comparison',
          'Comparison',
          <select value={rule.comparison} onChange={set('comparison')}>
            {COMPARISONS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>,
        )}
        {field(
          'threshold',
          'Threshold',
          <input
            type="number"
            step="any"
            value={rule.threshold}
            aria-invalid={problem('threshold') !== undefined}
            onInput={set('threshold')}
          />,
        )}
        {field(
          'for_seconds',
          'For (seconds)',
          <input
            type="number"
            min={0}
            value={rule.for_seconds}
            aria-invalid={problem('for_seconds') !== undefined}
            onInput={set('for_seconds')}
          />,
        )}
        {field(
          'severity',
          'Severity',
          <select value={rule.severity} onChange={set('severity')}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>,
        )}
      </div>
      <button type="submit">Save rule</button>
      <OutcomeMessage outcome={status} />
    </form>
  );
}

function RuleEditor(props: { admin: boolean }) {
  const { api } = useApp();
  const [yaml, setYaml] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<{ ok: boolean; text: string; problems: string[] } | undefined>();
  useEffect(() => {
    api
      .text('/api/ai/monitoring/alert-rules?format=yaml', 'application/yaml')
      .then(setYaml)
      .catch((e: unknown) => setStatus({ ok: false, text: problemsOf(e).message, problems: [] }));
  }, [api]);
  return (
    <form
      class="card form"
      aria-labelledby="rules-h"
      data-testid="rule-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (yaml === undefined) return;
        api
          .send('PUT', '/api/ai/monitoring/alert-rules', yaml, 'application/yaml')
          .then(() => setStatus({ ok: true, text: 'Rules saved.', problems: [] }))
          .catch((err: unknown) => {
            const p = problemsOf(err);
            setStatus({ ok: false, text: p.message, problems: Object.entries(p.fields).map(([k, v]) => `${k}: ${v}`) });
          });
      }}
    >
      <h2 id="rules-h">Alert rules (YAML)</h2>
      <label for="rules-yaml" class="hint">
        Conditions such as <code>accuracy &lt; 0.7</code> over <code>accuracy</code>, <code>estimated_accuracy</code>,{' '}
        <code>response_time</code>, <code>error_rate</code>, <code>drift_score</code>; a <code>duration</code> it must
        hold for; a severity.
      </label>
      <textarea
        id="rules-yaml"
        rows={14}
        spellcheck={false}
        readOnly={!props.admin}
        value={yaml ?? 'loading…'}
        aria-invalid={status?.ok === false}
        aria-describedby="rules-status"
        onInput={(e) => setYaml(e.currentTarget.value)}
      />
      {props.admin && <button type="submit">Validate and save</button>}
      <div id="rules-status">
        <OutcomeMessage outcome={status} />
      </div>
    </form>
  );
}

export function Alerts(props: { session: Session }) {
  const { api } = useApp();
  const [severity, setSeverity] = useState('');
  const [state, setState] = useState('');
  const [model, setModel] = useState('');
  const [preset, setPreset] = useState<Partial<Alert> | undefined>(undefined);
  const [rulesVersion, setRulesVersion] = useState(0);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const query = new URLSearchParams({
    limit: '200',
    ...(severity ? { severity } : {}),
    ...(state ? { state } : {}),
    ...(model ? { model_name: model } : {}),
  });
  const alerts = usePoll(
    (a) => a.get<'listAlerts'>(`/api/ai/monitoring/alerts?${query.toString()}`),
    [query.toString()],
  );
  const silences = usePoll((a) => a.get<'listSilences'>('/api/ai/monitoring/silences'), []);
  const notices = usePoll((a) => a.get<'listNotifications'>('/api/ai/monitoring/notifications?limit=30'), [], 10_000);
  const operate = can(props.session, 'operate');
  const now = Date.now();
  const active = (silences.data?.silences ?? []).filter((s) => Date.parse(s.ends_at) > now);
  return (
    <>
      <h1>Alerts</h1>
      <form class="filters row" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()}>
        <label>
          Severity{' '}
          <select value={severity} onChange={(e) => setSeverity(e.currentTarget.value)}>
            <option value="">all</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          State{' '}
          <select value={state} onChange={(e) => setState(e.currentTarget.value)}>
            <option value="">all</option>
            {STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Model <input value={model} onChange={(e) => setModel(e.currentTarget.value.trim())} placeholder="all" />
        </label>
      </form>
      <OutcomeMessage outcome={message} />
      {alerts.error !== undefined && <p class="error">{alerts.error}</p>}
      <div class="table-wrap">
        <table data-testid="alerts">
          <thead>
            <tr>
              <th scope="col">severity</th>
              <th scope="col">alert</th>
              <th scope="col">state</th>
              <th scope="col">value / threshold</th>
              <th scope="col">since</th>
              <th scope="col">notified</th>
              {operate && <th scope="col">actions</th>}
            </tr>
          </thead>
          <tbody>
            {alerts.data?.alerts.length === 0 && (
              <tr>
                <td colSpan={7} class="empty">
                  No alerts match.
                </td>
              </tr>
            )}
            {alerts.data?.alerts.map((a) => (
              <tr key={a.alert_id} data-alert={a.alert_id}>
                <td>
                  <span class={`sev ${a.severity}`}>{a.severity}</span>
                </td>
                <th scope="row">
                  {a.title}
                  <small class="muted"> {a.rule}</small>{' '}
                  <a href={`#/insight/${encodeURIComponent(a.alert_id)}`} class="muted">
                    insight
                  </a>
                </th>
                <td data-testid="alert-state">
                  {a.state}
                  {a.acked_at !== undefined && <span class="tag">acknowledged by {a.acked_by ?? '?'}</span>}
                  {a.suppressed !== undefined && <span class="tag">{a.suppressed}</span>}
                </td>
                <td>
                  {num(a.value, 3)} {a.comparison} {num(a.threshold, 3)}
                </td>
                <td>{when(a.fired_at ?? a.started_at)}</td>
                <td>{a.notifications}</td>
                {operate && (
                  <td class="actions">
                    {a.state !== 'resolved' && a.acked_at === undefined && (
                      <button
                        type="button"
                        onClick={() =>
                          void api
                            .send('POST', `/api/ai/monitoring/alerts/${encodeURIComponent(a.alert_id)}/ack`, {})
                            .then(() => {
                              setMessage({ ok: true, text: `Acknowledged ${a.title}.` });
                              alerts.refresh();
                            })
                            .catch((err: unknown) => setMessage({ ok: false, text: problemsOf(err).message }))
                        }
                      >
                        Acknowledge
                      </button>
                    )}
                    <button type="button" onClick={() => setPreset({ model_name: a.model_name, rule: a.rule })}>
                      Silence…
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="columns">
        <section aria-labelledby="silences-h">
          <h2 id="silences-h">Active silences</h2>
          {active.length === 0 ? (
            <p class="empty">None.</p>
          ) : (
            <ul class="list" data-testid="silences">
              {active.map((s) => (
                <li key={s.silence_id}>
                  {Object.entries(s.matchers)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')}{' '}
                  <small>
                    {when(s.starts_at)} → {when(s.ends_at)} by {s.created_by}
                    {s.comment !== '' ? ` · ${s.comment}` : ''}
                  </small>
                  {operate && (
                    <button
                      type="button"
                      class="link"
                      onClick={() =>
                        void api
                          .send('DELETE', `/api/ai/monitoring/silences/${encodeURIComponent(s.silence_id)}`)
                          .then(silences.refresh)
                          .catch((err: unknown) => setMessage({ ok: false, text: problemsOf(err).message }))
                      }
                    >
                      End now
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {operate && <SilenceForm preset={preset} onDone={silences.refresh} />}
        </section>
        <section aria-labelledby="notices-h">
          <h2 id="notices-h">Notification deliveries</h2>
          {(notices.data?.notifications.length ?? 0) === 0 ? (
            <p class="empty">Nothing sent yet.</p>
          ) : (
            <ul class="list" data-testid="notices">
              {notices.data?.notifications.map((n) => (
                <li key={n.notice_id}>
                  <span class={`sev ${n.severity}`}>{n.state}</span> {n.title}{' '}
                  <small>
                    {when(n.created_at)}
                    {n.deliveries
                      .map(
                        (d) => ` · ${d.target}: ${d.status}${d.http_status !== undefined ? ` ${d.http_status}` : ''}`,
                      )
                      .join('')}
                  </small>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {can(props.session, 'admin') && <RuleForm onSaved={() => setRulesVersion((v) => v + 1)} />}
      <RuleEditor key={rulesVersion} admin={can(props.session, 'admin')} />
    </>
  );
}
