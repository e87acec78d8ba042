import { EventTaxonomy, VIGIL_EVENT_TYPES } from '@vigil/core';
import type { ValidActivityEvent } from '../domain/activity-input.js';

/** The event type of an account's erasure record in the chain. */
export const ERASURE_EVENT_TYPE = VIGIL_EVENT_TYPES.accountErased;

/**
 * The chain record of an account's erasure. It carries no PII (so no commitment that a later erasure could orphan).
 * Its own module: both the erasure and the ingest's late-erasure pass (ADR 138) append it.
 */
export function erasureRecord(accountId: string, actor: ValidActivityEvent['actor'], idempotencyKey: string): ValidActivityEvent {
  const resolution = new EventTaxonomy().resolve(ERASURE_EVENT_TYPE, 'VIGIL');
  if (!resolution.ok) throw new Error(resolution.message);
  return { accountId, definition: resolution.definition, occurredAt: new Date(), outcome: 'SUCCESS', actor, idempotencyKey };
}
