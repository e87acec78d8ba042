/**
 * What erasing an event removes, in the store and in a copy about to be announced: its personal data (a customer's
 * actor identity, IP and IP key, user agent, device id, geo, metadata and its search texts) and reviewers' flag reason, which is free text about the
 * customer (ADR 131). The chain fields, the PII commitment and the review markers stay, so the chain still verifies.
 */
import type { ActivityEventDocument, ActivityModels } from './ports.js';

/** An event's personal values: what an erasure removes, and what a retention purge removes with the rest. */
export const ERASED_FIELDS = [
  'actorIdentity',
  'ip',
  'ipKey',
  'userAgent',
  'deviceId',
  'geo',
  'metadata',
  'searchText',
  'maskedSearchText',
] as const;

/** Erases the live (not yet erased or purged) events `filter` matches; answers how many changed. */
export async function eraseStoredEvents(
  events: ActivityModels['events'],
  filter: Readonly<Record<string, unknown>>,
): Promise<number> {
  const result = await events.updateMany(
    { ...filter, erasedAt: { $exists: false }, purgedAt: { $exists: false } },
    {
      $unset: { ...Object.fromEntries(ERASED_FIELDS.map((field) => [field, 1])), 'review.flagReason': 1 },
      $set: { erasedAt: new Date() },
    },
  );
  return result.modifiedCount;
}

/** The event as `eraseStoredEvents` leaves it (a fresh event has no review yet). */
export function erasedCopy(doc: ActivityEventDocument, erasedAt: Date): ActivityEventDocument {
  const copy: ActivityEventDocument = { ...doc, erasedAt };
  for (const field of ERASED_FIELDS) delete copy[field];
  return copy;
}
