import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '#catalog/routes.ts';

/** What the local authorizer checks, mirroring the HTTP API's JWT authorizer on Cognito. */
export const LOCAL_ISSUER = 'https://cognito-idp.local/aiops-local';
export const LOCAL_AUDIENCE = 'aiops-local-client';
const ALG = 'RS256';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface LocalKeys {
  readonly privateKey: Key;
  readonly publicKey: Key;
}

/** Loads the signing key pair from the data dir, creating it on first use (mode 0600). */
/** Where a data dir keeps the local stack's signing key. */
export const signingKeyFile = (dataDir: string): string => path.join(dataDir, 'auth', 'jwt-signing-key.json');

export async function loadOrCreateKeys(dataDir: string): Promise<LocalKeys> {
  const file = signingKeyFile(dataDir);
  if (!existsSync(file)) {
    const pair = await generateKeyPair(ALG, { extractable: true });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ private: await exportJWK(pair.privateKey), public: await exportJWK(pair.publicKey) }),
      { mode: 0o600 },
    );
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { private: JWK; public: JWK };
  return {
    privateKey: (await importJWK(stored.private, ALG)) as Key,
    publicKey: (await importJWK(stored.public, ALG)) as Key,
  };
}

/** Signs a token shaped like a Cognito ID token: `sub`, `aud`, `iss`, `cognito:groups`, `token_use`. */
export async function mintToken(
  keys: LocalKeys,
  options: { roles: readonly Role[]; subject?: string; ttlSeconds?: number },
): Promise<string> {
  return new SignJWT({
    'cognito:groups': [...options.roles],
    token_use: 'id',
    'cognito:username': options.subject ?? `local-${options.roles.join('-')}`,
  })
    .setProtectedHeader({ alg: ALG, kid: 'local' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(options.subject ?? `local-${options.roles.join('-')}`)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 12 * 3600}s`)
    .sign(keys.privateKey);
}

/** Verifies signature, issuer, audience and expiry; returns the claims or undefined. */
export async function verifyToken(keys: LocalKeys, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: [ALG],
    });
    return payload;
  } catch {
    return undefined;
  }
}

/**
 * Renders claims the way API Gateway HTTP APIs pass them to Lambda: every value a string,
 * arrays as `[a b]`.
 */
export function toGatewayClaims(payload: JWTPayload): Record<string, string | number | boolean | string[]> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [
      k,
      Array.isArray(v)
        ? `[${v.map(String).join(' ')}]`
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v as string | number | boolean),
    ]),
  );
}
