/**
 * Validation of incoming activity events, shared by the GraphQL mutation and the NDJSON endpoint so
 * both reject the same things with the same per-item messages.
 */
import type { ActivityOutcome, ActorType } from '@vigil/core/domain';
import { validateMetadata, type ActivityMetadata } from './activity-metadata.js';
import { normaliseIp } from './ip-address.js';
import { isVigilIdempotencyKey, type EventTaxonomy, type EventTypeDefinition, type EventWriter } from '@vigil/core/domain';

export const MAX_USER_AGENT_LENGTH = 512;
/** Events may arrive late (log shippers replay), but not from the future beyond clock skew. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
export const OLDEST_ACCEPTED_OCCURRED_AT = new Date('2000-01-01T00:00:00Z');

export const ACTOR_TYPES: readonly ActorType[] = ['CUSTOMER', 'AGENT', 'SYSTEM', 'PARTNER'];
export const OUTCOMES: readonly ActivityOutcome[] = ['SUCCESS', 'FAILURE', 'UNKNOWN'];

const ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;

/** What a caller sends for one event (GraphQL input and NDJSON line have this shape). */
export interface ActivityEventDraft {
  readonly accountId: unknown;
  readonly type: unknown;
  readonly occurredAt: unknown;
  readonly outcome?: unknown;
  readonly actorType?: unknown;
  readonly actorId?: unknown;
  readonly ip?: unknown;
  readonly userAgent?: unknown;
  readonly deviceId?: unknown;
  readonly metadata?: unknown;
  readonly idempotencyKey?: unknown;
}

export interface ValidActivityEvent {
  readonly accountId: string;
  readonly definition: EventTypeDefinition;
  readonly occurredAt: Date;
  readonly outcome: ActivityOutcome;
  readonly actor: { readonly type: ActorType; readonly id?: string };
  readonly ip?: string;
  readonly ipKey?: string;
  readonly userAgent?: string;
  readonly deviceId?: string;
  readonly metadata?: ActivityMetadata;
  readonly idempotencyKey?: string;
}

/** One problem with one field of one event. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export function validateActivityEvent(
  draft: ActivityEventDraft,
  taxonomy: EventTaxonomy,
  now = new Date(),
  writer: EventWriter = 'CLIENT',
): { event: ValidActivityEvent } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  if (typeof draft.accountId !== 'string' || !ID_PATTERN.test(draft.accountId)) {
    fail('accountId', 'accountId is required: 1-128 characters of letters, digits and _ . : @ -.');
  }
  let definition: EventTypeDefinition | undefined;
  if (typeof draft.type !== 'string') fail('type', 'type is required, e.g. "user.authentication.failed".');
  else {
    const resolution = taxonomy.resolve(draft.type, writer);
    if (resolution.ok) definition = resolution.definition;
    else fail('type', resolution.message);
  }
  const occurredAt = parseInstant(draft.occurredAt);
  if (!occurredAt) fail('occurredAt', 'occurredAt is required as an ISO-8601 date-time with a time zone.');
  else if (occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS)
    fail('occurredAt', 'occurredAt is in the future (more than 5 minutes ahead of the server clock).');
  else if (occurredAt < OLDEST_ACCEPTED_OCCURRED_AT) fail('occurredAt', 'occurredAt is before 2000-01-01.');

  let outcome: ActivityOutcome = definition?.fixedOutcome ?? 'UNKNOWN';
  if (draft.outcome !== undefined && draft.outcome !== null) {
    if (!OUTCOMES.includes(draft.outcome as ActivityOutcome)) fail('outcome', `outcome must be one of ${OUTCOMES.join(', ')}.`);
    else if (definition?.fixedOutcome && draft.outcome !== definition.fixedOutcome) {
      fail(
        'outcome',
        `"${definition.type}" is always ${definition.fixedOutcome}; outcome ${String(draft.outcome)} contradicts it.`,
      );
    } else outcome = draft.outcome as ActivityOutcome;
  }

  let actorType: ActorType = definition?.category === 'AGENT_ACTIVITY' ? 'AGENT' : 'CUSTOMER';
  if (draft.actorType !== undefined && draft.actorType !== null) {
    if (!ACTOR_TYPES.includes(draft.actorType as ActorType))
      fail('actorType', `actorType must be one of ${ACTOR_TYPES.join(', ')}.`);
    else actorType = draft.actorType as ActorType;
  }
  const actorId = optionalString(draft.actorId, 'actorId', 128, fail, ID_PATTERN);
  const ipText = optionalString(draft.ip, 'ip', 64, fail);
  const ip = ipText === undefined ? undefined : normaliseIp(ipText);
  if (ipText !== undefined && !ip) fail('ip', `ip "${ipText.slice(0, 64)}" is not an IPv4 or IPv6 address.`);
  const userAgent = optionalString(draft.userAgent, 'userAgent', MAX_USER_AGENT_LENGTH, fail);
  const deviceId = optionalString(draft.deviceId, 'deviceId', 128, fail, ID_PATTERN);
  const idempotencyKey = optionalString(draft.idempotencyKey, 'idempotencyKey', 128, fail, /^[\x21-\x7e]{1,128}$/);
  if (writer === 'CLIENT' && idempotencyKey !== undefined && isVigilIdempotencyKey(idempotencyKey))
    fail(
      'idempotencyKey',
      'idempotencyKey prefixes "agent-action:" and "admin-action:" are reserved for Vigil\'s own audit records.',
    );
  const metadata = validateMetadata(draft.metadata, fail);

  if (errors.length > 0 || !definition || !occurredAt) return { errors };
  return {
    event: {
      accountId: draft.accountId as string,
      definition,
      occurredAt,
      outcome,
      actor: actorId === undefined ? { type: actorType } : { type: actorType, id: actorId },
      ...(ip ? { ip: ip.text, ipKey: ip.key } : {}),
      ...(userAgent !== undefined ? { userAgent } : {}),
      ...(deviceId !== undefined ? { deviceId } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    },
  };
}

function parseInstant(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  // A zone is required: a local time would be read in the server's zone and land in the wrong hour.
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function optionalString(
  value: unknown,
  field: string,
  maxLength: number,
  fail: (field: string, message: string) => void,
  pattern?: RegExp,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    fail(field, `${field} must be a non-empty string of at most ${maxLength} characters.`);
    return undefined;
  }
  if (pattern && !pattern.test(value)) {
    fail(field, `${field} has characters that are not allowed.`);
    return undefined;
  }
  return value;
}
