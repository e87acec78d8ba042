import {
  DomainError,
  TOPICS,
  isDuplicateKey,
  type AlertEscalatedPayload,
  type BackgroundTask,
  type BusSubscription,
  type EventBus,
  type Identity,
} from '@vigil/core';
import type { Logger } from 'pino';
import type { OpenCaseInput } from '../../application/open-case.js';
import type { RecoveryCaseRecord } from '../../application/case-record.js';
import type { CasePriority } from '../../domain/vocabulary.js';

/** Consumer group of recovery-cases on `alert.escalated`. */
export const ESCALATION_GROUP = 'recovery-cases-escalations';

const ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const PRIORITY: Readonly<Record<AlertEscalatedPayload['severity'], CasePriority>> = {
  CRITICAL: 'URGENT',
  HIGH: 'HIGH',
  MEDIUM: 'NORMAL',
  LOW: 'NORMAL',
};

function malformed(payload: AlertEscalatedPayload | undefined): string | null {
  if (typeof payload !== 'object' || payload === null) return 'no payload';
  for (const field of ['alertId', 'tenantId', 'accountId', 'caseId', 'escalatedBy'] as const) {
    if (typeof payload[field] !== 'string' || !ID.test(payload[field])) return `${field} missing or malformed`;
  }
  // Own keys only: "constructor" is on the table's prototype, and a case opened with it never saves (retried forever).
  if (!Object.hasOwn(PRIORITY, payload.severity)) return 'severity unknown';
  return null;
}

/**
 * An analyst escalated an alert without naming a case: the alert already cites a case id, and this opens
 * that case (suspected compromise, linked to the alert, the analyst's reason as its first note). Opening
 * runs as the escalating analyst with SUPERVISOR rights in that one tenant (assignment by round robin).
 * Idempotent on the case id: a redelivered message finds the case there. A background task: core subscribes it at
 * start and closes the subscription at stop.
 */
export class EscalationConsumer implements BackgroundTask {
  readonly name = 'escalation-consumer';
  private subscription: BusSubscription | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly openCase: (identity: Identity, input: OpenCaseInput) => Promise<RecoveryCaseRecord>,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription ??= await this.bus.subscribe<AlertEscalatedPayload>(TOPICS.alertEscalated, ESCALATION_GROUP, (message) =>
      this.handle(message.payload),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  async handle(payload: AlertEscalatedPayload): Promise<void> {
    const problem = malformed(payload);
    if (problem !== null) {
      this.logger.warn({ problem }, 'dropped a malformed alert.escalated message');
      return;
    }
    const identity: Identity = {
      subject: payload.escalatedBy,
      roles: ['SUPERVISOR'],
      tenantIds: [payload.tenantId],
      expiresAt: Math.floor(Date.now() / 1000) + 60,
    };
    try {
      await this.openCase(identity, {
        id: payload.caseId,
        tenantId: payload.tenantId,
        accountId: payload.accountId,
        reason: 'SUSPECTED_COMPROMISE',
        channel: 'SELF_SERVICE',
        priority: PRIORITY[payload.severity],
        riskLevel: 'HIGH',
        linkedAlertIds: [payload.alertId],
        note: `Escalated from security alert ${payload.alertId} (${payload.ruleId}): ${String(payload.reason ?? '').slice(0, 1_000)}`,
      });
      this.logger.info({ tenantId: payload.tenantId, caseId: payload.caseId }, 'recovery case opened for an escalated alert');
    } catch (error) {
      if (isDuplicateKey(error)) return; // redelivery: the case is open already
      const code = error instanceof DomainError ? error.code : undefined;
      if (code === 'NOT_FOUND' || code === 'BAD_USER_INPUT') {
        // The account is not known here: nothing to open; retrying would not change that.
        this.logger.warn(
          { tenantId: payload.tenantId, caseId: payload.caseId, code },
          'could not open a case for an escalated alert',
        );
        return;
      }
      throw error;
    }
  }
}
