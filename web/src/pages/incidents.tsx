import { useState } from 'preact/hooks';
import type { Api, Body } from '../api.ts';
import { can, type Session } from '../auth.ts';
import { OutcomeMessage, problemsOf, useDraft, type Outcome } from '../form.tsx';
import { ago, num, when } from '../format.ts';
import { useApp, usePoll } from '../live.ts';

type Insight = Body<'getIncidentInsight'>['insight'];
type Incident = Body<'listIncidents'>['incidents'][number];

const LEVEL_CLASS: Record<Incident['level'], string> = { L1: 'critical', L2: 'critical', L3: 'warning', L4: 'info' };
const GRADE_CLASS: Record<Insight['hypotheses'][number]['grade'], string> = {
  CONFIRMED: 'critical',
  LIKELY: 'warning',
  INCONCLUSIVE: 'unknown',
};

/** The evidence-first insight: summary, graded hypotheses with their evidence, and the cited narrative if any. */
export function InsightView(props: { insight: Insight }) {
  const i = props.insight;
  const byId = new Map(i.evidence.map((e) => [e.id, e]));
  return (
    <section aria-labelledby="insight-h" data-testid="insight">
      <h2 id="insight-h">Insight</h2>
      {i.summary.map((s) => (
        <p key={s}>{s}</p>
      ))}
      <h3>Hypotheses</h3>
      <ul class="hypotheses" data-testid="hypotheses">
        {i.hypotheses.map((h) => (
          <li key={h.statement}>
            <span class={`sev ${GRADE_CLASS[h.grade]}`}>{h.grade}</span> <strong>{h.statement}.</strong> {h.reasoning}{' '}
            {h.evidence.map((id) => (
              <a key={id} href={`#evidence-${id}`} class="tag">
                {id}
              </a>
            ))}
          </li>
        ))}
      </ul>
      <p class="muted">
        {i.attribution.attributed} of {i.attribution.signals} related signals explained by a hypothesis (
        {num(i.attribution.unattributed_share * 100, 0)} % unexplained).
      </p>
      {i.narrative !== null && (
        <div class="narrative" data-testid="narrative">
          <h3>Narrative by {i.narrative.model}</h3>
          {i.narrative.sentences.map((s) => (
            <p key={s}>{s}</p>
          ))}
          <p class="muted">
            Only sentences that cite the evidence are shown; {i.narrative.dropped} dropped for citing none or evidence
            it was not given.
          </p>
        </div>
      )}
      <h3>Evidence</h3>
      <ol class="list" data-testid="evidence">
        {i.evidence.map((e) => (
          <li key={e.id} id={`evidence-${e.id}`}>
            <strong>{e.id}</strong> <span class="muted">{when(e.at)}</span> {e.text} <code class="muted">{e.ref}</code>
          </li>
        ))}
      </ol>
      {byId.size === 0 && <p class="empty">No evidence.</p>}
    </section>
  );
}

