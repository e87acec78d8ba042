/**
 * An activity event as read back from the store: the shape resolvers, masking and exports work on.
 */
import { discloseRecord, type ActivityOutcome, type ActorType, type Role } from '@vigil/core/domain';
import type { ActivityMetadata } from './activity-metadata.js';
import type { DeviceSummary } from './enrichment.js';
import type { ActivityGeo } from './pii.js';
import type { RecordedBy } from './recorded-by.js';
import type { ActivityCategory } from '@vigil/core/domain';

export interface ActivityEventView {
  readonly id: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly sequence: number;
  readonly hash: string;
  readonly type: string;
  readonly category: ActivityCategory;
  readonly outcome: ActivityOutcome;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly actor: { readonly type: ActorType; readonly id?: string };
  readonly device?: DeviceSummary;
  readonly firstSeenDevice: boolean;
  readonly firstSeenCountry: boolean;
  /** Who recorded it (ADR 145); absent on events stored before provenance was recorded. */
  readonly recordedBy?: RecordedBy;
  /** A customer's actor id that names them; `actor.id` is then its pseudonym (ADR 140). */
  readonly actorIdentity?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly deviceId?: string;
  readonly geo?: ActivityGeo;
  readonly metadata?: ActivityMetadata;
  /** Set when the account's PII was erased; the PII fields then hold nothing. */
  readonly erasedAt?: Date;
}

/**
 * The event as a reader with `roles` may see it, by core's personal-data policy (`ActivityEvent` fields): e.g.
 * whole for SECURITY_ANALYST, AUDITOR and ADMIN; for the floor IP and device id masked, geo reduced to the
 * country, user agent and metadata withheld. Exports call it; GraphQL gets the same policy from the factory.
 */
export function viewForReader(event: ActivityEventView, roles: readonly Role[]): ActivityEventView {
  // Readers see the customer's own id where the chain holds its pseudonym, until the account is erased (ADR 140).
  const { actorIdentity, ...rest } = event;
  const actor = actorIdentity === undefined ? event.actor : { ...event.actor, id: actorIdentity };
  // The actor's id may embed an email (ActivityActor.id is TEXT): disclosed as GraphQL discloses it.
  // The recorder's id is a principal's subject, which may be a staff member's email: disclosed like an actor id.
  return {
    ...discloseRecord('ActivityEvent', rest, roles),
    actor: discloseRecord('ActivityActor', actor, roles),
    ...(rest.recordedBy ? { recordedBy: discloseRecord('ActivityRecorder', rest.recordedBy, roles) } : {}),
  };
}
