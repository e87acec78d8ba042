import type { AccessRequestRecord, AccessRequestStatus } from '../domain/access-request-lifecycle.js';
import type { TenantDetectionSettings, TenantRuleSet } from '../domain/tenant-rules.js';
import type { Channel, ChannelPreference } from '../domain/notifications/channel-policy.js';
import type { ChainObservation, CitedEvidence } from '../domain/evidence-verification.js';
import type { AlertStatus } from '../domain/alert-lifecycle.js';
import type { Severity } from '../domain/severity.js';
import type { AlertCommentRecord, AlertRecord, StatusChangeRecord } from '../adapters/mongo/alert.model.js';
import type { DeliveryStatus, NotificationDeliveryRecord } from '../adapters/mongo/notification-delivery.model.js';
import type { WebhookEndpointRecord } from '../adapters/mongo/webhook-endpoint.model.js';
import type { NotificationJobRecord } from '../adapters/mongo/notification-job.model.js';

/*
 * What the use cases need from the outside, implemented in adapters/ (and by fakes in tests).
 */

/** An activity event alerts writes into the tenant's chain (third-party access requests and decisions). */
export interface ChainEventDraft {
  readonly accountId: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly outcome?: 'SUCCESS' | 'FAILURE' | 'UNKNOWN';
  readonly actorType?: 'CUSTOMER' | 'AGENT' | 'SYSTEM' | 'PARTNER';
  readonly actorId?: string;
  readonly ip?: string;
  readonly metadata?: Record<string, string | string[]>;
  /** Recording the same key twice returns the first event: retries never append twice. */
  readonly idempotencyKey: string;
}

export interface RecordedChainEvent {
  readonly eventId: string;
  readonly sequence: number;
  readonly hash: string;
}

/** What alerts needs from activity-logs: write into the chain, and read it back to verify citations. */
/** Bounds one verification call (aliases per event); an alert cites at most this many events at once. */
export const MAX_VERIFIED_EVENTS = 100;

export interface ActivityChain {
  record(tenantId: string, event: ChainEventDraft): Promise<RecordedChainEvent>;
  observe(tenantId: string, cited: readonly CitedEvidence[]): Promise<ChainObservation[]>;
}

/** Who to tell about an alert on an account, and under which brand (the tenant's name). */
export interface AlertRecipient {
  readonly brand: string;
  readonly channels: readonly ChannelPreference[];
}

/** Where contact channels and opt-outs come from: the accounts subgraph owns them. */
export interface RecipientDirectory {
  /** The recipients among one tenant's accounts; an account unknown in the tenant is left out. */
  recipientsFor(tenantId: string, accountIds: readonly string[]): Promise<ReadonlyMap<string, AlertRecipient>>;
}

/** A tenant's webhook that receives its alerts. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
}

export interface SendResult {
  readonly providerMessageId?: string;
  /** The receiver confirmed delivery (webhook 2xx); otherwise the provider only accepted it (SENT). */
  readonly delivered: boolean;
}

/** One way out: email, an SMS/voice/push provider, or a client webhook. Throws on failure (the outbox retries). */
export interface ChannelAdapter {
  readonly channel: Channel;
  send(delivery: NotificationDeliveryRecord): Promise<SendResult>;
}

/** A tenant's resolved rules, cached by the adapter; `forget` after a local change so it applies at once. */
export interface TenantRules {
  rulesFor(tenantId: string): Promise<TenantRuleSet>;
  forget(tenantId: string): void;
}

/** Tells live walls (GraphQL PubSub) and the other subgraphs (bus) about alerts; each call is idempotent per state. */
export interface AlertAnnouncer {
  raised(alert: AlertRecord): Promise<void>;
  updated(alert: AlertRecord): Promise<void>;
  /** Asks recovery-cases to open the case an escalated alert cites. */
  escalated(alert: AlertRecord, reason: string, by: string): Promise<void>;
  /** Assignment or comment; `key` makes each change its own bus message. */
  changed(alert: AlertRecord, key: string): Promise<void>;
  /** The open alert grew (accounts, count, severity). */
  grown(alert: AlertRecord): Promise<void>;
}

/** What a failed queue attempt became: retried later, or dead-lettered for good. */
export interface AttemptFailure {
  readonly dead: boolean;
  /** The error message without the contact values it quotes (ADR 142), bounded; stored as `lastError`. */
  readonly reason: string;
}

/** "Notify about this alert" jobs: written in the raise path, fanned out into deliveries by the worker. */
export interface NotificationJobs {
  /** One job per alert; idempotent per alert (a job already there is left as it is). */
  enqueue(alerts: readonly AlertRecord[]): Promise<void>;
  /** Leases up to `limit` due jobs at once, oldest due first (fewer, or none, when fewer are due); any number of
   * workers may claim concurrently, each job goes to one. */
  claimMany(limit: number): Promise<{ readonly job: NotificationJobRecord; readonly alert: AlertRecord }[]>;
  doneAll(jobs: readonly NotificationJobRecord[]): Promise<void>;
  fail(job: NotificationJobRecord, error: unknown): Promise<AttemptFailure>;
}

/** One delivery per alert, channel and recipient: written before anything is sent, then claimed and sent. */
export interface NotificationDeliveries {
  /** Idempotent: rows already stored (same id) are left as they are. */
  insert(rows: readonly NotificationDeliveryRecord[]): Promise<void>;
  /** Alert deliveries to one account on one channel since `since` (the rate limit's count). */
  sentSince(accountId: string, channel: Channel, since: Date): Promise<number>;
  /** Each tenant's active webhooks (a tenant without any maps to an empty list). */
  activeWebhooks(tenantIds: readonly string[]): Promise<ReadonlyMap<string, readonly WebhookEndpoint[]>>;
  claim(): Promise<NotificationDeliveryRecord | null>;
  sent(delivery: NotificationDeliveryRecord, result: SendResult): Promise<void>;
  fail(delivery: NotificationDeliveryRecord, error: unknown): Promise<AttemptFailure>;
}

