/**
 * The chain's privacy records detection applies to its own copies of events: an account's erasure (ADR 132) and a
 * retention purge (ADR 134). Both are written by activity-logs in the tenant's chain, in order with the events.
 */
import { VIGIL_EVENT_TYPES } from '@vigil/core/domain';

const PRIVACY_RECORD_TYPES: ReadonlySet<string> = new Set([VIGIL_EVENT_TYPES.accountErased, VIGIL_EVENT_TYPES.retentionPurged]);

/**
 * A page of the chain cut after each privacy record: each part is judged, then its record (if any) applied, so the
 * events after it in the same page are judged against the history that forgot.
 */
export function splitAtChainRecords<T extends { readonly type: string }>(events: readonly T[]): { events: T[]; record?: T }[] {
  const parts: { events: T[]; record?: T }[] = [{ events: [] }];
  for (const event of events) {
    const current = parts[parts.length - 1]!;
    current.events.push(event);
    if (PRIVACY_RECORD_TYPES.has(event.type)) {
      current.record = event;
      parts.push({ events: [] });
    }
  }
  return parts.filter((part) => part.events.length > 0);
}
