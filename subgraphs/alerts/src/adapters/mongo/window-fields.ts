import type { DetectionEventRecord } from './detection-event.model.js';

/**
 * What a window read fetches: the event's own fields. The window keys (`accountKeys`, `ipKeys`) and `_id` exist for
 * the store's indexes and were a third of every returned document's bytes, encoded by the server and decoded here
 * for each of the thousands of events a page's grouped reads return (ADR 111).
 */
export const WINDOW_FIELDS = {
  _id: 0,
  ...Object.fromEntries(
    (
      [
        'tenantId',
        'eventId',
        'accountId',
        'type',
        'kinds',
        'outcome',
        'occurredAt',
        'ip',
        'deviceId',
        'country',
        'lat',
        'lon',
        'firstSeenDevice',
        'changedFields',
        'caseId',
        'amount',
        'scopes',
        'appName',
        'sequence',
        'hash',
      ] satisfies (keyof DetectionEventRecord)[]
    ).map((field) => [field, 1]),
  ),
};
