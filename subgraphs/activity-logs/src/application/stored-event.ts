/**
 * One place that turns a stored document into the chain content, the PII tuple and the read view, so
 * the hash computed at ingest and the hash recomputed by verification come from the same function.
 */
import type { ChainContent } from '../domain/hash-chain.js';
import type { ActivityEventView } from '../domain/activity-event.js';
import type { ActivityPii } from '../domain/pii.js';
import type { ActivityEventDocument } from './ports.js';

/** Drops undefined fields and turns an empty object into undefined (MongoDB does not store `{}` here). */
function compact<T extends object>(value: T | undefined | null): T | undefined {
  if (!value) return undefined;
  // A loop instead of entries → filter → fromEntries: three of these per view, a view per event announced (ADR 156).
  let kept: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const field: unknown = (value as Record<string, unknown>)[key];
    if (field !== undefined && field !== null) (kept ??= {})[key] = field;
  }
  return kept as T | undefined;
}

export function isTombstone(doc: ActivityEventDocument): boolean {
  return doc.purgedAt !== undefined && doc.purgedAt !== null;
}

/** Also of a draft (no chain position yet): the content is what the position is computed from. */
export function chainContentOf(doc: Omit<ActivityEventDocument, 'sequence' | 'prevHash' | 'hash'>): ChainContent {
  const device = compact(doc.device);
  return {
    id: doc._id.toHexString(),
    tenantId: doc.tenantId,
    accountId: doc.accountId!,
    type: doc.type!,
    category: doc.category!,
    outcome: doc.outcome!,
    occurredAt: doc.occurredAt!,
    recordedAt: doc.recordedAt!,
    actor: compact(doc.actor) ?? { type: 'SYSTEM' },
    ...(doc.idempotencyKey ? { idempotencyKey: doc.idempotencyKey } : {}),
    ...(device ? { device } : {}),
    firstSeenDevice: doc.firstSeenDevice === true,
    firstSeenCountry: doc.firstSeenCountry === true,
    piiCommitment: doc.piiCommitment ?? null,
    // Only the two fields: whatever else a document holds there is not what was hashed.
    ...(doc.recordedBy ? { recordedBy: { kind: doc.recordedBy.kind, id: doc.recordedBy.id } } : {}),
  };
}

export function piiOf(
  doc: Pick<ActivityEventDocument, 'actorIdentity' | 'ip' | 'userAgent' | 'deviceId' | 'geo' | 'metadata'>,
): ActivityPii {
  const metadata = doc.metadata && Object.keys(doc.metadata).length > 0 ? doc.metadata : undefined;
  const geo = compact(doc.geo);
  return {
    ...(doc.actorIdentity ? { actorIdentity: doc.actorIdentity } : {}),
    ...(doc.ip ? { ip: doc.ip } : {}),
    ...(doc.userAgent ? { userAgent: doc.userAgent } : {}),
    ...(doc.deviceId ? { deviceId: doc.deviceId } : {}),
    ...(geo ? { geo } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

export function viewOf(doc: ActivityEventDocument): ActivityEventView {
  // The content is a fresh object, ours: the view's other fields are added to it rather than spread with it into a
  // third object (a view per event announced; the spreads were most of its cost and garbage, ADR 156). Same fields.
  const view = chainContentOf(doc) as unknown as Record<string, unknown>;
  // An erased event never shows personal data, even if some was written back into the store since
  // (verification reports that as PII_AFTER_ERASURE).
  if (!doc.erasedAt) Object.assign(view, piiOf(doc));
  view.sequence = doc.sequence;
  view.hash = doc.hash;
  if (doc.erasedAt) view.erasedAt = doc.erasedAt;
  return view as unknown as ActivityEventView;
}

/**
 * Lowercased metadata values for substring search (bounded: metadata itself is ≤ 4 KiB). Also of the metadata as the
 * masked searchers read it (`maskedMetadataOf`, ADR 151): a value is searched in the form its caller may read.
 */
export function searchTextOf(metadata: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!metadata) return undefined;
  const text = Object.values(metadata)
    .flat()
    .filter((value) => value !== null)
    .map((value) => String(value).toLowerCase())
    .join(' ');
  return text.length > 0 ? text : undefined;
}

/** lean() returns BSON Binary for Buffer fields; the account keys are used as Buffers. */
export function bufferOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const binary = value as { buffer?: unknown };
  if (binary.buffer instanceof Uint8Array) return Buffer.from(binary.buffer);
  throw new Error('account key is not binary');
}

/** A view plus the review state, which lives outside the chain. */
export type StoredActivityEvent = ActivityEventView & {
  readonly review: NonNullable<ActivityEventDocument['review']> & { flagged: boolean };
};

export function storedEventOf(doc: ActivityEventDocument): StoredActivityEvent {
  return { ...viewOf(doc), review: { ...doc.review, flagged: doc.review?.flagged === true } };
}
