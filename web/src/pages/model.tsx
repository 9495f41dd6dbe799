import { useState } from 'preact/hooks';
import { ApiError, type Api, type Body } from '../api.ts';
import { can, type Session } from '../auth.ts';
import { Chart, type Points } from '../chart.tsx';
import { ms, num, pct, when } from '../format.ts';
import { useApp, usePoll } from '../live.ts';
import { alertRegions, StatusLight } from './overview.tsx';

type Feature = Body<'getDrift'>['drift']['report']['features'][number];

const HOURS = [1, 6, 24, 72, 168] as const;

/** Reference against current share per bin, as paired bars (an SVG, no chart library needed). */
function Histogram(props: { f: Feature }) {
  const { labels, reference, current } = props.f.histogram;
  const max = Math.max(1e-9, ...reference, ...current);
  const w = 100 / Math.max(1, labels.length);
  return (
    <svg
      viewBox="0 0 100 40"
      class="hist"
      role="img"
      aria-label={`${props.f.feature}: reference (grey) and current (blue) share per bin`}
    >
      {labels.map((label, i) => (
        <g key={label}>
          <title>{`${label}: reference ${pct(reference[i] ?? 0)}, current ${pct(current[i] ?? 0)}`}</title>
          <rect
            x={i * w + w * 0.1}
            width={w * 0.38}
            y={40 - ((reference[i] ?? 0) / max) * 38}
            height={((reference[i] ?? 0) / max) * 38}
            class="ref"
          />
          <rect
            x={i * w + w * 0.5}
            width={w * 0.38}
            y={40 - ((current[i] ?? 0) / max) * 38}
            height={((current[i] ?? 0) / max) * 38}
            class="cur"
          />
        </g>
      ))}
    </svg>
  );
}

