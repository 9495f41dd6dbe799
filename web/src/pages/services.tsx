import { useState } from 'preact/hooks';
import type { Api, Body } from '../api.ts';
import { Chart, type Points } from '../chart.tsx';
import { ago, ms, num, pct, when } from '../format.ts';
import { usePoll } from '../live.ts';

type Anomaly = Body<'detectServiceAnomalies'>['anomalies'][number];
type History = Body<'getServiceMetricsHistory'>;

const CHARTS = [
  { metric: 'cpu', title: 'CPU', format: (v: number) => `${num(v, 0)} %` },
  { metric: 'memory', title: 'Memory', format: (v: number) => `${num(v, 0)} %` },
  { metric: 'response_time', title: 'Response time', format: (v: number) => ms(v) },
  { metric: 'error_rate', title: 'Error rate', format: (v: number) => pct(v, 1) },
  { metric: 'rps', title: 'Requests per second', format: (v: number) => num(v, 0) },
] as const;
const HOURS = [1, 6, 24] as const;

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

export function ServicePage(props: { name: string }) {
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
          return (
            <Chart
              key={c.metric}
              title={`${c.title}, per ${step / 60} min (anomalies in red)`}
              lines={[{ label: c.metric, points, color: '#1971c2' }]}
              marks={found
                .filter((a) => a.metric === c.metric)
                .map((a) => ({ time: Date.parse(a.detected_at), value: a.value }))}
              format={c.format}
            />
          );
        })}
      </div>
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
