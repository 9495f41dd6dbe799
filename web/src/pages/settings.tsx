import { useEffect, useState } from 'preact/hooks';
import type { Body } from '../api.ts';
import { can, type Session } from '../auth.ts';
import { OutcomeMessage, problemsOf, SettingsForm, type Field } from '../form.tsx';
import { when } from '../format.ts';
import { useApp, usePoll } from '../live.ts';

const THRESHOLD_FIELDS: readonly Field[] = [
  { key: 'accuracy_threshold', label: 'Accuracy below', kind: 'number', step: 0.01, min: 0, max: 1 },
  { key: 'response_time_threshold', label: 'Latency above (seconds)', kind: 'number', step: 0.1, min: 0 },
  { key: 'error_rate_threshold', label: 'Error rate above', kind: 'number', step: 0.01, min: 0, max: 1 },
  { key: 'drift_threshold', label: 'Drift score above', kind: 'number', step: 0.01, min: 0, max: 1 },
  {
    key: 'warning_margin',
    label: 'Warning margin',
    kind: 'number',
    step: 0.01,
    min: 0,
    max: 0.9,
    hint: 'warn this far before the threshold',
  },
  { key: 'evaluation_window_minutes', label: 'Evaluation window (minutes)', kind: 'number', step: 1, min: 5 },
  { key: 'min_samples', label: 'Samples before judging', kind: 'number', step: 1, min: 1 },
  { key: 'reference_size', label: 'Reference size (predictions)', kind: 'number', step: 1, min: 10 },
];
const ALERTING_FIELDS: readonly Field[] = [
  { key: 'dedup_window_seconds', label: 'De-duplicate within (seconds)', kind: 'number', step: 1, min: 0 },
  { key: 'repeat_interval_seconds', label: 'Repeat a firing alert every (seconds)', kind: 'number', step: 1, min: 60 },
  { key: 'escalate_after_seconds', label: 'Escalate unacknowledged after (seconds)', kind: 'number', step: 1, min: 0 },
];
const MONITORING_FIELDS: readonly Field[] = [
  { key: 'monitoring_active', label: 'Monitoring active (alerts evaluated)', kind: 'boolean' },
  { key: 'update_interval_seconds', label: 'Update interval (seconds)', kind: 'number', step: 1, min: 5 },
  { key: 'email_enabled', label: 'Email notifications', kind: 'boolean' },
  { key: 'sms_enabled', label: 'SMS notifications', kind: 'boolean' },
  { key: 'webhook_enabled', label: 'Webhook notifications', kind: 'boolean' },
];

type Monitoring = Body<'getMonitoringSettings'>['settings'];

