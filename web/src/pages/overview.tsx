import type { Body } from '../api.ts';
import { Chart, type Line } from '../chart.tsx';
import { ms, num, pct, when } from '../format.ts';
import { usePoll } from '../live.ts';
import { ServiceList } from './services.tsx';

type ModelPerf = Body<'getSummary'>['summary']['models'][number];
type Alert = Body<'listAlerts'>['alerts'][number];

const PALETTE = ['#1971c2', '#e8590c', '#2f9e44', '#9c36b5', '#0c8599', '#c2255c', '#5c940d', '#f08c00'];

export function StatusLight(props: { status: string }) {
  return (
    <span class={`light ${props.status}`} data-status={props.status}>
      <span aria-hidden="true" class="dot" />
      {props.status}
    </span>
  );
}

function ModelTile(props: { m: ModelPerf; training: boolean }) {
  const { m } = props;
  const status = props.training ? 'training' : m.status;
  return (
    <a class="tile" href={`#/models/${encodeURIComponent(m.model_name)}`} data-testid={`model-${m.model_name}`}>
      <div class="tile-head">
        <strong>{m.model_name}</strong>
        <StatusLight status={status} />
      </div>
      <dl class="kv">
        <dt>{m.task_type === 'regression' ? 'R² / score' : 'accuracy'}</dt>
        <dd>{pct(m.accuracy)}</dd>
        <dt>estimated</dt>
        <dd>{pct(m.estimated_accuracy)}</dd>
        <dt>latency p95</dt>
        <dd>{ms(m.p95_response_time)}</dd>
        <dt>error rate</dt>
        <dd>{pct(m.error_rate)}</dd>
        <dt>drift</dt>
        <dd>{num(m.drift_score)}</dd>
        <dt>predictions ({m.window.minutes} min)</dt>
        <dd>{num(m.window.predictions)}</dd>
      </dl>
    </a>
  );
}

/** Alert intervals of the last day as chart regions. */
export function alertRegions(alerts: readonly Alert[], now: number) {
  return alerts
    .filter((a) => a.state !== 'pending')
    .map((a) => ({
      from: Date.parse(a.fired_at ?? a.started_at),
      to: a.resolved_at !== undefined ? Date.parse(a.resolved_at) : now,
      severity: a.severity,
    }));
}

export function Overview() {
  const summary = usePoll((api) => api.get<'getSummary'>('/api/ai/monitoring/summary'), []);
  const alerts = usePoll((api) => api.get<'listAlerts'>('/api/ai/monitoring/alerts?limit=200'), []);
  const retrain = usePoll((api) => api.get<'getRetrainStatus'>('/api/ai/retrain/status'), []);
  const models = summary.data?.summary.models ?? [];
  const names = models.map((m) => m.model_name).join(',');
  const timeline = usePoll(
    async (api) =>
      Promise.all(
        names
          .split(',')
          .filter(Boolean)
          .map((n) =>
            api.get<'getMetricHistory'>(
              `/api/ai/monitoring/metric-history?model_name=${encodeURIComponent(n)}&hours=24`,
            ),
          ),
      ),
    [names],
    15_000,
  );
  // Service anomalies of the same day, beside model drift: one view of both kinds of trouble.
  const serviceAnomalies = usePoll(
    async (api) => {
      const { services } = await api.get<'listServices'>('/api/plugin-ai-analytics/services');
      const lists = await Promise.all(
        services.map((x) =>
          api.get<'getAnomaliesHistory'>(
            `/api/plugin-ai-analytics/anomalies-history/${encodeURIComponent(x.service)}?hours=24`,
          ),
        ),
      );
      return lists.flatMap((l) => l.anomalies);
    },
    [],
    30_000,
  );
  const anomalyMarks = (serviceAnomalies.data ?? []).map((a) => ({ time: Date.parse(a.detected_at), value: a.score }));
  const training = new Set(retrain.data?.active_tasks_detail.map((t) => t.model_name) ?? []);
  const firing = (alerts.data?.alerts ?? []).filter((a) => a.state === 'firing');
  const lines: Line[] = (timeline.data ?? []).map((h, i) => ({
    label: `${h.model_name} drift`,
    points: h.series.drift_score,
    color: PALETTE[i % PALETTE.length] ?? '#888',
  }));
  const s = summary.data?.summary;
  return (
    <>
      <h1>Overview</h1>
      {summary.error !== undefined && <p class="error">{summary.error}</p>}
      {s !== undefined && (
        <p class="facts">
          {s.total_models} models · {num(s.total_predictions)} predictions · monitoring{' '}
          {s.monitoring_active ? 'on' : 'paused'} · auto-retrain {s.auto_retrain_enabled ? 'on' : 'off'}
        </p>
      )}
      <section aria-labelledby="models-h">
        <h2 id="models-h">Models</h2>
        {s !== undefined && models.length === 0 && <p class="empty">No model has logged a prediction yet.</p>}
        <div class="tiles">
          {models.map((m) => (
            <ModelTile key={m.model_name} m={m} training={training.has(m.model_name)} />
          ))}
        </div>
      </section>
      <section aria-labelledby="services-h">
        <h2 id="services-h">Services</h2>
        <ServiceList />
      </section>
      <div class="columns">
        <section aria-labelledby="firing-h">
          <h2 id="firing-h">
            Firing alerts <span class="count">{firing.length}</span>
          </h2>
          {firing.length === 0 ? (
            <p class="empty">Nothing firing.</p>
          ) : (
            <ul class="list">
              {firing.slice(0, 8).map((a) => (
                <li key={a.alert_id}>
                  <span class={`sev ${a.severity}`}>{a.severity}</span> {a.title}
                  <small> since {when(a.fired_at ?? a.started_at)}</small>
                </li>
              ))}
            </ul>
          )}
          <a href="#/alerts">All alerts →</a>
        </section>
        <section aria-labelledby="running-h">
          <h2 id="running-h">
            Running retrains <span class="count">{retrain.data?.active_tasks ?? 0}</span>
          </h2>
          {(retrain.data?.active_tasks_detail.length ?? 0) === 0 ? (
            <p class="empty">None running.</p>
          ) : (
            <ul class="list">
              {retrain.data?.active_tasks_detail.map((t) => (
                <li key={t.task_id}>
                  {t.model_name}: {t.step ?? 'starting'}{' '}
                  <progress max={100} value={t.progress} aria-label={`${t.model_name} progress`} />
                </li>
              ))}
            </ul>
          )}
          <a href="#/retraining">Retraining →</a>
        </section>
      </div>
      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline, last 24 h</h2>
        <Chart
          title="Drift score per model (lines), service anomalies by score (red points), alert periods shaded"
          lines={lines}
          regions={alertRegions(alerts.data?.alerts ?? [], Date.now())}
          marks={anomalyMarks}
          height={200}
        />
        <p class="hint">
          {anomalyMarks.length} service anomal{anomalyMarks.length === 1 ? 'y' : 'ies'} in the last 24 h
        </p>
      </section>
    </>
  );
}
