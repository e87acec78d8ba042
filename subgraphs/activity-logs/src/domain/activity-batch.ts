/**
 * A batch of drafts (one GraphQL call or one NDJSON chunk): every item validated, each bad field reported with
 * its index, idempotency keys unique within the batch.
 */
import { invalidInput, type EventTaxonomy, type EventWriter } from '@vigil/core/domain';
import { validateActivityEvent, type ActivityEventDraft, type FieldError, type ValidActivityEvent } from './activity-input.js';

/** Largest batch one call may carry; bigger batches are rejected whole, not truncated. */
export const MAX_BATCH_SIZE = 1000;

export interface ActivityInputError extends FieldError {
  /** Position of the event in the batch (0-based), or -1 for the batch as a whole. */
  readonly index: number;
}

export type BatchValidation =
  | { readonly ok: true; readonly events: readonly ValidActivityEvent[] }
  | { readonly ok: false; readonly errors: readonly ActivityInputError[] };

export function validateActivityBatch(
  drafts: readonly ActivityEventDraft[],
  taxonomy: EventTaxonomy,
  now = new Date(),
  writer: EventWriter = 'CLIENT',
): BatchValidation {
  if (drafts.length === 0) return { ok: false, errors: [{ index: -1, field: 'events', message: 'Send at least one event.' }] };
  if (drafts.length > MAX_BATCH_SIZE) {
    return {
      ok: false,
      errors: [
        {
          index: -1,
          field: 'events',
          message: `A batch holds at most ${MAX_BATCH_SIZE} events; got ${drafts.length}. Split it.`,
        },
      ],
    };
  }
  const errors: ActivityInputError[] = [];
  const events: ValidActivityEvent[] = [];
  const seenKeys = new Map<string, number>();
  drafts.forEach((draft, index) => {
    const result = validateActivityEvent(draft, taxonomy, now, writer);
    if ('errors' in result) {
      errors.push(...result.errors.map((error) => ({ index, ...error })));
      return;
    }
    const key = result.event.idempotencyKey;
    if (key !== undefined) {
      const first = seenKeys.get(key);
      if (first !== undefined) {
        errors.push({
          index,
          field: 'idempotencyKey',
          message: `Duplicates the idempotencyKey of event ${first} in the same batch.`,
        });
        return;
      }
      seenKeys.set(key, index);
    }
    events.push(result.event);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
}

/** BAD_USER_INPUT naming every bad field by event (`events[3].ip`), led by the first problem. */
export function batchInputError(errors: readonly ActivityInputError[]) {
  const fields = Object.fromEntries(
    errors.map((error) => [error.index < 0 ? error.field : `events[${error.index}].${error.field}`, error.message]),
  );
  const first = errors[0]!;
  const where = first.index < 0 ? '' : `Event ${first.index}: `;
  const more = errors.length > 1 ? ` (${errors.length} problems in total; see extensions.fields)` : '';
  return invalidInput(`${where}${first.message}${more}`, fields);
}
