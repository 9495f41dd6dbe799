import { useEffect, useState } from 'preact/hooks';
import { keepSession, signInWithCognito, type Role, type Session, type SiteConfig } from '../auth.ts';

/**
 * Locally, the stack offers a token per role (the local gateway mints them; it listens on
 * loopback only); a pasted token works everywhere. In AWS, the Cognito hosted UI with PKCE.
 */
export function SignIn(props: { config: SiteConfig; onSession: (s: Session) => void }) {
  const [tokens, setTokens] = useState<Partial<Record<Role, string>>>({});
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (props.config.mode !== 'local') return;
    fetch('/local/tokens')
      .then(async (r) => (r.ok ? ((await r.json()) as { tokens: Partial<Record<Role, string>> }).tokens : {}))
      .then(setTokens)
      .catch(() => setError('The local stack is not answering: is `npm start` running?'));
  }, [props.config.mode]);
  const use = (token: string) => {
    const s = keepSession(token.trim());
    if (s === undefined) setError('That is not a token (a JWT has three dot-separated parts).');
    else props.onSession(s);
  };
  return (
    <main id="main" class="signin">
      <h1>AIOps console</h1>
      {props.config.mode === 'cognito' ? (
        <button
          type="button"
          class="primary"
          onClick={() => void signInWithCognito(props.config as Extract<SiteConfig, { mode: 'cognito' }>)}
        >
          Sign in
        </button>
      ) : (
        <section aria-labelledby="local-roles">
          <h2 id="local-roles">Local stack: sign in as a role</h2>
          <p class="hint">
            Tokens signed by this stack's own key, valid 12 hours. The API checks the role on every call.
          </p>
          <div class="row">
            {(['admin', 'operator', 'viewer'] as const).map((role) => (
              <button
                key={role}
                type="button"
                class={role === 'admin' ? 'primary' : ''}
                disabled={tokens[role] === undefined}
                onClick={() => tokens[role] !== undefined && use(tokens[role])}
              >
                {role}
              </button>
            ))}
          </div>
        </section>
      )}
      <form
        class="paste"
        onSubmit={(e) => {
          e.preventDefault();
          use(pasted);
        }}
      >
        <label for="token">Or paste a bearer token</label>
        <textarea id="token" rows={3} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
        <button type="submit" disabled={pasted.trim() === ''}>
          Use token
        </button>
      </form>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
