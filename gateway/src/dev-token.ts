import { isRole, ROLES, type Role } from '@vigil/core';
import { SignJWT } from 'jose';

export interface DevTokenRequest {
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly tenants: readonly string[];
  readonly ttlSeconds: number;
  /** HS256 secret the gateway verifies with (JWT_SECRET). */
  readonly secret: string;
  readonly issuer?: string;
  readonly audience?: string;
}

/** An HS256 token with the claims the gateway reads (`sub`, `roles`, `tenants`, `exp`). Dev and tests only. */
export function mintDevToken(request: DevTokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ roles: [...request.roles], tenants: [...request.tenants] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + request.ttlSeconds);
  if (request.issuer) jwt = jwt.setIssuer(request.issuer);
  if (request.audience) jwt = jwt.setAudience(request.audience);
  return jwt.sign(new TextEncoder().encode(request.secret));
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `30m`, `8h`, `7d` → seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`Invalid --ttl "${text}": use e.g. 90s, 30m, 8h or 7d.`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
  if (seconds <= 0) throw new Error('--ttl must be positive.');
  return seconds;
}

export function parseRole(text: string): Role {
  const role = text.trim().toUpperCase();
  if (!isRole(role)) throw new Error(`Unknown role "${text}". Roles: ${ROLES.join(', ')}.`);
  return role;
}
