/**
 * The personal data an event carries, how it is committed into the chain, masked by role, and erased.
 *
 * Erasure is crypto-shredding of a commitment key: the chain hashes `piiCommitment` = HMAC(accountKey,
 * canonical PII), never the PII itself. Erasing an account deletes its key and replaces the PII fields
 * with a pseudonym; the commitment stays, so the chain still verifies, but it can no longer be linked
 * back to the erased values (the HMAC key is gone, so small spaces like IPs cannot be brute-forced).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { discloseEvidence, ROLE_VISIBILITY, visibilityFor, type Role, type ValueKind } from '@vigil/core/domain';
import type { ActivityMetadata } from './activity-metadata.js';
import { canonicalJson, type Canonicalisable } from './canonical.js';

export interface ActivityGeo {
  readonly country?: string;
  readonly city?: string;
  readonly lat?: number;
  readonly lon?: number;
}

export interface ActivityPii {
  /** A customer's actor id that names them; the chain holds its pseudonym (ADR 140). */
  readonly actorIdentity?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly deviceId?: string;
  readonly geo?: ActivityGeo;
  readonly metadata?: ActivityMetadata;
}

export function hasPii(pii: ActivityPii): boolean {
  return (
    pii.actorIdentity !== undefined ||
    pii.ip !== undefined ||
    pii.userAgent !== undefined ||
    pii.deviceId !== undefined ||
    pii.geo !== undefined ||
    pii.metadata !== undefined
  );
}

export function piiCommitment(pii: ActivityPii, accountKey: Buffer): string | null {
  if (!hasPii(pii)) return null;
  const { actorIdentity, ip, userAgent, deviceId, geo, metadata } = pii;
  return createHmac('sha256', accountKey)
    .update(
      // Undefined fields are dropped: an event without an actor identity keeps the commitment it always had.
      // Geo and metadata as they are: canonical JSON reads only their own fields, so copies changed no byte (ADR 156).
      canonicalJson({ actorIdentity, ip, userAgent, deviceId, geo: plain(geo), metadata: plain(metadata) }),
    )
    .digest('hex');
}

/** Plain data for canonical JSON (an interface has no index signature, so it is named here). */
function plain(value: ActivityGeo | ActivityMetadata | undefined): Canonicalisable {
  return value as unknown as Canonicalisable;
}

export function piiMatchesCommitment(pii: ActivityPii, accountKey: Buffer, commitment: string | null): boolean {
  const actual = piiCommitment(pii, accountKey);
  if (actual === null || commitment === null) return actual === commitment;
  const a = Buffer.from(actual, 'hex');
  const b = Buffer.from(commitment, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether `roles` see an event's network and device data whole (core's personal-data policy decides): filters
 * and statistics by IP, device or metadata would reveal those values, so they need the same visibility.
 */
export function canSeePii(roles: readonly Role[]): boolean {
  return (['IP_ADDRESS', 'DEVICE_ID', 'EVIDENCE'] as const).every((kind) => visibilityFor(roles, kind) === 'CLEAR');
}

/**
 * The reader whose rendering of the metadata is kept as the masked search text (ADR 151): the investigators (AUDITOR
 * and SECURITY_ANALYST read alike) are the callers who may search metadata yet see contact details in it masked.
 */
export const MASKED_SEARCH_READER: readonly Role[] = ['AUDITOR'];

/**
 * Which stored form of the metadata's search text `roles` may search: `WHOLE` (as stored) when they see every kind
 * whole; `MASKED` (as `MASKED_SEARCH_READER` reads it) when they see every kind at least as that reader does, so the
 * masked form holds nothing they cannot read; otherwise none, as a match against either form would confirm a value
 * they see less of than it holds.
 */
export function searchFormFor(roles: readonly Role[]): 'WHOLE' | 'MASKED' | undefined {
  const kinds = Object.keys(ROLE_VISIBILITY.ADMIN) as ValueKind[];
  if (kinds.every((kind) => visibilityFor(roles, kind) === 'CLEAR')) return 'WHOLE';
  const rank = { HIDDEN: 0, MASKED: 1, CLEAR: 2 } as const;
  const atLeast = kinds.every((kind) => rank[visibilityFor(roles, kind)] >= rank[visibilityFor(MASKED_SEARCH_READER, kind)]);
  return atLeast ? 'MASKED' : undefined;
}

/** The metadata as `MASKED_SEARCH_READER` reads it (the same walk GraphQL and the exports disclose it with). */
export function maskedMetadataOf(metadata: ActivityMetadata): Readonly<Record<string, unknown>> {
  return discloseEvidence(metadata, MASKED_SEARCH_READER) as Readonly<Record<string, unknown>>;
}
