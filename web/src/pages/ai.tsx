import { useState } from 'preact/hooks';
import type { Api, Body } from '../api.ts';
import { can, type Session } from '../auth.ts';
import { Chart } from '../chart.tsx';
import { OutcomeMessage, problemsOf, useDraft, type Outcome } from '../form.tsx';
import { ago, ms, num, pct } from '../format.ts';
import { useApp, usePoll } from '../live.ts';

type AiModel = Body<'listAiModels'>['models'][number];
type Budget = Body<'listBudgets'>['budgets'][number];
type Slo = Body<'getLlmSlos'>['models'][number];

const usd = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? '–' : `$${v.toFixed(digits)}`;
const STATE_CLASS: Record<Budget['state'], string> = { ok: 'healthy', warning: 'warning', exceeded: 'critical' };

/** Providers: the registered models, their keys (never shown, only their age) and health, with a test button. */
function Models(props: { models: readonly AiModel[]; operate: boolean; onChanged: () => void }) {
  const { api } = useApp();
  const [testing, setTesting] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  return (
    <section aria-labelledby="ai-models-h">
      <h2 id="ai-models-h">Models</h2>
      {props.models.length === 0 && <p class="empty">No AI model registered yet.</p>}
      <div class="table-wrap">
        <table data-testid="ai-models">
          <thead>
            <tr>
              <th>Model</th>
              <th>Provider</th>
              <th>Falls back to</th>
              <th>Department</th>
              <th>Key</th>
              <th>Health</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.models.map((m) => (
              <tr key={m.name} data-testid={`ai-model-${m.name}`}>
                <td>
                  <strong>{m.name}</strong> <code class="muted">{m.model_id}</code>
                </td>
                <td>{m.provider}</td>
                <td>{m.fallback_model ?? '–'}</td>
                <td>{m.department ?? '–'}</td>
                <td>
                  {m.key === null ? (
                    <span class="muted">none</span>
                  ) : (
                    <>
                      <code>…{m.key.last4}</code> <span class="muted">{num(m.key.age_days, 1)} days old</span>
                      {m.key.rotate && <span class="sev warning">rotate</span>}
                    </>
                  )}
                </td>
                <td>
                  {m.health === null ? (
                    <span class="muted">not tested</span>
                  ) : (
                    <>
                      <span
                        class={`sev ${m.health.score >= 80 ? 'healthy' : m.health.score >= 50 ? 'warning' : 'critical'}`}
                      >
                        {num(m.health.score, 1)}
                      </span>{' '}
                      <span class="muted">{ago(Date.parse(m.health.tested_at))}</span>
                    </>
                  )}
                </td>
                <td>
                  {props.operate && (
                    <button
                      type="button"
                      class="link"
                      disabled={testing === m.name}
                      onClick={() => {
                        setTesting(m.name);
                        api
                          .send<'testAiModel'>('POST', `/api/v1/aiops/ai-models/${encodeURIComponent(m.name)}/test`)
                          .then((r) => {
                            const failed = r.result.parts.filter((p) => !p.passed).map((p) => p.test);
                            setOutcome({
                              ok: failed.length === 0,
                              text: `${m.name}: health ${num(r.result.score, 1)} / 100${failed.length > 0 ? `; failed: ${failed.join(', ')}` : '; all four tests passed'}.`,
                            });
                            props.onChanged();
                          })
                          .catch((err: unknown) => setOutcome({ ok: false, text: problemsOf(err).message }))
                          .finally(() => setTesting(undefined));
                      }}
                    >
                      {testing === m.name ? 'Testing…' : 'Run health tests'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <OutcomeMessage outcome={outcome} />
    </section>
  );
}

/** Spend against budget: a bar per budget, its state, and where the period is heading. */
function Budgets(props: { budgets: readonly Budget[] }) {
  return (
    <section aria-labelledby="ai-budgets-h">
      <h2 id="ai-budgets-h">Spend against budget</h2>
      <p class="muted">
        Warning at 80 %, critical at 100 % (rules <code>budget_warning</code>, <code>budget_exceeded</code>). The
        gateway reserves a call's cost before it goes out, so concurrent calls cannot overspend.
      </p>
      {props.budgets.length === 0 && <p class="empty">No budget yet.</p>}
      <div class="tiles">
        {props.budgets.map((b) => (
          <div class="card budget" key={b.budget_id} data-testid={`budget-${b.name}`}>
            <h3>
              {b.name} <span class={`sev ${STATE_CLASS[b.state]}`}>{b.state}</span>
            </h3>
            <p class="muted">
              {b.period} · {b.scope}
              {b.value !== undefined ? ` ${b.value}` : ''} · period {b.period_key}
            </p>
            <progress max={1} value={Math.min(1, b.used)} aria-label={`${b.name} spent`} />
            <p>
              <strong>{usd(b.spent_usd)}</strong> of {usd(b.limit_usd)} ({pct(b.used, 0)})
              {b.reserved_usd > 0 && <span class="muted"> · {usd(b.reserved_usd, 4)} reserved</span>}
            </p>
            <p class="muted">
              At this pace: {usd(b.forecast_usd)} by {new Date(b.period_end).toISOString().slice(0, 10)}
              {b.forecast_usd > b.limit_usd && <span class="sev warning">over budget</span>}
            </p>
          </div>
        ))}
      </div>
    </section>
  );
}

/** Usage and cost over the last days: by model, department and hour. */
function Usage() {
  const [days, setDays] = useState(7);
  const report = usePoll(
    (a: Api) => a.get<'getLlmUsageReport'>(`/api/v1/aiops/llm/reports?days=${days}`),
    [days],
    30_000,
  );
  const r = report.data;
  return (
    <section aria-labelledby="ai-usage-h">
      <h2 id="ai-usage-h">Usage and cost</h2>
      <label>
        Window{' '}
        <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          {[1, 7, 30].map((d) => (
            <option key={d} value={d}>
              last {d} day{d === 1 ? '' : 's'}
            </option>
          ))}
        </select>
      </label>{' '}
      <a href={`/api/v1/aiops/llm/reports?days=${days}&format=csv`} class="muted" download>
        CSV
      </a>
      {r?.totals !== null && r !== undefined && (
        <p data-testid="ai-totals">
          <strong>{num(r.totals.calls, 0)}</strong> calls, <strong>{usd(r.totals.cost_usd)}</strong>,{' '}
          {pct(r.totals.errors / Math.max(1, r.totals.calls))} failed, {usd(r.totals.cost_per_success, 4)} per
          successful call
          {r.totals.unpriced_calls > 0 && (
            <span class="sev warning">{r.totals.unpriced_calls} calls without a price</span>
          )}
        </p>
      )}
      {r !== undefined && (
        <>
          <Chart
            title="Cost per hour of day (UTC)"
            lines={[
              {
                label: 'cost',
                // Hours of day drawn on one day's axis.
                points: r.by_hour.map((h) => [Date.UTC(2026, 0, 1, Number(h.key)), h.cost_usd]),
                color: '#1971c2',
              },
            ]}
            format={(v) => usd(v)}
            height={160}
          />
          <div class="table-wrap">
            <table data-testid="ai-by-model">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Calls</th>
                  <th>Share</th>
                  <th>Failed</th>
                  <th>Tokens in / out</th>
                  <th>Cost</th>
                  <th>Per successful call</th>
                </tr>
              </thead>
              <tbody>
                {r.by_model.map((g) => (
                  <tr key={g.key}>
                    <td>
                      {g.key} {r.underused.some((u) => u.model === g.key) && <span class="sev info">under 10 %</span>}
                    </td>
                    <td>{num(g.calls, 0)}</td>
                    <td>{pct(g.share)}</td>
                    <td>{num(g.errors, 0)}</td>
                    <td>
                      {num(g.input_tokens, 0)} / {num(g.output_tokens, 0)}
                    </td>
                    <td>{g.unpriced_calls === g.calls ? <span class="muted">no price</span> : usd(g.cost_usd)}</td>
                    <td>{usd(g.cost_per_success, 5)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-wrap">
            <table data-testid="ai-by-department">
              <thead>
                <tr>
                  <th>Department</th>
                  <th>Calls</th>
                  <th>Cost</th>
                </tr>
              </thead>
              <tbody>
                {r.by_department.map((g) => (
                  <tr key={g.key}>
                    <td>{g.key}</td>
                    <td>{num(g.calls, 0)}</td>
                    <td>{usd(g.cost_usd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

const ok = (v: boolean | null) => (v === null ? '–' : v ? '✓' : '✗');

/** SLOs per provider model: availability, latency percentiles, error budget and burn rates. */
function Slos() {
  const slos = usePoll((a: Api) => a.get<'getLlmSlos'>('/api/v1/aiops/llm/slos?days=7'), [], 30_000);
  const rows: readonly Slo[] = slos.data?.models ?? [];
  const t = slos.data?.targets;
  return (
    <section aria-labelledby="ai-slo-h">
      <h2 id="ai-slo-h">Health and SLOs</h2>
      {t !== undefined && (
        <p class="muted">
          Targets: availability {pct(t.availability, 1)}, p50 ≤ {ms(t.latency_p50)}, p95 ≤ {ms(t.latency_p95)}, p99 ≤{' '}
          {ms(t.latency_p99)}, errors &lt; {pct(t.error_rate, 0)}. Burn-rate alerts at 14.4× (1 h and 5 min) and 6× (6 h
          and 30 min).
        </p>
      )}
      <div class="table-wrap">
        <table data-testid="ai-slos">
          <thead>
            <tr>
              <th>Model</th>
              <th>Calls</th>
              <th>Availability</th>
              <th>p50 / p95 / p99</th>
              <th>Error budget left</th>
              <th>Burn 1 h / 5 min</th>
              <th>Burn 6 h / 30 min</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={`${s.provider}/${s.model}`}>
                <td>
                  {s.provider}/{s.model}
                </td>
                <td>{num(s.calls, 0)}</td>
                <td>
                  {pct(s.availability, 2)} {ok(s.objectives.availability)}
                </td>
                <td>
                  {ms(s.latency.p50)} {ok(s.objectives.latency_p50)} / {ms(s.latency.p95)}{' '}
                  {ok(s.objectives.latency_p95)} / {ms(s.latency.p99)} {ok(s.objectives.latency_p99)}
                </td>
                <td>
                  <span
                    class={`sev ${s.error_budget_remaining === null ? 'unknown' : s.error_budget_remaining > 0.25 ? 'healthy' : s.error_budget_remaining > 0 ? 'warning' : 'critical'}`}
                  >
                    {pct(s.error_budget_remaining, 0)}
                  </span>
                </td>
                <td>
                  {num(s.burn_rates.fast_long, 1)}× / {num(s.burn_rates.fast_short, 1)}×
                </td>
                <td>
                  {num(s.burn_rates.slow_long, 1)}× / {num(s.burn_rates.slow_short, 1)}×
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Registers a model by form; the API's errors beside their fields. The key is sent once and never shown again. */
function ModelForm(props: { onSaved: () => void }) {
  const { api } = useApp();
  const form = useDraft({
    name: '',
    provider: 'openai_compatible',
    endpoint: '',
    model_id: '',
    fallback_model: '',
    department: '',
    api_key: '',
  });
  const { draft } = form;
  return (
    <form
      class="card form wide"
      aria-labelledby="ai-model-form-h"
      data-testid="ai-model-form"
      onSubmit={(e) => {
        e.preventDefault();
        const optional = (k: 'endpoint' | 'fallback_model' | 'department' | 'api_key') =>
          draft[k] !== '' ? { [k]: draft[k] } : {};
        void form.submit(
          api
            .send('POST', '/api/v1/aiops/ai-models', {
              name: draft.name,
              provider: draft.provider,
              model_id: draft.model_id,
              ...optional('endpoint'),
              ...optional('fallback_model'),
              ...optional('department'),
              ...optional('api_key'),
            })
            .then(() => {
              form.setDraft({ ...draft, api_key: '' });
              props.onSaved();
            }),
          () => `Model ${draft.name} registered.`,
        );
      }}
    >
      <h2 id="ai-model-form-h">Register a model</h2>
      <div class="grid">
        {form.input('name', 'Name')}
        <label>
          Provider{' '}
          <select
            name="provider"
            value={draft.provider}
            onChange={(e) => form.setDraft({ ...draft, provider: e.currentTarget.value })}
          >
            {['openai', 'anthropic', 'bedrock', 'google', 'ollama', 'openai_compatible'].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        {form.input('model_id', 'Provider model id')}
        {form.input('endpoint', 'Endpoint (optional)')}
        {form.input('fallback_model', 'Falls back to (optional)')}
        {form.input('department', 'Department (optional)')}
        {form.input('api_key', 'API key (kept in the vault)', { secret: true })}
      </div>
      <button type="submit">Register</button>
      <OutcomeMessage outcome={form.status} />
    </form>
  );
}

/** AI providers: models and health, spend against budget, usage and cost, SLOs. */
export function AiProviders(props: { session: Session }) {
  const models = usePoll((a: Api) => a.get<'listAiModels'>('/api/v1/aiops/ai-models'), [], 10_000);
  // Each budget's status sums its period's calls: polled every 30 s, not every 10.
  const budgets = usePoll((a: Api) => a.get<'listBudgets'>('/api/v1/aiops/llm/budgets'), [], 30_000);
  const operate = can(props.session, 'operate');
  return (
    <>
      <h1>AI providers</h1>
      <p class="muted">
        The AI models the organisation calls: their health tests, spend against budget, usage and cost, and SLOs. Calls
        go through <code>POST /api/v1/aiops/generate/text</code> (budgets, retries, circuit breakers, fallbacks) or are
        reported to <code>POST /api/v1/aiops/llm/usage</code>.
      </p>
      {models.error !== undefined && <p class="error">{models.error}</p>}
      <Models models={models.data?.models ?? []} operate={operate} onChanged={models.refresh} />
      <Budgets budgets={budgets.data?.budgets ?? []} />
      <Usage />
      <Slos />
      {operate && <ModelForm onSaved={models.refresh} />}
    </>
  );
}