/** The whole configuration as one YAML document: validate (errors by path), save (a new version), versions. */
function ConfigDocument(props: { admin: boolean }) {
  const { api } = useApp();
  const [doc, setDoc] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<{ ok: boolean; text: string; problems: string[] } | undefined>();
  const versions = usePoll((a) => a.get<'listConfigVersions'>('/api/v1/aiops/config/versions'), [], 30_000);
  useEffect(() => {
    api
      .text('/api/v1/aiops/config?format=yaml', 'application/yaml')
      .then(setDoc)
      .catch((e: unknown) => setStatus({ ok: false, text: problemsOf(e).message, problems: [] }));
  }, [api]);
  const check = async () => {
    const r = await api.send<'validateConfig'>('POST', '/api/v1/aiops/config/validate', doc ?? '', 'application/yaml');
    setStatus(
      r.valid
        ? { ok: true, text: 'Valid.', problems: [] }
        : {
            ok: false,
            text: `${r.errors.length} problem(s)`,
            problems: r.errors.map((e) => `${e.path}: ${e.message}`),
          },
    );
    return r.valid;
  };
  return (
    <section class="card form" aria-labelledby="doc-h" data-testid="config-document">
      <h2 id="doc-h">Configuration document</h2>
      <label for="config-yaml" class="hint">
        Everything above and the alert rules, mute windows and retrain settings, as one YAML document. Saving applies it
        as a new version.
      </label>
      <textarea
        id="config-yaml"
        rows={18}
        spellcheck={false}
        readOnly={!props.admin}
        value={doc ?? 'loading…'}
        onInput={(e) => setDoc(e.currentTarget.value)}
      />
      <div class="row">
        <button
          type="button"
          onClick={() =>
            void check().catch((e: unknown) => setStatus({ ok: false, text: problemsOf(e).message, problems: [] }))
          }
        >
          Validate
        </button>
        {props.admin && (
          <button
            type="button"
            class="primary"
            onClick={() =>
              void check()
                .then(async (valid) => {
                  if (!valid) return;
                  const r = await api.send<'putConfig'>('PUT', '/api/v1/aiops/config', doc ?? '', 'application/yaml');
                  setStatus({
                    ok: true,
                    text: r.applied
                      ? `Applied as version ${r.version ?? '?'} (${r.diff.length} change(s)).`
                      : 'Nothing changed.',
                    problems: r.diff.map((c) => `${c.path}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`),
                  });
                  versions.refresh();
                })
                .catch((e: unknown) => setStatus({ ok: false, text: problemsOf(e).message, problems: [] }))
            }
          >
            Validate and apply
          </button>
        )}
      </div>
      <OutcomeMessage outcome={status} />
      <h3>Versions</h3>
      <ul class="list">
        {versions.data?.versions.slice(0, 10).map((v) => (
          <li key={v.version}>
            v{v.version} · {when(v.at)} by {v.by} · {v.changes} change(s) · {v.source} · {v.status}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Settings(props: { session: Session }) {
  const { api } = useApp();
  const admin = can(props.session, 'admin');
  const thresholds = usePoll((a) => a.get<'getThresholds'>('/api/ai/monitoring/thresholds'), [], 30_000);
  const alerting = usePoll((a) => a.get<'getAlertingSettings'>('/api/ai/monitoring/alerting-settings'), [], 30_000);
  const monitoring = usePoll((a) => a.get<'getMonitoringSettings'>('/api/ai/monitoring/settings'), [], 30_000);
  const m: Monitoring | undefined = monitoring.data?.settings;
  const mute = alerting.data?.settings.mute_windows ?? [];
  return (
    <>
      <h1>Settings</h1>
      {!admin && <p class="notice">Your role can read these settings; only an admin can change them.</p>}
      <div class="forms">
        <SettingsForm
          title="Thresholds"
          testId="thresholds"
          fields={THRESHOLD_FIELDS}
          values={thresholds.data?.thresholds}
          disabled={!admin}
          save={(c) => api.send('PUT', '/api/ai/monitoring/thresholds', c).then(thresholds.refresh)}
        />
        <SettingsForm
          title="Monitoring and channels"
          fields={MONITORING_FIELDS}
          values={m === undefined ? undefined : { ...m, ...m.notification_settings }}
          disabled={!admin}
          save={(c) => {
            const { email_enabled, sms_enabled, webhook_enabled, ...rest } = c;
            const channels = Object.fromEntries(
              Object.entries({ email_enabled, sms_enabled, webhook_enabled }).filter(([, v]) => v !== undefined),
            );
            return api
              .send('PUT', '/api/ai/monitoring/settings', {
                ...rest,
                ...(Object.keys(channels).length > 0 ? { notification_settings: channels } : {}),
              })
              .then(monitoring.refresh);
          }}
        />
        <SettingsForm
          title="Alerting"
          fields={ALERTING_FIELDS}
          values={alerting.data?.settings}
          disabled={!admin}
          save={(c) => api.send('PUT', '/api/ai/monitoring/alerting-settings', c).then(alerting.refresh)}
        />
        <section class="card" aria-labelledby="mute-h">
          <h2 id="mute-h">Mute windows (UTC)</h2>
          {mute.length === 0 ? (
            <p class="empty">None. Add them in the configuration document below.</p>
          ) : (
            <ul class="list">
              {mute.map((w) => (
                <li key={w.name}>
                  {w.name}: days {w.days.join(', ')} · {w.start}–{w.end}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {/* Operators may read and validate the document; viewers may not read it at all. */}
      {can(props.session, 'operate') && <ConfigDocument admin={admin} />}
    </>
  );
}
