/**
 * Who may write which event types. Clients (INGEST callers: identity providers, log shippers, CRMs)
 * record what happened to an account; some types are facts only Vigil itself can attest — an erasure,
 * a retention purge, an administrator's action, an agent's step on a recovery case. A client able to
 * write those could forge an erasure (hiding data stripped behind Vigil's back) or an agent's trail, so
 * they are reserved: refused on every client path and written only by Vigil-internal code.
 */

/** `CLIENT`: any INGEST caller may record it. `VIGIL`: only Vigil's own services (bus consumers, jobs). */
export type EventWriter = 'CLIENT' | 'VIGIL';

/** Families only Vigil writes, with who writes each (shown to clients in the refusal). */
export const VIGIL_WRITTEN_FAMILIES = [
  { prefix: 'system.', writtenBy: 'Vigil itself (erasures, retention purges, administrator actions)' },
  {
    prefix: 'agent.action.',
    writtenBy: 'the recovery-cases and accounts services, over the event bus, for staff acting on a case or an account',
  },
] as const;

/** Vigil-written types with fixed names (all under a reserved family). */
export const VIGIL_EVENT_TYPES = {
  /** An account's personal data was erased (right to erasure); written by the erasure service. */
  accountErased: 'system.privacy.account_erased',
  /** Events past retention were purged; written by the retention job. */
  retentionPurged: 'system.retention.purged',
} as const;

/** Prefix of the administrator-action audit events (`system.admin.<action>`), published on the bus. */
export const ADMIN_ACTION_PREFIX = 'system.admin.';
/** Prefix of the agent-action events (`agent.action.<action>`), published by recovery-cases and accounts on the bus. */
export const AGENT_ACTION_PREFIX = 'agent.action.';

/** Idempotency-key prefix of agent actions in the chain (`agent-action:<actionId>`). */
export const AGENT_ACTION_KEY_PREFIX = 'agent-action:';
/** Idempotency-key prefix of administrator actions in the chain (`admin-action:<actionId>`). */
export const ADMIN_ACTION_KEY_PREFIX = 'admin-action:';

/**
 * A sender keeps re-sending a Vigil-written record until its idempotency key is in the chain, whoever wrote it, and
 * a key taken answers "duplicate" or CONFLICT: a client holding such a key could suppress the record. Clients are
 * refused these keys (ADR 141).
 */
export function isVigilIdempotencyKey(key: string): boolean {
  return key.startsWith(AGENT_ACTION_KEY_PREFIX) || key.startsWith(ADMIN_ACTION_KEY_PREFIX);
}

/** The writer a type requires: `VIGIL` for reserved families, `CLIENT` otherwise. */
export function requiredWriterOf(type: string): EventWriter {
  return VIGIL_WRITTEN_FAMILIES.some((family) => type.startsWith(family.prefix)) ? 'VIGIL' : 'CLIENT';
}

export function isVigilWrittenType(type: string): boolean {
  return requiredWriterOf(type) === 'VIGIL';
}

/** The refusal a client sees for a reserved type: names the type, the family and who writes it. */
export function reservedTypeMessage(type: string): string {
  const family = VIGIL_WRITTEN_FAMILIES.find((candidate) => type.startsWith(candidate.prefix));
  const shown = type.length > 60 ? `${type.slice(0, 60)}…` : type;
  return `Event type "${shown}" is reserved: ${family?.prefix ?? ''}* events are written only by ${family?.writtenBy ?? 'Vigil'}; clients cannot record them.`;
}
