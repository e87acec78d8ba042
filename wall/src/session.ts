/** Who is signed in, read from the token's claims (the gateway verifies the signature; the page only reads). */
export interface Session {
  readonly token: string;
  readonly subject: string;
  readonly roles: readonly string[];
  readonly tenants: readonly string[];
  /** Milliseconds since the epoch (`exp` × 1000). */
  readonly expiresAt: number;
}

/** sessionStorage, not localStorage: the token dies with the tab and is not shared with other windows. */
const STORAGE_KEY = 'vigil.token';
const MAX_TOKEN_LENGTH = 8_192;

/** Reads a JWT's claims; throws an Error a person can act on when it is not a usable Vigil token. */
export function sessionFromToken(raw: string, now = Date.now()): Session {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  if (token.length > MAX_TOKEN_LENGTH) throw new Error('That token is too long to be a Vigil token.');
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('That is not a JWT (expected three dot-separated parts).');
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1] ?? '')) as Record<string, unknown>;
  } catch {
    throw new Error('The token’s claims could not be read.');
  }
  const exp = claims.exp;
  if (typeof exp !== 'number') throw new Error('The token has no expiry (exp).');
  if (exp * 1000 <= now) throw new Error('The token has already expired: get a new one.');
  return {
    token,
    subject: typeof claims.sub === 'string' ? claims.sub : 'unknown',
    roles: stringList(claims.roles),
    tenants: stringList(claims.tenants),
    expiresAt: exp * 1000,
  };
}

export function hasRole(session: Session, ...roles: string[]): boolean {
  return session.roles.some((role) => roles.includes(role));
}

export function loadStoredSession(): Session | undefined {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return undefined;
  try {
    return sessionFromToken(stored);
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
}

export function storeSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, session.token);
  else sessionStorage.removeItem(STORAGE_KEY);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function base64UrlDecode(text: string): string {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
