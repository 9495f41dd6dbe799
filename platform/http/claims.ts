import { ROLES, type Role } from '#catalog/routes.ts';

/**
 * Reads `cognito:groups` from JWT claims as API Gateway hands them to Lambda. HTTP APIs pass
 * every claim as a string and render arrays as `[admin operator]`; tests and other callers may
 * pass a real array or a JSON array string. All three forms are accepted.
 */
export function groupsOf(claims: Readonly<Record<string, unknown>> | undefined): Role[] {
  const raw = claims?.['cognito:groups'];
  let names: string[] = [];
  if (Array.isArray(raw)) names = raw.map(String);
  else if (typeof raw === 'string') {
    const text = raw.trim();
    if (text.startsWith('[') && text.includes('"')) {
      try {
        names = (JSON.parse(text) as unknown[]).map(String);
      } catch {
        names = [];
      }
    } else {
      names = text
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/)
        .filter((s) => s.length > 0);
    }
  }
  return names.filter((n): n is Role => (ROLES as readonly string[]).includes(n));
}
