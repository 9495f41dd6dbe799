/** How this deployment signs users in: written beside index.html as /config.json. */
export type SiteConfig =
  | { readonly mode: 'local'; readonly apiUrl: string }
  | {
      readonly mode: 'cognito';
      readonly apiUrl: string;
      /** The Cognito hosted UI's base URL, e.g. https://aiops-123.auth.eu-west-1.amazoncognito.com */
      readonly authUrl: string;
      readonly clientId: string;
    };

export type Role = 'admin' | 'operator' | 'ingest' | 'viewer';

export interface Session {
  readonly token: string;
  readonly roles: readonly Role[];
  readonly user: string;
  /** Epoch seconds. */
  readonly expires: number;
}

const KEY = 'aiops.session';
const VERIFIER = 'aiops.pkce';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Reads the claims of a JWT (the API verifies it; the page only needs its roles and expiry). */
export function sessionOf(token: string): Session | undefined {
  try {
    const part = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const groups = claims['cognito:groups'];
    const roles = (Array.isArray(groups) ? groups : []).filter((g): g is Role =>
      ['admin', 'operator', 'ingest', 'viewer'].includes(String(g)),
    );
    const user = [claims['cognito:username'], claims.email, claims.sub].find((c) => typeof c === 'string') ?? 'unknown';
    return { token, roles, user, expires: typeof claims.exp === 'number' ? claims.exp : 0 };
  } catch {
    return undefined;
  }
}

export function storedSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  const s = token === null ? undefined : sessionOf(token);
  return s !== undefined && s.expires * 1000 > Date.now() ? s : undefined;
}

export function keepSession(token: string): Session | undefined {
  const s = sessionOf(token);
  if (s !== undefined) sessionStorage.setItem(KEY, token);
  return s;
}

export function dropSession(): void {
  sessionStorage.removeItem(KEY);
}

/** What a role may do; the API enforces the same, the page only hides what would be refused. */
export const can = (s: Session | undefined, action: 'operate' | 'admin'): boolean =>
  s !== undefined && (s.roles.includes('admin') || (action === 'operate' && s.roles.includes('operator')));

/** Starts the Cognito hosted UI sign-in with PKCE (authorization code, S256 challenge). */
export async function signInWithCognito(config: Extract<SiteConfig, { mode: 'cognito' }>): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER, verifier);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL('/oauth2/authorize', config.authUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${location.origin}/`,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: base64url(digest),
  }).toString();
  location.assign(url.toString());
}

/** Back from the hosted UI with `?code=`: trades it (and the verifier) for tokens. */
export async function finishCognitoSignIn(
  config: Extract<SiteConfig, { mode: 'cognito' }>,
  code: string,
): Promise<Session | undefined> {
  const verifier = sessionStorage.getItem(VERIFIER);
  sessionStorage.removeItem(VERIFIER);
  if (verifier === null) return undefined;
  const res = await fetch(new URL('/oauth2/token', config.authUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: `${location.origin}/`,
      code_verifier: verifier,
    }).toString(),
  });
  if (!res.ok) return undefined;
  const tokens = (await res.json()) as { id_token?: string };
  history.replaceState(null, '', location.pathname + location.hash);
  return tokens.id_token === undefined ? undefined : keepSession(tokens.id_token);
}
