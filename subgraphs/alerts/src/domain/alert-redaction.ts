/**
 * What an alert keeps after the personal data it copied is gone (ADR 136). An alert copies values from the events it
 * cites (the attacking IP, countries, transaction amounts, third-party apps) into its reason values, its explanation
 * and its group and suppression keys. An account's erasure (ADR 131, 132) or a retention purge of those events
 * (ADR 134) makes the copies outlive the record, so they are replaced by `REDACTED`; the audit facts stay: id, rule,
 * severity, times, counts and thresholds, evidence positions and hashes, the status history.
 */
import type { ActivityCategory } from '@vigil/core/domain';

/** What a removed value reads as, so a reader sees that something was there and was removed on purpose. */
export const REDACTED = '[redacted]';

/**
 * Reason values that are personal data copied from events, or computed from the customer's own amounts (mean,
 * deviation). Counts, distances, speeds and scores stay: they describe the incident, not the person.
 */
export const PERSONAL_REASON_VALUES: readonly string[] = [
  'ip',
  'fromCountry',
  'toCountry',
  'newCountry',
  'knownCountries',
  'amount',
  'mean',
  'standardDeviation',
  'app',
  'scopes',
  'broadScopes',
];

/** Group and suppression key parts that embed an event's value (`ip:…`, `device:…`, `country:…`). */
const PERSONAL_KEY_PARTS: ReadonlySet<string> = new Set(['ip', 'device', 'country']);

/** Values that say "none" or "not new" rather than naming anything: nothing to remove. */
const NOT_A_VALUE: ReadonlySet<string> = new Set(['', '-', 'no', 'yes', 'unknown', REDACTED]);

/** Why an alert's personal values were removed, recorded on it. */
export const REDACTION_CAUSES = ['ACCOUNT_ERASED', 'RETENTION_PURGED'] as const;
export type RedactionCause = (typeof REDACTION_CAUSES)[number];

/** The fields of an alert that can hold personal data; comments and status changes keep their other fields. */
export interface RedactableAlert<Comment extends { text: string }, Change extends { reason?: string }> {
  readonly groupKey: string;
  readonly suppressionKey: string;
  readonly reasons: { readonly values: Readonly<Record<string, number | string>>; readonly explanation: string };
  readonly comments: readonly Comment[];
  readonly history: readonly Change[];
  readonly closeReason?: string;
}

/** The redacted fields, named as stored (dotted paths into `reasons`), ready for one `$set`. */
export interface RedactedFields<Comment, Change> {
  readonly groupKey: string;
  readonly suppressionKey: string;
  readonly 'reasons.values': Record<string, number | string>;
  readonly 'reasons.explanation': string;
  readonly comments?: Comment[];
  readonly history?: Change[];
  readonly closeReason?: string;
}

/**
 * The alert's fields with its copied personal values replaced. With `freeText` (an erasure) the analysts' comments
 * and status reasons go too: free text typically names the customer ("called from +44 …") and cannot be screened,
 * as activity-logs removes reviewers' flag reasons (ADR 131); the comment's author and time and every status change
 * stay. A purge leaves free text: it was written by people, not copied from the purged events.
 */
export function redactedFields<Comment extends { text: string }, Change extends { reason?: string }>(
  alert: RedactableAlert<Comment, Change>,
  freeText: boolean,
): RedactedFields<Comment, Change> {
  const removed = new Set<string>();
  const values = { ...alert.reasons.values };
  for (const name of PERSONAL_REASON_VALUES) {
    const value = values[name];
    if (value === undefined || NOT_A_VALUE.has(String(value))) continue;
    for (const token of String(value).split(/[\s,]+/)) if (!NOT_A_VALUE.has(token)) removed.add(token);
    values[name] = REDACTED;
  }
  const groupKey = redactedKey(alert.groupKey, removed);
  const suppressionKey = redactedKey(alert.suppressionKey, removed);
  return {
    groupKey,
    suppressionKey,
    'reasons.values': values,
    'reasons.explanation': withoutTokens(alert.reasons.explanation, removed),
    ...(freeText
      ? {
          comments: alert.comments.map((comment) => ({ ...comment, text: REDACTED })),
          history: alert.history.map((change) => (change.reason === undefined ? change : { ...change, reason: REDACTED })),
          ...(alert.closeReason !== undefined ? { closeReason: REDACTED } : {}),
        }
      : {}),
  };
}

/** `key` with each personal part's value replaced; the values it held are added to `removed`. */
function redactedKey(key: string, removed: Set<string>): string {
  return key
    .split('|')
    .map((part) => {
      const colon = part.indexOf(':');
      const value = part.slice(colon + 1);
      if (colon < 0 || !PERSONAL_KEY_PARTS.has(part.slice(0, colon)) || NOT_A_VALUE.has(value)) return part;
      removed.add(value);
      return `${part.slice(0, colon + 1)}${REDACTED}`;
    })
    .join('|');
}

/**
 * `text` with each whole occurrence of a removed value replaced: not inside a longer word or number, so removing the
 * amount 5 leaves "15 minutes" alone. Longer values first, so one value that contains another goes whole.
 */
function withoutTokens(text: string, removed: ReadonlySet<string>): string {
  let result = text;
  for (const token of [...removed].sort((a, b) => b.length - a.length)) {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    result = result.replace(
      new RegExp(`(?<![\\p{L}\\p{N}]|[\\p{L}\\p{N}][.:])${escaped}(?![\\p{L}\\p{N}]|[.:][\\p{L}\\p{N}])`, 'gu'),
      REDACTED,
    );
  }
  return result;
}

/** Where alerts forget an erased account's or a purge's personal values (MongoAlertRedactions). */
export interface RedactableAlerts {
  /**
   * Redacts the account's alerts that cite an event before chain position `beforeSequence` (every alert of the
   * account when undefined), free text included; answers how many changed. Idempotent.
   */
  redactAccount(tenantId: string, accountId: string, beforeSequence: number | undefined): Promise<number>;
  /**
   * Redacts the tenant's alerts last seen before every event they may copy from was purged (`cutoffs` by category);
   * answers how many changed. Idempotent.
   */
  redactPurged(tenantId: string, cutoffs: ReadonlyMap<ActivityCategory, Date>): Promise<number>;
}
