/** Event bus topics and their payloads: the contract between subgraphs. */
import { AGENT_ACTION_KEY_PREFIX } from '../taxonomy/writers.js';

export const TOPICS = {
  /**
   * activity-logs → alerts, accounts: a batch of activity events was committed to a tenant's chain (one message
   * per batch, ActivityAppendedPayload); consumers read the events themselves from the chain (activity-chain.ts).
   */
  activityRecorded: 'activity.recorded',
  /** recovery-cases, accounts → activity-logs: staff did something on a case or an account; logged as `agent.action.*`. */
  agentAction: 'agent.action',
  /** accounts, alerts, recovery-cases → activity-logs: an administrator changed access or detection (admin-actions.ts). */
  adminAction: 'admin.action',
  /** alerts → accounts, recovery-cases: an alert was raised or changed state. */
  alertRaised: 'alert.raised',
  alertUpdated: 'alert.updated',
  /** alerts → recovery-cases: an analyst escalated an alert without a case; open this case for it. */
  alertEscalated: 'alert.escalated',
} as const;

export type ActorType = 'CUSTOMER' | 'AGENT' | 'SYSTEM' | 'PARTNER';
export type ActivityOutcome = 'SUCCESS' | 'FAILURE' | 'UNKNOWN';

/**
 * The `activity.recorded` message: tenant `tenantId`'s chain now holds `fromSequence`..`toSequence` (one batch).
 * A wake-up, not the events: each consumer follows the chain from its own offset (ActivityChainConsumer), so a
 * lost message costs latency, never an event, and one message per batch replaces one per event.
 */
export interface ActivityAppendedPayload {
  readonly tenantId: string;
  readonly fromSequence: number;
  readonly toSequence: number;
}

/** One event as the consumers of the activity chain handle it (read from the chain: activity-chain.ts). */
export interface ActivityRecordedPayload {
  readonly eventId: string;
  readonly tenantId: string;
  readonly accountId: string;
  /** Dotted type, e.g. `user.authentication.failed`. */
  readonly type: string;
  readonly category: string;
  readonly outcome: ActivityOutcome;
  /** ISO-8601. */
  readonly occurredAt: string;
  readonly actor: { readonly type: ActorType; readonly id?: string };
  readonly ip?: string;
  readonly userAgent?: string;
  readonly deviceId?: string;
  readonly geo?: { readonly country?: string; readonly city?: string; readonly lat?: number; readonly lon?: number };
  readonly firstSeenDevice?: boolean;
  readonly firstSeenCountry?: boolean;
  /** Type-specific fields (amount, changed field names, app scopes, case id, …); never secrets. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Position of the event in its tenant's hash chain, and its link hash: what an alert cites as evidence. */
  readonly sequence?: number;
  readonly hash?: string;
}

export interface AgentActionPayload {
  /** Stable id of the action: the dedupe key in the activity chain. */
  readonly actionId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly agentId: string;
  /** Suffix of `agent.action.*`, e.g. `verification.recorded`, `case.status_changed`. */
  readonly action: string;
  readonly caseId?: string;
  readonly occurredAt: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * The idempotency key an agent action is recorded under in the activity chain: activity-logs records it
 * so, and recovery-cases looks it up to know the action is durably in the chain (then stops re-sending it).
 */
export function agentActionIdempotencyKey(actionId: string): string {
  return `${AGENT_ACTION_KEY_PREFIX}${actionId}`;
}

export interface AlertRaisedPayload {
  readonly alertId: string;
  readonly tenantId: string;
  readonly accountId?: string;
  readonly ruleId: string;
  readonly severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  readonly status: string;
  readonly raisedAt: string;
}

/** An escalation that asks recovery-cases to open a case with the id alerts already cited (idempotent on it). */
export interface AlertEscalatedPayload {
  readonly alertId: string;
  readonly tenantId: string;
  readonly accountId: string;
  /** The case to open: the escalated alert already cites this id. */
  readonly caseId: string;
  readonly ruleId: string;
  readonly severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  /** The analyst's reason (becomes the case's first note). */
  readonly reason: string;
  /** Subject of the analyst who escalated. */
  readonly escalatedBy: string;
  readonly escalatedAt: string;
}
