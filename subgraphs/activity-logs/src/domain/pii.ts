/**
 * The personal data an event carries, how it is committed into the chain, masked by role, and erased.
 *
 * Erasure is crypto-shredding of a commitment key: the chain hashes `piiCommitment` = HMAC(accountKey,
 * canonical PII), never the PII itself. Erasing an account deletes its key and replaces the PII fields
 * with a pseudonym; the commitment stays, so the chain still verifies, but it can no longer be linked
 * back to the erased values (the HMAC key is gone, so small spaces like IPs cannot be brute-forced).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '@vigil/core';
import type { ActivityMetadata } from './activity-input.js';
import { canonicalJson } from './canonical.js';

export interface ActivityGeo {
  readonly country?: string;
  readonly city?: string;
  readonly lat?: number;
  readonly lon?: number;
}

export interface ActivityPii {
  readonly ip?: string;
  readonly userAgent?: string;
  readonly deviceId?: string;
  readonly geo?: ActivityGeo;
  readonly metadata?: ActivityMetadata;
}

export function hasPii(pii: ActivityPii): boolean {
  return (
    pii.ip !== undefined ||
    pii.userAgent !== undefined ||
    pii.deviceId !== undefined ||
    pii.geo !== undefined ||
    pii.metadata !== undefined
  );
}

export function piiCommitment(pii: ActivityPii, accountKey: Buffer): string | null {
  if (!hasPii(pii)) return null;
  const { ip, userAgent, deviceId, geo, metadata } = pii;
  return createHmac('sha256', accountKey)
    .update(
      canonicalJson({
        ip,
        userAgent,
        deviceId,
        geo: geo ? { ...geo } : undefined,
        metadata: metadata ? { ...metadata } : undefined,
      }),
    )
    .digest('hex');
}

export function piiMatchesCommitment(pii: ActivityPii, accountKey: Buffer, commitment: string | null): boolean {
  const actual = piiCommitment(pii, accountKey);
  if (actual === null || commitment === null) return actual === commitment;
  const a = Buffer.from(actual, 'hex');
  const b = Buffer.from(commitment, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Roles that see PII in full; everyone else who may read events sees it masked. */
export const PII_READER_ROLES: readonly Role[] = ['SECURITY_ANALYST', 'AUDITOR', 'ADMIN'];

export function canSeePii(roles: readonly Role[]): boolean {
  return roles.some((role) => PII_READER_ROLES.includes(role));
}

/** 203.0.113.77 → 203.0.113.x ; 2001:db8:1:2::5 → 2001:db8:1:x (enough to see "same network"). */
export function maskIp(ip: string): string {
  if (ip.includes('.') && !ip.includes(':')) return `${ip.split('.').slice(0, 3).join('.')}.x`;
  return `${ip.split(':').slice(0, 3).join(':')}:x`;
}

export function maskDeviceId(deviceId: string): string {
  return deviceId.length <= 4 ? '****' : `****${deviceId.slice(-4)}`;
}

/** What a masked reader sees: the country stays (agents need "is this the customer's country"), nothing finer. */
export function maskGeo(geo: ActivityGeo): ActivityGeo {
  return geo.country ? { country: geo.country } : {};
}
