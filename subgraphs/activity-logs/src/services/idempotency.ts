/**
 * Idempotency keys answer "already recorded" only for the same event. A key re-sent with different
 * content (another account, type, time, outcome, actor or personal data) is a conflict: answering
 * "duplicate" would silently drop the new event and tell the shipper it was kept.
 */
import { piiMatchesCommitment } from '../domain/pii.js';
import type { ValidActivityEvent } from '../domain/activity-input.js';
import { geoFromIp } from '../domain/enrichment.js';
import type { ActivityEventDocument } from '../models/index.js';
import { piiOf } from './event-mapping.js';

/** The field that differs first, or null when `event` is the event already stored under its key. */
export function differingField(
  stored: ActivityEventDocument,
  event: ValidActivityEvent,
  accountKey: Buffer | null,
): string | null {
  if (stored.accountId !== event.accountId) return 'accountId';
  if (stored.type !== event.definition.type) return 'type';
  if (stored.occurredAt?.getTime() !== event.occurredAt.getTime()) return 'occurredAt';
  if (stored.outcome !== event.outcome) return 'outcome';
  if (stored.actor?.type !== event.actor.type || (stored.actor?.id ?? undefined) !== event.actor.id) return 'actor';
  // Personal data is compared through its commitment (the stored values may be erased or purged since):
  // without the account key (erased account) the non-personal fields above decide.
  if (accountKey && !stored.erasedAt && !stored.purgedAt) {
    const pii = piiOf({
      ip: event.ip,
      userAgent: event.userAgent,
      deviceId: event.deviceId,
      geo: event.ip ? geoFromIp(event.ip) : undefined,
      metadata: event.metadata ? { ...event.metadata } : undefined,
    });
    if (!piiMatchesCommitment(pii, accountKey, stored.piiCommitment ?? null))
      return 'personal data (ip, userAgent, deviceId or metadata)';
  }
  return null;
}

export function conflictMessage(key: string, field: string): string {
  return `idempotencyKey "${key}" was already used for a different event (${field} differs); send a new key for a new event, or the same content to retry.`;
}
