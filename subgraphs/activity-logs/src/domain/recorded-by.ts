/**
 * Who recorded an event (ADR 145): its provenance, hashed in the chain with the rest of its content. The actor says
 * who did the thing; a client may name any actor (an AGENT closing a chat is a real client event), so only the
 * recorder tells a client's look-alike of a staff action from one Vigil itself attested.
 *
 * - `CLIENT`: a caller of a client ingestion path (recordActivities, NDJSON); `id` is its verified token's subject.
 * - `VIGIL`: one of Vigil's own writers; `id` names the source (e.g. `agent-actions`, `account-erasure`).
 *
 * No runtime dependency beyond the language: the offline verifier parses it from export lines.
 */
export const RECORDER_KINDS = ['CLIENT', 'VIGIL'] as const;
export type RecorderKind = (typeof RECORDER_KINDS)[number];

export interface RecordedBy {
  readonly kind: RecorderKind;
  readonly id: string;
}

/**
 * The id grammar of the rest of the event (account and actor ids: bounded, no spaces, nothing to escape), plus `|`,
 * which identity providers put in their subjects (`auth0|…`, `google-oauth2|…`): refusing those refused whole IdPs.
 */
export const RECORDER_ID_PATTERN = /^[A-Za-z0-9_.:@|-]{1,128}$/;

export function isRecorderId(value: unknown): value is string {
  return typeof value === 'string' && RECORDER_ID_PATTERN.test(value);
}

/** A Vigil writer's provenance; `source` is a constant of the code, so a bad one is a programming error. */
export function vigilRecorder(source: string): RecordedBy {
  if (!isRecorderId(source)) throw new Error(`"${source}" is not a recorder id`);
  return { kind: 'VIGIL', id: source };
}

/** Parses an untrusted value (an export line's `recordedBy`); throws an Error saying which part is wrong. */
export function parseRecordedBy(value: unknown): RecordedBy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('recordedBy is not an object');
  const { kind, id } = value as { kind?: unknown; id?: unknown };
  if (!RECORDER_KINDS.includes(kind as RecorderKind))
    throw new Error(`recordedBy.kind is not one of ${RECORDER_KINDS.join(', ')}`);
  if (!isRecorderId(id)) throw new Error('recordedBy.id is not an id of 1-128 letters, digits and _ . : @ | -');
  return { kind: kind as RecorderKind, id };
}
