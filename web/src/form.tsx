import { useState } from 'preact/hooks';
import { ApiError } from './api.ts';

export interface Field {
  readonly key: string;
  readonly label: string;
  readonly kind: 'number' | 'boolean';
  readonly step?: number;
  readonly min?: number;
  readonly max?: number;
  readonly hint?: string;
}

/** The outcome of an action: a line, and the problems or changes it lists. */
export interface Outcome {
  readonly ok: boolean;
  readonly text: string;
  readonly problems?: readonly string[];
}

/** An action's outcome, announced to screen readers (role=status). */
export function OutcomeMessage(props: { outcome: Outcome | undefined }) {
  const o = props.outcome;
  if (o === undefined) return null;
  return (
    <div class={o.ok ? 'notice' : 'error'} role="status">
      {o.text}
      {o.problems !== undefined && o.problems.length > 0 && (
        <ul>
          {o.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the API said was wrong, per field when it names one (its `details` list paths). */
export function problemsOf(e: unknown): { message: string; fields: Record<string, string> } {
  if (!(e instanceof ApiError)) return { message: e instanceof Error ? e.message : String(e), fields: {} };
  const fields: Record<string, string> = {};
  const details = Array.isArray(e.details) ? (e.details as { path?: unknown; message?: unknown }[]) : [];
  for (const d of details) {
    const path = Array.isArray(d.path) ? d.path.join('.') : typeof d.path === 'string' ? d.path : '';
    if (path !== '') fields[path] = typeof d.message === 'string' ? d.message : 'invalid';
  }
  return { message: `${e.code}: ${e.message}`, fields };
}

/**
 * A settings form over flat numeric and boolean fields: only what changed is sent, and the
 * API's validation errors appear beside their fields.
 */
export function SettingsForm(props: {
  title: string;
  fields: readonly Field[];
  values: Readonly<Record<string, unknown>> | undefined;
  disabled: boolean;
  save: (changes: Record<string, number | boolean>) => Promise<unknown>;
  testId?: string;
}) {
  const [draft, setDraft] = useState<Record<string, string | boolean>>({});
  const [status, setStatus] = useState<{ ok: boolean; text: string; fields: Record<string, string> } | undefined>();
  const id = props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const current = (f: Field): string | boolean => {
    const d = draft[f.key];
    if (d !== undefined) return d;
    const v = props.values?.[f.key];
    return f.kind === 'boolean' ? v === true : v === undefined || v === null ? '' : JSON.stringify(v);
  };
  return (
    <form
      class={props.fields.length > 6 ? 'card form wide' : 'card form'}
      aria-labelledby={`${id}-h`}
      data-testid={props.testId}
      onSubmit={(e) => {
        e.preventDefault();
        const changes: Record<string, number | boolean> = {};
        for (const f of props.fields) {
          const d = draft[f.key];
          if (d === undefined) continue;
          changes[f.key] = f.kind === 'boolean' ? d === true : Number(d);
        }
        if (Object.keys(changes).length === 0) {
          setStatus({ ok: true, text: 'Nothing changed.', fields: {} });
          return;
        }
        props
          .save(changes)
          .then(() => {
            setDraft({});
            setStatus({ ok: true, text: 'Saved.', fields: {} });
          })
          .catch((err: unknown) => {
            const p = problemsOf(err);
            setStatus({ ok: false, text: p.message, fields: p.fields });
          });
      }}
    >
      <h2 id={`${id}-h`}>{props.title}</h2>
      <fieldset disabled={props.disabled}>
        {props.fields.map((f) => {
          const fid = `${id}-${f.key}`;
          const problem = status?.fields[f.key];
          return (
            <div class="field" key={f.key}>
              {f.kind === 'boolean' ? (
                <label for={fid} class="check">
                  <input
                    id={fid}
                    type="checkbox"
                    checked={current(f) === true}
                    onChange={(e) => setDraft({ ...draft, [f.key]: e.currentTarget.checked })}
                  />{' '}
                  {f.label}
                </label>
              ) : (
                <>
                  <label for={fid}>{f.label}</label>
                  <input
                    id={fid}
                    type="number"
                    step={f.step ?? 'any'}
                    {...(f.min !== undefined ? { min: f.min } : {})}
                    {...(f.max !== undefined ? { max: f.max } : {})}
                    value={String(current(f))}
                    aria-invalid={problem !== undefined}
                    aria-describedby={problem !== undefined ? `${fid}-err` : undefined}
                    onInput={(e) => setDraft({ ...draft, [f.key]: e.currentTarget.value })}
                  />
                </>
              )}
              {f.hint !== undefined && <small class="hint">{f.hint}</small>}
              {problem !== undefined && (
                <small class="error" id={`${fid}-err`}>
                  {problem}
                </small>
              )}
            </div>
          );
        })}
      </fieldset>
      {!props.disabled && <button type="submit">Save</button>}
      <OutcomeMessage outcome={status} />
    </form>
  );
}
