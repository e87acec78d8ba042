/**
 * A customer's actor id that names them (ADR 140). Identity providers often identify the customer by email (Okta's
 * `alternateId`), phone number or even IP. The chain's link hash covers the actor, and an erasure cannot change a
 * hashed field, so such an id would outlive the customer's erasure. The chain therefore holds a pseudonym, keyed by
 * the account's commitment key (stable for the account while it exists, unlinkable once the key is shredded), and the
 * id itself is kept as personal data: committed, masked by role and erased with the IP and device id.
 */
import { createHmac } from 'node:crypto';
import { maskText, type ActorType } from '@vigil/core/domain';

export interface Actor {
  readonly type: ActorType;
  readonly id?: string;
}

/** What the chain stores of an actor, and the personal id it stands for (when it is one). */
export interface ChainActor {
  readonly actor: Actor;
  readonly actorIdentity?: string;
}

/**
 * A CUSTOMER actor whose id embeds an email, phone number or IP: the id reads differently to a caller who may see no
 * personal value at all. Staff and system actor ids stay as given: they name Vigil's users, not the customer erased.
 */
export function isPersonalActorId(actor: Actor): boolean {
  return actor.type === 'CUSTOMER' && actor.id !== undefined && maskText(actor.id, []) !== actor.id;
}

/** The actor as the chain stores it: a personal id replaced by its pseudonym under the account's key. */
export function chainActorOf(actor: Actor, accountKey: Buffer): ChainActor {
  if (!isPersonalActorId(actor)) return { actor: { ...actor } };
  const pseudonym = createHmac('sha256', accountKey).update(`actor:${actor.id!}`).digest('base64url').slice(0, 22);
  return { actor: { type: actor.type, id: `customer:${pseudonym}` }, actorIdentity: actor.id };
}
