import { useState } from 'preact/hooks';
import type { Api, Body } from '../api.ts';
import { can, type Session } from '../auth.ts';
import { OutcomeMessage, problemsOf } from '../form.tsx';
import { useApp } from '../live.ts';
import { Chart, type Points } from '../chart.tsx';
import { ago, ms, num, pct, when } from '../format.ts';
import { usePoll } from '../live.ts';

type Anomaly = Body<'detectServiceAnomalies'>['anomalies'][number];
type Traffic = Body<'getHttpTraffic'>;
type Summary = Body<'getAnalyticsSummary'>;

const FORECAST_FORMAT: Record<string, (v: number) => string> = {
  cpu: (v) => `${num(v, 0)} %`,
  memory: (v) => `${num(v, 0)} %`,
  response_time: (v) => ms(v),
  error_rate: (v) => pct(v, 1),
};

/**
 * The analytics of a service: its health score with the parts that cost it, the top
 * suggestions with their expected effect, and the next 24 h of each trained metric with its
 * 80 % band (95 % as dashed lines) after the last 6 h, and the forecast's breaches. Operators
 * can train the forecasters.
 */
function Insights(props: { service: string; session: Session; history: readonly History[] | undefined }) {
  const { api } = useApp();
  const q = encodeURIComponent(props.service);
  const summary = usePoll(
    (a: Api) => a.get<'getAnalyticsSummary'>(`/api/plugin-ai-analytics/analytics-summary/${q}`),
    [q],
    30_000,
  );
  const trained = (summary.data?.models.length ?? 0) > 0;
  const predict = usePoll(
    (a: Api) =>
      trained
        ? a.get<'predictServiceMetrics'>(`/api/plugin-ai-analytics/predict/${q}?horizon_hours=24`)
        : Promise.resolve(undefined),
    [q, trained],
    60_000,
  );
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();
  const s: Summary | undefined = summary.data;
  if (s === undefined) return null;
  return (
    <section aria-labelledby="insights-h" data-testid="insights">
      <h2 id="insights-h">
        Health{' '}
        <span class="count" data-testid="health-score">
          {s.health.score}
        </span>
      </h2>
      <p class="muted">
        100 less{' '}
        {s.health.parts
          .filter((p) => p.cost > 0)
          .map((p) => `${p.part} ${p.cost}`)
          .join(', ') || 'nothing'}
        .
      </p>
      {s.suggestions.length > 0 && (
        <ul class="tasks" data-testid="suggestions">
          {s.suggestions.map((x) => (
            <li key={x.suggestion_id} class="card">
              <div class="row">
                <span
                  class={`sev ${x.priority === 'high' ? 'critical' : x.priority === 'medium' ? 'warning' : 'info'}`}
                >
                  {x.priority}
                </span>
                <strong>{x.title}</strong>
              </div>
              <p>
                Expected: {x.expected_impact.metric} {x.expected_impact.change_percent > 0 ? '+' : ''}
                {num(x.expected_impact.change_percent, 1)} % ({x.expected_impact.basis}).
              </p>
              <ol>
                {x.steps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
      <div class="page-head">
        <h2>Forecast, next 24 h</h2>
        {can(props.session, 'operate') && (
          <button
            type="button"
            onClick={() => {
              api
                .send<'trainForecastModels'>('POST', `/api/plugin-ai-analytics/train-models/${q}`)
                .then((r) => {
                  setOutcome({
                    ok: true,
                    text: `Trained: ${r.models.map((m) => `${m.metric} (${m.model}, MASE ${num(m.holdout.mase, 2)})`).join(', ')}.`,
                  });
                  summary.refresh();
                })
                .catch((err: unknown) => setOutcome({ ok: false, text: problemsOf(err).message }));
            }}
          >
            Train forecasters
          </button>
        )}
      </div>
      <OutcomeMessage outcome={outcome} />
      {!trained && <p class="empty">No forecaster trained yet.</p>}
      {s.forecast.breaches.map((b) => (
        <p key={b.metric} class="error" data-testid="breach">
          {b.metric} is expected to cross {b.threshold} at {when(b.expected_at)} (
          {ago(Date.parse(b.expected_at)).replace(' ago', '')} from now, probability {pct(b.probability, 0)}).
        </p>
      ))}
      <div class="charts">
        {(predict.data?.predictions ?? []).map((p) => {
          const past = props.history?.find((h) => h.metric === p.metric)?.points ?? [];
          const since = Date.now() - 6 * 3_600_000;
          const history: Points = past
            .map((x) => [Date.parse(x.timestamp), x.value] as const)
            .filter(([t]) => t >= since);
          const at = (of: (x: (typeof p.points)[number]) => number): Points =>
            p.points.map((x) => [Date.parse(x.timestamp), of(x)]);
          return (
            <Chart
              key={p.metric}
              title={`${p.metric} forecast (${p.model}, confidence ${p.confidence === null ? '–' : `${num(p.confidence, 0)} %`})`}
              lines={[
                { label: 'history', points: history, color: '#1971c2' },
                { label: 'forecast', points: at((x) => x.value), color: '#7048e8' },
                { label: '95 % low', points: at((x) => x.lower_95), color: '#adb5bd', dash: [3, 3] },
                { label: '95 % high', points: at((x) => x.upper_95), color: '#adb5bd', dash: [3, 3] },
              ]}
              band={{ low: at((x) => x.lower_80), high: at((x) => x.upper_80), label: '80 % band' }}
              format={FORECAST_FORMAT[p.metric] ?? ((v) => num(v, 2))}
            />
          );
        })}
      </div>
    </section>
  );
}
type History = Body<'getServiceMetricsHistory'>;

const CHARTS = [
  { metric: 'cpu', title: 'CPU', format: (v: number) => `${num(v, 0)} %` },
  { metric: 'memory', title: 'Memory', format: (v: number) => `${num(v, 0)} %` },
  { metric: 'response_time', title: 'Response time', format: (v: number) => ms(v) },
  { metric: 'error_rate', title: 'Error rate', format: (v: number) => pct(v, 1) },
  { metric: 'rps', title: 'Requests per second', format: (v: number) => num(v, 0) },
] as const;
const HOURS = [1, 6, 24] as const;

/**
 * The band a point was expected in: the mean ± 3σ of the (up to) 30 steps before it, so each
 * step's band uses only what came earlier, as the streaming detectors do.
 */
export function expectedBand(points: Points, window = 30): { low: Points; high: Points } {
  const low: (readonly number[])[] = [];
  const high: (readonly number[])[] = [];
  for (let i = 10; i < points.length; i++) {
    const before = points.slice(Math.max(0, i - window), i).map((p) => p[1] ?? 0);
    const mean = before.reduce((a, b) => a + b, 0) / before.length;
    const sd = Math.sqrt(before.reduce((a, b) => a + (b - mean) ** 2, 0) / before.length);
    const t = points[i]?.[0] ?? 0;
    low.push([t, mean - 3 * sd]);
    high.push([t, mean + 3 * sd]);
  }
  return { low, high };
}

/** A service's HTTP traffic: requests by status class, error rate, latency percentiles, top callers and endpoints. */
function HttpTraffic(props: { service: string; hours: number; anomalies: readonly Anomaly[] }) {
  const traffic = usePoll(
    (a: Api) =>
      a.get<'getHttpTraffic'>(
        `/api/v1/aiops/http-traffic/${encodeURIComponent(props.service)}?hours=${Math.min(props.hours, 24)}`,
      ),
    [props.service, props.hours],
    10_000,
  );
  const t: Traffic | undefined = traffic.data;
  if (t === undefined || t.minutes.length === 0) return null;
  const series = (of: (m: Traffic['minutes'][number]) => number): Points =>
    t.minutes.map((m) => [Date.parse(m.timestamp), of(m)]);
  const marks = (test: (a: Anomaly) => boolean) =>
    props.anomalies.filter(test).map((a) => ({ time: Date.parse(a.detected_at), value: a.value }));
  const tops = (title: string, rows: readonly { key: string; requests: number }[], id: string) => (
    <div class="table-wrap" data-testid={id}>
      <table>
        <thead>
          <tr>
            <th>{title}</th>
            <th>Requests</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>
                <code>{r.key}</code>
              </td>
              <td>{num(r.requests, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <section aria-labelledby="http-h" data-testid="http-traffic">
      <h2 id="http-h">HTTP traffic, per minute</h2>
      <div class="charts">
        <Chart
          title="Requests per minute by status (5xx bursts in red)"
          lines={[
            { label: 'all', points: series((m) => m.requests), color: '#1971c2' },
            { label: '4xx', points: series((m) => m.s4xx), color: '#f08c00' },
            { label: '5xx', points: series((m) => m.s5xx), color: '#e03131' },
          ]}
          marks={marks((a) => a.metric === 'http_5xx' || a.metric === 'http_4xx' || a.metric === 'http_rps')}
          format={(v) => num(v, 0)}
        />
        <Chart
          title="Response time percentiles"
          lines={[
            { label: 'p50', points: series((m) => m.p50), color: '#2f9e44' },
            { label: 'p95', points: series((m) => m.p95), color: '#1971c2' },
            { label: 'p99', points: series((m) => m.p99), color: '#7048e8', dash: [4, 3] },
          ]}
          marks={marks((a) => a.metric.startsWith('response_time_'))}
          format={ms}
        />
        <Chart
          title="Server error rate (5xx)"
          lines={[{ label: '5xx rate', points: series((m) => m.error_rate), color: '#e03131' }]}
          format={(v) => pct(v, 1)}
        />
        <Chart
          title="Distinct callers per minute"
          lines={[{ label: 'client IPs', points: series((m) => m.distinct_ips), color: '#0c8599' }]}
          format={(v) => num(v, 0)}
        />
      </div>
      <div class="charts">
        {tops(
          'Top callers',
          t.top_ips.map((r) => ({ key: r.client_ip, requests: r.requests })),
          'top-ips',
        )}
        {tops(
          'Top endpoints',
          t.top_endpoints.map((r) => ({ key: r.endpoint, requests: r.requests })),
          'top-endpoints',
        )}
      </div>
      {t.truncated && <p class="muted">Some minutes had more distinct callers than are kept; counts stay exact.</p>}
    </section>
  );
}

/** Every service that reports: the overview's list and the services page's index. */
export function ServiceList() {
  const services = usePoll((a: Api) => a.get<'listServices'>('/api/plugin-ai-analytics/services'), [], 15_000);
  const list = services.data?.services ?? [];
  if (services.data !== undefined && list.length === 0)
    return <p class="empty">No service has reported metrics yet.</p>;
  return (
    <div class="tiles">
      {list.map((s) => (
        <a
          key={s.service}
          class="tile"
          href={`#/services/${encodeURIComponent(s.service)}`}
          data-testid={`service-${s.service}`}
        >
          <div class="tile-head">
            <strong>{s.service}</strong>
          </div>
          <dl class="kv">
            <dt>last report</dt>
            <dd>{ago(Date.parse(s.last_seen))}</dd>
            <dt>reporting since</dt>
            <dd>{when(s.first_seen)}</dd>
          </dl>
        </a>
      ))}
    </div>
  );
}

/** Downloads what the page shows, as JSON or CSV (one row per metric and step). */
function download(name: string, histories: readonly History[], format: 'json' | 'csv'): void {
  const body =
    format === 'json'
      ? JSON.stringify(histories, null, 2)
      : [
          'metric,timestamp,value,min,max,count',
          ...histories.flatMap((h) =>
            h.points.map((p) => [h.metric, p.timestamp, p.value, p.min, p.max, p.count].join(',')),
          ),
        ].join('\n');
  const url = URL.createObjectURL(new Blob([body], { type: format === 'json' ? 'application/json' : 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.${format}`;
  a.click();
  URL.revokeObjectURL(url);
}

export function ServicePage(props: { name: string; session: Session }) {
  const [hours, setHours] = useState<number>(6);
  const q = encodeURIComponent(props.name);
  const step = hours <= 1 ? 60 : hours <= 6 ? 120 : 600;
  // Aligned to the step, so the URL (and its ETag) stays the same between steps.
  const from = Math.floor((Date.now() - hours * 3_600_000) / (step * 1000)) * step * 1000;
  const histories = usePoll(
    (a: Api) =>
      Promise.all(
        CHARTS.map((c) =>
          a.get<'getServiceMetricsHistory'>(
            `/api/plugin-ai-analytics/metrics-history/${q}?metric=${c.metric}&step=${step}&from=${from}`,
          ),
        ),
      ),
    [q, hours, from],
    10_000,
  );
  const anomalies = usePoll(
    (a: Api) => a.get<'detectServiceAnomalies'>(`/api/plugin-ai-analytics/detect-anomalies/${q}`),
    [q],
    30_000,
  );
  const found: readonly Anomaly[] = anomalies.data?.anomalies ?? [];
  return (
    <>
      <p class="crumbs">
        <a href="#/services">Services</a> / {props.name}
      </p>
      <div class="page-head">
        <h1>{props.name}</h1>
        <label class="inline">
          Range{' '}
          <select value={hours} onChange={(e) => setHours(Number(e.currentTarget.value))}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {h} h
              </option>
            ))}
          </select>
        </label>
        {(['csv', 'json'] as const).map((format) => (
          <button
            key={format}
            type="button"
            disabled={histories.data === undefined}
            onClick={() => histories.data && download(props.name, histories.data, format)}
          >
            Export {format.toUpperCase()}
          </button>
        ))}
      </div>
      {histories.error !== undefined && <p class="error">{histories.error}</p>}
      <div class="charts">
        {CHARTS.map((c, i) => {
          const h = histories.data?.[i];
          const points: Points = (h?.points ?? []).map((p) => [Date.parse(p.timestamp), p.value]);
          const band = expectedBand(points);
          return (
            <Chart
              key={c.metric}
              title={`${c.title}, per ${step / 60} min (anomalies in red, expected band shaded)`}
              lines={[{ label: c.metric, points, color: '#1971c2' }]}
              band={{ ...band, label: 'expected (mean ± 3σ of the 30 steps before)' }}
              marks={found
                .filter((a) => a.metric === c.metric)
                .map((a) => ({ time: Date.parse(a.detected_at), value: a.value }))}
              format={c.format}
            />
          );
        })}
      </div>
      <Insights service={props.name} session={props.session} history={histories.data} />
      <HttpTraffic service={props.name} hours={hours} anomalies={found} />
      <section aria-labelledby="anomalies-h">
        <h2 id="anomalies-h">
          Anomalies, last 24 h <span class="count">{found.length}</span>
        </h2>
        {anomalies.data !== undefined && found.length === 0 && <p class="empty">None found.</p>}
        <ul class="tasks" data-testid="anomalies">
          {found.slice(0, 20).map((a) => (
            <li key={a.anomaly_id} class="card">
              <div class="row">
                <span
                  class={`sev ${a.severity === 'high' ? 'critical' : a.severity === 'medium' ? 'warning' : 'info'}`}
                >
                  {a.severity}
                </span>
                <strong>{a.type.replace(/_/g, ' ')}</strong> <span class="muted">{a.metric}</span>
                <span class="muted">{when(a.detected_at)}</span>
              </div>
              <p>{a.explanation}</p>
              <p class="muted">What to do: {a.recommended_action}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function Services() {
  return (
    <>
      <h1>Services</h1>
      <ServiceList />
    </>
  );
}
