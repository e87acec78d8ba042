/**
 * An activity event as detection reads it: the fields of `activity.recorded` (core's ActivityRecordedPayload)
 * that rules use, declared here so `domain/` depends on nothing outside it. The bus payload fits it as is.
 */
export interface ActivityInput {
  readonly eventId: string;
  readonly tenantId: string;
  readonly accountId: string;
  /** Dotted type, e.g. `user.authentication.failed`. */
  readonly type: string;
  readonly category: string;
  readonly outcome: 'SUCCESS' | 'FAILURE' | 'UNKNOWN';
  /** ISO-8601. */
  readonly occurredAt: string;
  readonly ip?: string;
  readonly deviceId?: string;
  readonly geo?: { readonly country?: string; readonly city?: string; readonly lat?: number; readonly lon?: number };
  readonly firstSeenDevice?: boolean;
  readonly firstSeenCountry?: boolean;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly sequence?: number;
  readonly hash?: string;
}
