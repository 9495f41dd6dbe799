import { Probes } from './pages/probes.tsx';
import { AiProviders } from './pages/ai.tsx';
import { Incidents } from './pages/incidents.tsx';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from './api.ts';
import { dropSession, finishCognitoSignIn, storedSession, type Session, type SiteConfig } from './auth.ts';
import { App, ConnectionState, useApp, useNow } from './live.ts';
import { ago } from './format.ts';
import { SignIn } from './pages/sign-in.tsx';
import { Overview } from './pages/overview.tsx';
import { ModelPage } from './pages/model.tsx';
import { Retraining } from './pages/retraining.tsx';
import { Alerts } from './pages/alerts.tsx';
import { Settings } from './pages/settings.tsx';
import { ServicePage, Services } from './pages/services.tsx';
import './style.css';

/**
 * Hash routes: `#/`, `#/models/<name>`, `#/services`, `#/services/<name>`, `#/probes`, `#/ai`,
 * `#/incidents`, `#/incidents/<id>`, `#/insight/<alert id>`, `#/retraining`, `#/alerts`, `#/settings`.
 */
function useRoute(): string[] {
  const parse = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const on = () => setRoute(parse());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

const NAV = [
  ['', 'Overview'],
  ['services', 'Services'],
  ['probes', 'Probes'],
  ['ai', 'AI providers'],
  ['incidents', 'Incidents'],
  ['retraining', 'Retraining'],
  ['alerts', 'Alerts'],
  ['settings', 'Settings'],
] as const;

function ConnectionBadge() {
  const { connection } = useApp();
  const [state, setState] = useState(connection.state);
  useEffect(() => connection.subscribe(() => setState(connection.state)), [connection]);
  const now = useNow();
  if (state.unreachable !== undefined)
    return (
      <span class="conn down" role="status" data-testid="connection">
        API unreachable{state.lastOk !== undefined ? ` · last update ${ago(state.lastOk, now)}` : ''}
      </span>
    );
  return (
    <span class="conn" role="status" data-testid="connection">
      {state.lastOk === undefined ? 'connecting…' : `updated ${ago(state.lastOk, now)}`}
    </span>
  );
}

function Shell(props: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const [page, arg] = route;
  const { connection } = useApp();
  const [down, setDown] = useState<string | undefined>(undefined);
  useEffect(() => connection.subscribe(() => setDown(connection.state.unreachable)), [connection]);
  let body;
  if (page === 'models' && arg !== undefined) body = <ModelPage name={arg} session={props.session} />;
  else if (page === 'services' && arg !== undefined) body = <ServicePage name={arg} session={props.session} />;
  else if (page === 'services') body = <Services />;
  else if (page === 'probes') body = <Probes session={props.session} />;
  else if (page === 'ai') body = <AiProviders session={props.session} />;
  else if (page === 'incidents')
    body = <Incidents session={props.session} {...(arg !== undefined ? { id: arg } : {})} />;
  else if (page === 'insight' && arg !== undefined) body = <Incidents session={props.session} alertId={arg} />;
  else if (page === 'retraining') body = <Retraining session={props.session} />;
  else if (page === 'alerts') body = <Alerts session={props.session} />;
  else if (page === 'settings') body = <Settings session={props.session} />;
  else body = <Overview />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <strong class="brand">AIOps</strong>
        <nav aria-label="Main">
          {NAV.map(([path, label]) => (
            <a key={path} href={`#/${path}`} aria-current={(page ?? '') === path ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <ConnectionBadge />
        <span class="who" title={props.session.roles.join(', ')}>
          {props.session.user} · {props.session.roles.join(', ') || 'no role'}
        </span>
        <button type="button" class="link" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      {down !== undefined && (
        <div class="banner" role="alert" data-testid="unreachable">
          The API cannot be reached ({down}). Showing the last data received; retrying.
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {body}
      </main>
    </>
  );
}

function Root(props: { config: SiteConfig }) {
  const [session, setSession] = useState<Session | undefined>(storedSession);
  const connection = useMemo(() => new ConnectionState(), []);
  const pollMs = Number(new URLSearchParams(location.search).get('poll') ?? 5000);
  const api = useMemo(
    () =>
      createApi(
        props.config.apiUrl,
        () => session?.token,
        () => {
          dropSession();
          setSession(undefined);
        },
      ),
    [session, props.config.apiUrl],
  );
  useEffect(() => {
    const code = new URLSearchParams(location.search).get('code');
    if (props.config.mode === 'cognito' && code !== null && session === undefined)
      void finishCognitoSignIn(props.config, code).then(setSession);
  }, [props.config, session]);
  if (session === undefined) return <SignIn config={props.config} onSession={setSession} />;
  return (
    <App.Provider value={{ api, connection, pollMs: Number.isFinite(pollMs) && pollMs >= 200 ? pollMs : 5000 }}>
      <Shell
        session={session}
        onSignOut={() => {
          dropSession();
          setSession(undefined);
        }}
      />
    </App.Provider>
  );
}

async function start(): Promise<void> {
  const el = document.getElementById('app');
  if (el === null) return;
  let config: SiteConfig = { mode: 'local', apiUrl: '' };
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    if (res.ok) config = (await res.json()) as SiteConfig;
  } catch {
    // No config.json: the console is served by the API itself (the local stack).
  }
  render(<Root config={config} />, el);
}

void start();