async function act(run: () => Promise<unknown>, say: (m: string) => void, done: string): Promise<void> {
  try {
    await run();
    say(done);
  } catch (e) {
    say(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
  }
}

export function ModelPage(props: { name: string; session: Session }) {
  const { api } = useApp();
  const [hours, setHours] = useState<number>(24);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const q = encodeURIComponent(props.name);
  const perf = usePoll(
    (a: Api) => a.get<'getPerformance'>(`/api/ai/monitoring/performance?model_name=${q}&hours=${hours}`),
    [q, hours],
  );
  const hist = usePoll(
    (a: Api) => a.get<'getMetricHistory'>(`/api/ai/monitoring/metric-history?model_name=${q}&hours=${hours}`),
    [q, hours],
  );
  const thresholds = usePoll((a: Api) => a.get<'getThresholds'>('/api/ai/monitoring/thresholds'), [], 60_000);
  const alerts = usePoll((a: Api) => a.get<'listAlerts'>(`/api/ai/monitoring/alerts?model_name=${q}&limit=200`), [q]);
  const drift = usePoll((a: Api) => a.get<'getDrift'>(`/api/ai/monitoring/drift?model_name=${q}`), [q], 30_000);
  const versions = usePoll((a: Api) => a.get<'listVersions'>(`/api/ai/models/${q}/versions`), [q], 15_000);
  const model = usePoll(
    (a: Api) =>
      a.get<'getModel'>(`/api/ai/models/${q}`).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return undefined;
        throw e;
      }),
    [q],
    15_000,
  );
  const p = perf.data?.performance;
  const s = hist.data?.series;
  const t = thresholds.data?.thresholds;
  const regions = alertRegions(alerts.data?.alerts ?? [], Date.now());
  const confidence: Points = (perf.data?.history ?? []).flatMap((h) =>
    h.confidence === null ? [] : [[Date.parse(h.timestamp), h.confidence] as const],
  );
  const operate = can(props.session, 'operate');
  const champion = model.data?.model.champion_version ?? null;

  if (perf.error !== undefined) return <p class="error">{perf.error}</p>;
  return (
    <>
      <p class="crumbs">
        <a href="#/">Overview</a> / {props.name}
      </p>
      <div class="page-head">
        <h1>{props.name}</h1>
        {p !== undefined && <StatusLight status={model.data?.model.training_active === true ? 'training' : p.status} />}
        <label class="inline">
          Range{' '}
          <select value={hours} onChange={(e) => setHours(Number(e.currentTarget.value))}>
            {HOURS.map((h) => (
              <option key={h} value={h}>
                {h < 24 ? `${h} h` : `${h / 24} d`}
              </option>
            ))}
          </select>
        </label>
        {operate && (
          <button
            type="button"
            class="primary"
            onClick={() =>
              void act(
                () => api.send('POST', '/api/ai/retrain/manual', { model_name: props.name }),
                setMessage,
                'Retrain requested: see Retraining.',
              )
            }
          >
            Retrain now
          </button>
        )}
      </div>
      {message !== undefined && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      {p !== undefined && (
        <dl class="kv wide">
          <dt>accuracy (realised)</dt>
          <dd>{pct(p.accuracy)}</dd>
          <dt>estimated (label-free)</dt>
          <dd>
            {pct(p.estimated_accuracy)}
            {p.estimated_accuracy_ci !== null &&
              ` (${pct(p.estimated_accuracy_ci[0])} – ${pct(p.estimated_accuracy_ci[1])})`}
          </dd>
          <dt>latency avg / p95</dt>
          <dd>
            {ms(p.avg_response_time)} / {ms(p.p95_response_time)}
          </dd>
          <dt>error rate</dt>
          <dd>{pct(p.error_rate)}</dd>
          <dt>drift score</dt>
          <dd>{num(p.drift_score)}</dd>
          <dt>predictions / labelled</dt>
          <dd>
            {num(p.prediction_count)} / {num(p.labelled_count)}
          </dd>
          <dt>last prediction</dt>
          <dd>{when(p.last_prediction)}</dd>
          <dt>last training</dt>
          <dd>{when(p.last_training)}</dd>
        </dl>
      )}
      <div class="charts">
        <Chart
          title="Accuracy: realised, and estimated with its 95 % interval"
          lines={[
            { label: 'realised', points: s?.accuracy ?? [], color: '#1971c2' },
            { label: 'estimated', points: s?.estimated_accuracy ?? [], color: '#868e96', dash: [4, 3] },
          ]}
          band={{ low: s?.estimated_accuracy_low ?? [], high: s?.estimated_accuracy_high ?? [], label: 'interval' }}
          thresholds={
            t !== undefined ? [{ value: t.accuracy_threshold, label: `threshold ${pct(t.accuracy_threshold, 0)}` }] : []
          }
          regions={regions}
          format={(v) => pct(v, Math.abs(v) < 0.1 ? 1 : 0)}
        />
        <Chart
          title="Latency"
          lines={[
            { label: 'average', points: s?.response_time ?? [], color: '#2f9e44' },
            { label: 'p95', points: s?.p95_response_time ?? [], color: '#e8590c' },
          ]}
          thresholds={
            t !== undefined
              ? [{ value: t.response_time_threshold, label: `threshold ${ms(t.response_time_threshold)}` }]
              : []
          }
          regions={regions}
          format={(v) => ms(v)}
        />
        <Chart
          title="Error rate"
          lines={[{ label: 'error rate', points: s?.error_rate ?? [], color: '#c2255c' }]}
          thresholds={
            t !== undefined
              ? [{ value: t.error_rate_threshold, label: `threshold ${pct(t.error_rate_threshold, 0)}` }]
              : []
          }
          regions={regions}
          format={(v) => pct(v, Math.abs(v) < 0.1 ? 1 : 0)}
        />
        <Chart
          title="Drift score"
          lines={[{ label: 'drift', points: s?.drift_score ?? [], color: '#9c36b5' }]}
          thresholds={
            t !== undefined ? [{ value: t.drift_threshold, label: `threshold ${num(t.drift_threshold)}` }] : []
          }
          regions={regions}
        />
        <Chart
          title="Average confidence per 5 minutes"
          lines={[{ label: 'confidence', points: confidence, color: '#0c8599' }]}
          regions={regions}
          format={(v) => pct(v, Math.abs(v) < 0.1 ? 1 : 0)}
        />
      </div>
      <section aria-labelledby="drift-h">
        <h2 id="drift-h">Drift report</h2>
        {drift.data === undefined ? (
          <p class="empty">{drift.error ?? 'No scan yet.'}</p>
        ) : (
          <>
            <p class="facts">
              Scanned {when(drift.data.drift.scanned_at)} · {drift.data.drift.report.drifted_features} of{' '}
              {drift.data.drift.report.tested_features} features drifted · score {num(drift.data.drift.drift_score)}
            </p>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">feature</th>
                    <th scope="col">test</th>
                    <th scope="col">distance / limit</th>
                    <th scope="col">p (adjusted)</th>
                    <th scope="col">PSI</th>
                    <th scope="col">reference vs current</th>
                  </tr>
                </thead>
                <tbody>
                  {drift.data.drift.report.features.map((f) => (
                    <tr key={f.feature} class={f.drifted ? 'drifted' : ''}>
                      <th scope="row">
                        {f.feature}
                        {f.drifted && <span class="sev warning">drifted</span>}
                      </th>
                      <td>{f.test}</td>
                      <td>
                        {num(f.distance, 3)} / {num(f.limit, 3)}
                      </td>
                      <td>{num(f.p_value_adjusted, 4)}</td>
                      <td>{f.psi === undefined ? '–' : num(f.psi, 3)}</td>
                      <td>
                        <Histogram f={f} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="versions-h">
        <h2 id="versions-h">Versions</h2>
        {(versions.data?.versions.length ?? 0) === 0 ? (
          <p class="empty">No trained version yet.</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="versions">
              <thead>
                <tr>
                  <th scope="col">version</th>
                  <th scope="col">status</th>
                  <th scope="col">holdout score</th>
                  <th scope="col">MAE / RMSE</th>
                  <th scope="col">samples</th>
                  <th scope="col">trained</th>
                  <th scope="col">training time</th>
                  {operate && <th scope="col">action</th>}
                </tr>
              </thead>
              <tbody>
                {versions.data?.versions.map((v) => (
                  <tr key={v.version} class={v.version === champion ? 'champion' : ''}>
                    <th scope="row">
                      {v.version}
                      {v.version === champion && <span class="sev info">champion</span>}
                    </th>
                    <td>{v.status}</td>
                    <td>{num(v.metrics.score, 4)}</td>
                    <td>
                      {v.metrics.mae === undefined ? '–' : num(v.metrics.mae, 3)} /{' '}
                      {v.metrics.rmse === undefined ? '–' : num(v.metrics.rmse, 3)}
                    </td>
                    <td>{num(v.training_samples)}</td>
                    <td>{when(v.created_at)}</td>
                    <td>{num(v.training_time_seconds)} s</td>
                    {operate && (
                      <td>
                        {v.version !== champion && v.status !== 'rejected' && (
                          <button
                            type="button"
                            onClick={() =>
                              confirm(`Make ${v.version} the champion of ${props.name}?`) &&
                              void act(
                                () =>
                                  api
                                    .send('POST', `/api/ai/models/${q}/rollback`, { version: v.version })
                                    .then(versions.refresh),
                                setMessage,
                                `${v.version} is now the champion.`,
                              )
                            }
                          >
                            Roll back to this
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