/** Where a tenant's detection settings are kept; `null` → the tenant uses the catalog defaults. */
export interface DetectionSettingsStore {
  read(tenantId: string): Promise<TenantDetectionSettings | null>;
  /** Replaces the tenant's settings (already validated); `by` is who changed them. */
  save(settings: TenantDetectionSettings, by: string): Promise<void>;
}

/** Third-party access requests, as the use case needs them. */
export interface AccessRequestStore {
  insert(record: AccessRequestRecord): Promise<void>;
  /** Newest first, at most `limit`. */
  pending(tenantId: string, accountId: string, limit: number): Promise<AccessRequestRecord[]>;
  /** The request if it belongs to one of `tenantIds`. */
  find(id: string, tenantIds: readonly string[]): Promise<AccessRequestRecord | null>;
  /** Compare-and-set: decides the request only while it is PENDING; null when it was already decided. */
  decideIfPending(
    id: string,
    decision: { status: AccessRequestStatus; decidedAt: Date; decidedBy: string; reason?: string },
  ): Promise<AccessRequestRecord | null>;
  citeDecisionEvent(id: string, eventId: string): Promise<void>;
}

/** An alert's place in the newest-first list: what a page cursor holds. */
export interface AlertPosition {
  readonly raisedAt: Date;
  readonly id: string;
}

/** One page read of the alert list, already scoped to tenants; newest first, the id breaking ties. */
export interface AlertListQuery {
  readonly tenantIds: readonly string[];
  readonly statuses?: readonly AlertStatus[];
  readonly severities?: readonly Severity[];
  readonly ruleIds?: readonly string[];
  readonly accountId?: string;
  readonly includeAuditOnly: boolean;
  readonly limit: number;
  /** Read strictly after this position. */
  readonly after?: AlertPosition;
}

/** A status change as one compare-and-set: applied only while the alert is still in `from`. */
export interface AlertStatusWrite {
  readonly from: AlertStatus;
  readonly set: Partial<AlertRecord>;
  readonly unset: readonly (keyof AlertRecord)[];
  readonly history: readonly StatusChangeRecord[];
}

/** Where alerts are kept, as the read and workflow use cases need them (raising is AlertRaiser's). */
export interface AlertStore {
  list(query: AlertListQuery): Promise<AlertRecord[]>;
  /** The alerts with these ids in these tenants, in no particular order. */
  byIds(ids: readonly string[], tenantIds: readonly string[]): Promise<AlertRecord[]>;
  /** Open (OPEN, ACKNOWLEDGED) ALERT-mode alerts on these accounts in these tenants. */
  openOn(accountIds: readonly string[], tenantIds: readonly string[]): Promise<Pick<AlertRecord, 'accountId' | 'severity'>[]>;
  /** ALERT-mode alerts of a tenant raised in [since, until]. */
  raisedBetween(tenantId: string, since: Date, until: Date): Promise<AlertRecord[]>;
  /** Each write answers the alert after it, or null when it did not apply (gone, or its condition failed). */
  setAssignee(id: string, assignee: string | null): Promise<AlertRecord | null>;
  /** Appends a comment unless the alert already has `maxComments`. */
  addComment(id: string, comment: AlertCommentRecord, maxComments: number): Promise<AlertRecord | null>;
  changeStatus(id: string, write: AlertStatusWrite): Promise<AlertRecord | null>;
}

/** Recovery cases learnt from the bus (`CaseRegistry`); null for a case never announced. */
export interface KnownCases {
  find(tenantId: string, caseId: string): Promise<{ readonly accountId: string } | null>;
}

/** The suppression windows AlertRaiser keeps; the retention sweep deletes those that ended before `before`. */
export interface SuppressionWindows {
  /** Returns how many were deleted. */
  deleteEndedBefore(before: Date): Promise<number>;
}

/** A page of a tenant's deliveries, newest first (the id breaking ties), strictly after `after`. */
export interface DeliveryPageQuery {
  readonly tenantId: string;
  readonly alertId?: string;
  readonly status?: DeliveryStatus;
  readonly limit: number;
  readonly after?: { readonly createdAt: Date; readonly id: string };
}

/** Delivery status reads (the outbox writes through `NotificationDeliveries`). */
export interface DeliveryReads {
  page(query: DeliveryPageQuery): Promise<NotificationDeliveryRecord[]>;
  /** The deliveries of these alerts in these tenants, oldest first. */
  ofAlerts(alertIds: readonly string[], tenantIds: readonly string[]): Promise<NotificationDeliveryRecord[]>;
}

/** A tenant's registered webhook endpoints. */
export interface WebhookEndpoints {
  countActive(tenantId: string): Promise<number>;
  insert(endpoint: WebhookEndpointRecord): Promise<void>;
  /** The endpoint after deactivation, or null when it is not in these tenants. */
  deactivate(id: string, tenantIds: readonly string[]): Promise<WebhookEndpointRecord | null>;
  /** Oldest first. */
  ofTenant(tenantId: string): Promise<WebhookEndpointRecord[]>;
  /** The signing secret of an active endpoint, or null. */
  activeSecret(id: string): Promise<string | null>;
}
