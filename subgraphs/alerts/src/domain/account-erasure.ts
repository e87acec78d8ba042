/**
 * An account's erasure as detection follows it (ADR 132): activity-logs records `system.privacy.account_erased` in the
 * chain after removing the account's personal data there; detection's own copies of those events (its rule windows)
 * must then forget the same data, or later alerts would judge by it and name it (a "new country" alert listing the
 * erased account's earlier countries).
 */
import { VIGIL_EVENT_TYPES } from '@vigil/core/domain';

/**
 * What a detection event holds of the customer's personal data, copied from the event's IP, device id, location and
 * metadata (transaction amount, third-party app and scopes). The rest stays: kinds, times and outcomes keep the
 * account's counts (an attack in progress is still counted), changed field names and case ids are no personal values.
 */
export const ERASED_DETECTION_FIELDS = ['ip', 'deviceId', 'country', 'lat', 'lon', 'amount', 'appName', 'scopes'] as const;

/** Rule state that can forget an erased account's personal data. */
export interface ErasableHistory {
  /**
   * Removes `ERASED_DETECTION_FIELDS` from the account's events before chain position `beforeSequence` (every event of
   * the account when undefined); answers how many events changed. Idempotent.
   */
  eraseAccount(tenantId: string, accountId: string, beforeSequence: number | undefined): Promise<number>;
}

/** The erasure record's fields detection needs. */
export interface ErasureRecord {
  readonly type: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly sequence?: number;
}

/**
 * A page of the chain cut after each record detection applies to its own copies — an erasure (ADR 132) or a retention
 * purge (ADR 134): each part is judged, then its record (if any) applied, so the events after it in the same page
 * are judged against the history that forgot.
 */
export function splitAtChainRecords<T extends ErasureRecord>(events: readonly T[]): { events: T[]; record?: T }[] {
  const parts: { events: T[]; record?: T }[] = [{ events: [] }];
  for (const event of events) {
    const current = parts[parts.length - 1]!;
    current.events.push(event);
    if (event.type === VIGIL_EVENT_TYPES.accountErased || event.type === VIGIL_EVENT_TYPES.retentionPurged) {
      current.record = event;
      parts.push({ events: [] });
    }
  }
  return parts.filter((part) => part.events.length > 0);
}
