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

/** A form's outcome with the API's problems by field path. */
export type FormStatus = (Outcome & { readonly fields: Readonly<Record<string, string>> }) | undefined;

/**
 * A form over text fields: the draft, a labelled input per field with the API's problem beside
 * it (matched by the field's path in the request body), and `submit`, which shows the outcome.
 */
export function useDraft<T extends Record<string, string>>(initial: T) {
  const [draft, setDraft] = useState(initial);
  const [status, setStatus] = useState<FormStatus>();
  const input = (
    key: keyof T & string,
    label: string,
    options: { readonly path?: string; readonly numeric?: boolean; readonly secret?: boolean } = {},
  ) => {
    const problem = status?.fields[options.path ?? key];
    const common = {
      name: key,
      autoComplete: 'off',
      inputMode: options.numeric === true ? ('decimal' as const) : ('text' as const),
      value: draft[key],
      onInput: (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [key]: e.currentTarget.value }),
      'aria-invalid': problem !== undefined,
    };
    return (
      <label>
        {label} {options.secret === true ? <input type="password" {...common} /> : <input type="text" {...common} />}
        {problem !== undefined && <small class="error">{problem}</small>}
      </label>
    );
  };
  /** Runs the request; on success says `done` (its text from the answer), on failure what the API said, by field. */
  const submit = <R,>(work: Promise<R>, done: (answer: R) => string) =>
    work
      .then((answer) => setStatus({ ok: true, text: done(answer), fields: {} }))
      .catch((err: unknown) => {
        const p = problemsOf(err);
        setStatus({ ok: false, text: p.message, fields: p.fields });
      });
  return { draft, setDraft, status, input, submit };
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