/** One incident: its state and target, the timeline, the insight, notes and resolution, the post-mortem. */
function IncidentPage(props: { id: string; session: Session }) {
  const { api } = useApp();
  const detail = usePoll(
    (a: Api) => a.get<'getIncident'>(`/api/v1/aiops/incidents/${encodeURIComponent(props.id)}`),
    [props.id],
    10_000,
  );
  const insight = usePoll(
    (a: Api) => a.get<'getIncidentInsight'>(`/api/v1/aiops/incidents/${encodeURIComponent(props.id)}/insight`),
    [props.id],
    30_000,
  );
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const operate = can(props.session, 'operate');
  const i = detail.data?.incident;
  const change = (body: Record<string, unknown>, done: string) =>
    api
      .send('PUT', `/api/v1/aiops/incidents/${encodeURIComponent(props.id)}`, body)
      .then(() => {
        setOutcome({ ok: true, text: done });
        detail.refresh();
      })
      .catch((err: unknown) => setOutcome({ ok: false, text: problemsOf(err).message }));
  return (
    <>
      <p class="crumbs">
        <a href="#/incidents">Incidents</a> / {props.id}
      </p>
      {detail.error !== undefined && <p class="error">{detail.error}</p>}
      {i !== undefined && (
        <>
          <h1>
            {i.title} <span class={`sev ${LEVEL_CLASS[i.level]}`}>{i.level}</span>{' '}
            <span class={`sev ${i.status === 'open' ? 'warning' : 'healthy'}`} data-testid="incident-status">
              {i.status}
            </span>
          </h1>
          <p class="muted">
            {i.level_meaning}. Scope <code>{i.scope}</code>. Opened {when(i.opened_at)} by {i.opened_by}; recovery
            target {i.recovery_target_minutes} min (
            {i.overdue ? 'missed' : i.status === 'open' ? `due ${when(i.target_at)}` : 'met'}).
            {i.resolved_at !== undefined && ` Resolved ${when(i.resolved_at)} by ${i.resolved_by ?? 'someone'}.`}
          </p>
          <p>
            <a
              href={`/api/v1/aiops/incidents/${encodeURIComponent(i.incident_id)}/postmortem?format=markdown`}
              download
            >
              Post-mortem (Markdown)
            </a>
          </p>
          {operate && (
            <div class="actions">
              {i.status === 'open' ? (
                <button type="button" onClick={() => void change({ status: 'resolved' }, 'Incident resolved.')}>
                  Resolve
                </button>
              ) : (
                <button type="button" onClick={() => void change({ status: 'open' }, 'Incident reopened.')}>
                  Reopen
                </button>
              )}
              <form
                class="inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (note.trim() === '') return;
                  void change({ note }, 'Note added.').then(() => setNote(''));
                }}
              >
                <label>
                  Note <input name="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
                </label>
                <button type="submit">Add note</button>
              </form>
            </div>
          )}
          <OutcomeMessage outcome={outcome} />
          <h2>Timeline</h2>
          <div class="table-wrap">
            <table data-testid="timeline">
              <thead>
                <tr>
                  <th>When</th>
                  <th>What</th>
                  <th>Evidence</th>
                </tr>
              </thead>
              <tbody>
                {(detail.data?.timeline ?? []).map((l, k) => (
                  <tr key={`${l.at}-${k}`}>
                    <td>{when(l.at)}</td>
                    <td>
                      <span class="tag">{l.kind}</span> {l.text}
                    </td>
                    <td>
                      <code class="muted">{l.evidence}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {insight.data !== undefined && <InsightView insight={insight.data.insight} />}
    </>
  );
}

/** The insight of one alert (linked from the alerts page). */
function AlertInsightPage(props: { alertId: string }) {
  const insight = usePoll(
    (a: Api) => a.get<'getAlertInsight'>(`/api/v1/aiops/alerts/${encodeURIComponent(props.alertId)}/insight`),
    [props.alertId],
    30_000,
  );
  return (
    <>
      <p class="crumbs">
        <a href="#/alerts">Alerts</a> / {props.alertId}
      </p>
      <h1>Alert insight</h1>
      {insight.error !== undefined && <p class="error">{insight.error}</p>}
      {insight.data !== undefined && <InsightView insight={insight.data.insight} />}
    </>
  );
}

/** Opens an incident by hand. */
function OpenForm(props: { onOpened: () => void }) {
  const { api } = useApp();
  const form = useDraft({ title: '', level: 'L3', scope: '' });
  const { draft } = form;
  return (
    <form
      class="card form wide"
      aria-labelledby="incident-form-h"
      data-testid="incident-form"
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit(
          api.send<'openIncident'>('POST', '/api/v1/aiops/incidents', draft).then((r) => {
            props.onOpened();
            return r;
          }),
          (r) => `Incident ${r.incident.incident_id} opened.`,
        );
      }}
    >
      <h2 id="incident-form-h">Open an incident</h2>
      <div class="grid">
        {form.input('title', 'Title')}
        <label>
          Level{' '}
          <select
            name="level"
            value={draft.level}
            onChange={(e) => form.setDraft({ ...draft, level: e.currentTarget.value })}
          >
            {['L1', 'L2', 'L3', 'L4'].map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        {form.input('scope', 'Scope (model, service:<id>, …)')}
      </div>
      <button type="submit">Open incident</button>
      <OutcomeMessage outcome={form.status} />
    </form>
  );
}

/** Incidents: open ones first, MTTR and MTBF per scope, a form to open one; `#/incidents/<id>` for one. */
export function Incidents(props: { session: Session; id?: string; alertId?: string }) {
  const list = usePoll((a: Api) => a.get<'listIncidents'>('/api/v1/aiops/incidents'), [], 10_000);
  const metrics = usePoll((a: Api) => a.get<'getIncidentMetrics'>('/api/v1/aiops/incident-metrics'), [], 30_000);
  if (props.alertId !== undefined) return <AlertInsightPage alertId={props.alertId} />;
  if (props.id !== undefined) return <IncidentPage id={props.id} session={props.session} />;
  const incidents = [...(list.data?.incidents ?? [])].sort((a, b) =>
    a.status === b.status ? 0 : a.status === 'open' ? -1 : 1,
  );
  return (
    <>
      <h1>Incidents</h1>
      <p class="muted">
        L1 to L4 with the manual's recovery targets (15 min, 1 h, 4 h, 24 h). A critical alert opens one within a
        minute; it resolves when its alerts do, or by hand.
      </p>
      {list.error !== undefined && <p class="error">{list.error}</p>}
      {list.data !== undefined && incidents.length === 0 && <p class="empty">No incident.</p>}
      <div class="table-wrap">
        <table data-testid="incidents">
          <thead>
            <tr>
              <th>Incident</th>
              <th>Level</th>
              <th>State</th>
              <th>Scope</th>
              <th>Opened</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.incident_id}>
                <td>
                  <a href={`#/incidents/${encodeURIComponent(i.incident_id)}`}>{i.title}</a>
                </td>
                <td>
                  <span class={`sev ${LEVEL_CLASS[i.level]}`}>{i.level}</span>
                </td>
                <td>
                  <span class={`sev ${i.status === 'open' ? 'warning' : 'healthy'}`}>{i.status}</span>
                  {i.overdue && <span class="sev critical">past target</span>}
                </td>
                <td>
                  <code>{i.scope}</code>
                </td>
                <td>{ago(Date.parse(i.opened_at))}</td>
                <td>{num(i.duration_minutes, 1)} min</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>MTTR and MTBF</h2>
      <div class="table-wrap">
        <table data-testid="incident-metrics">
          <thead>
            <tr>
              <th>Scope</th>
              <th>Incidents</th>
              <th>Open</th>
              <th>MTTR</th>
              <th>MTBF</th>
              <th>Within target</th>
            </tr>
          </thead>
          <tbody>
            {(metrics.data?.scopes ?? []).map((m) => (
              <tr key={m.scope}>
                <td>
                  <code>{m.scope}</code>
                </td>
                <td>{m.incidents}</td>
                <td>{m.open}</td>
                <td>{m.mttr_minutes === null ? '–' : `${num(m.mttr_minutes, 1)} min`}</td>
                <td>{m.mtbf_hours === null ? '–' : `${num(m.mtbf_hours, 1)} h`}</td>
                <td>{m.within_target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can(props.session, 'operate') && <OpenForm onOpened={list.refresh} />}
    </>
  );
}
