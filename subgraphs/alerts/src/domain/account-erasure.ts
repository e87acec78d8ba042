/**
 * An account's erasure as detection follows it (ADR 132): activity-logs records `system.privacy.account_erased` in the
 * chain after removing the account's personal data there; detection's own copies of those events (its rule windows)
 * must then forget the same data, or later alerts would judge by it and name it (a "new country" alert listing the
 * erased account's earlier countries).
 */
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

/** The account's notification deliveries, which hold its contact addresses and the providers' errors about them. */
export interface ErasableDeliveries {
  /**
   * Redacts the address and last error of the account's customer deliveries (ADR 142); one still queued is skipped
   * instead of sent. Webhook deliveries go to the tenant's own systems and keep their URL. Answers how many changed;
   * idempotent.
   */
  eraseAccount(tenantId: string, accountId: string): Promise<number>;
}
