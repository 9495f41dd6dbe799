import { useState } from 'preact/hooks';
import { can, type Session } from '../auth.ts';
import { OutcomeMessage, problemsOf, SettingsForm, type Field } from '../form.tsx';
import { duration, num, pct, when } from '../format.ts';
import { useApp, usePoll } from '../live.ts';

const CONFIG_FIELDS: readonly Field[] = [
  { key: 'auto_retrain_enabled', label: 'Retrain automatically', kind: 'boolean' },
  { key: 'drift_threshold', label: 'Drift threshold', kind: 'number', step: 0.01, min: 0, max: 1 },
  { key: 'performance_threshold', label: 'Performance threshold', kind: 'number', step: 0.01, min: 0, max: 1 },
  { key: 'max_concurrent_tasks', label: 'Concurrent retrains', kind: 'number', step: 1, min: 1 },
  { key: 'retrain_interval_hours', label: 'Retrain every (hours)', kind: 'number', step: 1, min: 1 },
  { key: 'backup_models', label: 'Back up the champion first', kind: 'boolean' },
  { key: 'improvement_margin', label: 'Improvement needed to deploy', kind: 'number', step: 0.001, min: 0 },
  {
    key: 'bake_minutes',
    label: 'Bake time after deploy (minutes)',
    kind: 'number',
    step: 1,
    min: 0,
    hint: 'live accuracy is checked after it; a worse model is rolled back',
  },
  {
    key: 'drift_retrain_cooldown_minutes',
    label: 'Cool-down between drift retrains (minutes)',
    kind: 'number',
    step: 1,
    min: 0,
  },
];

/** The change of a holdout score against the model's previous run, in points. */
function delta(score: number | null, previous: number | null | undefined): string {
  if (score === null || previous === null || previous === undefined) return '–';
  const points = (score - previous) * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pts`;
}

export function Retraining(props: { session: Session }) {
  const { api } = useApp();
  const status = usePoll((a) => a.get<'getRetrainStatus'>('/api/ai/retrain/status'), [], 2000);
  const summary = usePoll((a) => a.get<'getSummary'>('/api/ai/monitoring/summary'), [], 30_000);
  const [model, setModel] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const operate = can(props.session, 'operate');
  const d = status.data;
  const models = summary.data?.summary.models.map((m) => m.model_name) ?? [];
  return (
    <>
      <h1>Retraining</h1>
      {d !== undefined && (
        <p class="facts">
          {d.active_tasks} running · {d.queued_tasks} queued · {d.completed_tasks} completed · {d.failed_tasks} failed ·
          auto-retrain {d.config.auto_retrain_enabled ? 'on' : 'off'}
        </p>
      )}
      {operate && (
        <form
          class="card row"
          aria-label="Start a retrain"
          onSubmit={(e) => {
            e.preventDefault();
            const name = model || models[0];
            if (name === undefined) return;
            api
              .send<'requestRetrain'>('POST', '/api/ai/retrain/manual', { model_name: name })
              .then((r) => {
                setMessage({ ok: true, text: `Queued ${r.task.task_id} for ${name}.` });
                status.refresh();
              })
              .catch((err: unknown) => setMessage({ ok: false, text: problemsOf(err).message }));
          }}
        >
          <label for="retrain-model">Retrain model</label>
          <select id="retrain-model" value={model || models[0]} onChange={(e) => setModel(e.currentTarget.value)}>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <button type="submit" class="primary" disabled={models.length === 0}>
            Start retrain
          </button>
          <OutcomeMessage outcome={message} />
        </form>
      )}
      <section aria-labelledby="active-h">
        <h2 id="active-h">Active</h2>
        {d !== undefined && d.active_tasks_detail.length === 0 && d.queued_tasks_detail.length === 0 && (
          <p class="empty">Nothing running or queued.</p>
        )}
        <ul class="tasks" data-testid="active-tasks">
          {d?.active_tasks_detail.map((t) => (
            <li key={t.task_id} class="card" data-task={t.task_id}>
              <div class="row">
                <strong>{t.model_name}</strong> <span class="muted">{t.reason}</span>
                <span class="step">{t.step ?? 'starting'}</span>
                <span class="muted">ETA {duration(t.estimated_time)}</span>
              </div>
              <progress max={100} value={t.progress} aria-label={`${t.model_name} retrain progress`}>
                {t.progress} %
              </progress>
              <span class="muted">{Math.round(t.progress)} %</span>
            </li>
          ))}
          {d?.queued_tasks_detail.map((t) => (
            <li key={t.task_id} class="card">
              <strong>{t.model_name}</strong>{' '}
              <span class="muted">
                queued {when(t.created_at)} · {t.reason}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        {d !== undefined && d.recent_completed.length === 0 ? (
          <p class="empty">No retrain has finished yet.</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="retrain-history">
              <thead>
                <tr>
                  <th scope="col">model</th>
                  <th scope="col">finished</th>
                  <th scope="col">result</th>
                  <th scope="col">holdout score</th>
                  <th scope="col">vs the model's previous run</th>
                  <th scope="col">samples</th>
                  <th scope="col">training time</th>
                </tr>
              </thead>
              <tbody>
                {d?.recent_completed.map((t, i, all) => (
                  <tr key={t.task_id} data-task={t.task_id}>
                    <th scope="row">{t.model_name}</th>
                    <td>{when(t.completed_at)}</td>
                    <td>
                      <span class={`sev ${t.result.deployed ? 'info' : t.result.success ? 'warning' : 'critical'}`}>
                        {t.result.deployed ? 'deployed' : t.result.success ? 'kept champion' : 'failed'}
                      </span>
                      {t.result.error !== undefined && <small> {t.result.error}</small>}
                    </td>
                    <td>{pct(t.result.accuracy)}</td>
                    <td>
                      {delta(
                        t.result.accuracy,
                        all.slice(i + 1).find((o) => o.model_name === t.model_name && o.result.accuracy !== null)
                          ?.result.accuracy,
                      )}
                    </td>
                    <td>{num(t.result.training_samples)}</td>
                    <td>{duration(t.result.training_time)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <SettingsForm
        title="Retrain configuration"
        testId="retrain-config"
        fields={CONFIG_FIELDS}
        values={d?.config}
        disabled={!can(props.session, 'admin')}
        save={(changes) => api.send('PUT', '/api/ai/retrain/config', changes).then(status.refresh)}
      />
    </>
  );
}
