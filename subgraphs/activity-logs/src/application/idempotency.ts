/**
 * Idempotency keys answer "already recorded" only for the same event. A key re-sent with different
 * content (another account, type, time, outcome, actor or personal data) is a conflict: answering
 * "duplicate" would silently drop the new event and tell the shipper it was kept.
 */
import { chainActorOf, isPersonalActorId } from '../domain/actor-identity.js';
import { piiMatchesCommitment } from '../domain/pii.js';
import type { ValidActivityEvent } from '../domain/activity-input.js';
import type { AccountKeys, ActivityEventDocument, Enricher, EventChain } from './ports.js';
import { piiOf } from './stored-event.js';

/** The field that differs first, or null when `event` is the event already stored under its key. */
export function differingField(
  stored: ActivityEventDocument,
  event: ValidActivityEvent,
  accountKey: Buffer | null,
  enricher: Enricher,
): string | null {
  if (stored.accountId !== event.accountId) return 'accountId';
  if (stored.type !== event.definition.type) return 'type';
  if (stored.occurredAt?.getTime() !== event.occurredAt.getTime()) return 'occurredAt';
  if (stored.outcome !== event.outcome) return 'outcome';
  if (stored.actor?.type !== event.actor.type) return 'actor';
  // An id is stored as given (every id before ADR 140, and ids that name no one) or as its pseudonym under the
  // account's key; an erased event's pseudonym was made under a shredded key and cannot be checked.
  const storedId = stored.actor?.id ?? undefined;
  const asGiven = storedId === event.actor.id;
  const chain = asGiven || !accountKey || stored.erasedAt ? undefined : chainActorOf(event.actor, accountKey);
  if (!asGiven && (chain ? chain.actor.id !== storedId : !isPersonalActorId(event.actor))) return 'actor';
  // Personal data is compared through its commitment (the stored values may be erased or purged since):
  // without the account key (erased account) the non-personal fields above decide.
  if (accountKey && !stored.erasedAt && !stored.purgedAt) {
    const pii = piiOf({
      actorIdentity: chain?.actorIdentity,
      ip: event.ip,
      userAgent: event.userAgent,
      deviceId: event.deviceId,
      geo: event.ip ? enricher.geoFromIp(event.ip) : undefined,
      metadata: event.metadata ? { ...event.metadata } : undefined,
    });
    if (!piiMatchesCommitment(pii, accountKey, stored.piiCommitment ?? null))
      return 'personal data (actorId, ip, userAgent, deviceId or metadata)';
  }
  return null;
}

export function conflictMessage(key: string, field: string): string {
  return `idempotencyKey "${key}" was already used for a different event (${field} differs); send a new key for a new event, or the same content to retry.`;
}

/**
 * Events whose idempotencyKey is already stored for a different event, by index, with the message to show
 * (naming the key). `existing` (key → stored event) may be passed when the caller already looked them up.
 */
export async function idempotencyConflicts(
  stores: { readonly chain: EventChain; readonly accountKeys: AccountKeys; readonly enricher: Enricher },
  tenantId: string,
  events: readonly ValidActivityEvent[],
  existing?: ReadonlyMap<string, ActivityEventDocument>,
): Promise<Map<number, string>> {
  const keys = events.map((event) => event.idempotencyKey).filter((key): key is string => key !== undefined);
  const stored = existing ?? (await stores.chain.findByIdempotencyKeys(tenantId, keys));
  const conflicts = new Map<number, string>();
  if (stored.size === 0) return conflicts;
  const accounts = [...new Set([...stored.values()].map((doc) => doc.accountId!))];
  const keyByAccount = await stores.accountKeys.existingKeys(tenantId, accounts);
  events.forEach((event, index) => {
    const doc = event.idempotencyKey === undefined ? undefined : stored.get(event.idempotencyKey);
    const field = doc ? differingField(doc, event, keyByAccount.get(doc.accountId!) ?? null, stores.enricher) : null;
    if (field) conflicts.set(index, conflictMessage(event.idempotencyKey!, field));
  });
  return conflicts;
}
