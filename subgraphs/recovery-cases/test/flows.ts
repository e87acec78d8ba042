import type { Identity } from '@vigil/core';
import type { InMemoryRecoveryOutbox } from '@vigil/recovery-cases';
import { afterAll, beforeAll } from 'vitest';
import { startRecoveryCases } from './harness.js';

type Harness = Awaited<ReturnType<typeof startRecoveryCases>>;

export const CASE_FIELDS = `id status assigneeId waitingOnCustomer reopenCount
  history { from to actorId reason at }
  verifications { method result agentId }
  verificationProgress { passesCounted passesRequired failedAttempts maxFailedAttempts }
  sla { metric status elapsedSeconds remainingSeconds breachedAt fulfilledAt }
  slaEvents { metric kind at }
  milestones { firstResponseAt verifiedAt resetIssuedAt resolvedAt closedAt lockedAt }
  allowedTransitions`;

export interface CaseView {
  id: string;
  status: string;
  assigneeId: string | null;
  waitingOnCustomer: boolean;
  history: { from: string; to: string; actorId: string; reason: string; at: string }[];
  verifications: { method: string; result: string; agentId: string }[];
  verificationProgress: { passesCounted: number; passesRequired: number; failedAttempts: number; maxFailedAttempts: number };
  sla: {
    metric: string;
    status: string;
    elapsedSeconds: number;
    remainingSeconds: number;
    breachedAt: string | null;
    fulfilledAt: string | null;
  }[];
  slaEvents: { metric: string; kind: string; at: string }[];
  milestones: Record<string, string | null>;
  allowedTransitions: string[];
}

/** GraphQL steps of a recovery, as an agent's desktop would send them. */
export function recoverySteps(rc: Harness) {
  return {
    /** Opens a case in `demo`; `more` adds the optional fields (priority, riskLevel, linkedAlertIds, …). */
    async open(
      identity: Identity,
      accountId: string,
      reason: string,
      channel: string,
      more: Record<string, unknown> = {},
    ): Promise<CaseView> {
      const data = await rc.ok<{ openRecoveryCase: CaseView }>(
        identity,
        `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { ${CASE_FIELDS} } }`,
        { input: { tenantId: 'demo', accountId, reason, channel, ...more } },
      );
      return data.openRecoveryCase;
    },
    async get(identity: Identity, id: string): Promise<CaseView> {
      return (
        await rc.ok<{ recoveryCase: CaseView }>(identity, `query ($id: ID!) { recoveryCase(id: $id) { ${CASE_FIELDS} } }`, { id })
      ).recoveryCase;
    },
    verify(identity: Identity, caseId: string, method: string, result: string, evidenceRef?: string) {
      return rc.call<{ recordVerification: CaseView }>(
        identity,
        `mutation ($input: RecordVerificationInput!) { recordVerification(input: $input) { ${CASE_FIELDS} } }`,
        { input: { caseId, method, result, ...(evidenceRef ? { evidenceRef } : {}) } },
      );
    },
    async sendCode(
      identity: Identity,
      caseId: string,
    ): Promise<{ challengeId: string; maskedAddress: string; channelType: string }> {
      const data = await rc.ok<{ sendVerificationCode: { challengeId: string; maskedAddress: string; channelType: string } }>(
        identity,
        `mutation ($caseId: ID!) { sendVerificationCode(caseId: $caseId) { challengeId maskedAddress channelType } }`,
        { caseId },
      );
      return data.sendVerificationCode;
    },
    checkCode(identity: Identity, caseId: string, challengeId: string, code: string) {
      return rc.call<{ checkVerificationCode: CaseView }>(
        identity,
        `mutation ($caseId: ID!, $challengeId: ID!, $code: String!) { checkVerificationCode(caseId: $caseId, challengeId: $challengeId, code: $code) { ${CASE_FIELDS} } }`,
        { caseId, challengeId, code },
      );
    },
    issueReset(identity: Identity, caseId: string) {
      return rc.call<{ issuePasswordReset: { grantId: string; maskedAddress: string; recoveryCase: CaseView } }>(
        identity,
        `mutation ($caseId: ID!) { issuePasswordReset(caseId: $caseId) { grantId maskedAddress channelType recoveryCase { ${CASE_FIELDS} } } }`,
        { caseId },
      );
    },
    completeReset(identity: Identity, caseId: string, grantId: string, token: string) {
      return rc.call<{ completePasswordReset: CaseView }>(
        identity,
        `mutation ($caseId: ID!, $grantId: ID!, $token: String!) { completePasswordReset(caseId: $caseId, grantId: $grantId, token: $token) { ${CASE_FIELDS} } }`,
        { caseId, grantId, token },
      );
    },
    changeStatus(identity: Identity, caseId: string, status: string, reason: string) {
      return rc.call<{ changeRecoveryCaseStatus: CaseView }>(
        identity,
        `mutation ($caseId: ID!, $status: RecoveryCaseStatus!, $reason: String!) { changeRecoveryCaseStatus(caseId: $caseId, status: $status, reason: $reason) { ${CASE_FIELDS} } }`,
        { caseId, status, reason },
      );
    },
  };
}

/** The code the customer received, read from the outbox the way they would read their mail. */
export function lastCodeTo(outbox: InMemoryRecoveryOutbox | undefined, address: string): string {
  const message = [...(outbox?.messagesTo(address) ?? [])].reverse().find((m) => m.kind === 'VERIFICATION_CODE');
  if (!message || message.kind !== 'VERIFICATION_CODE') throw new Error(`no code sent to ${address}`);
  return message.code;
}

export function lastResetLinkTo(outbox: InMemoryRecoveryOutbox | undefined, address: string): URL {
  const message = [...(outbox?.messagesTo(address) ?? [])].reverse().find((m) => m.kind === 'PASSWORD_RESET_LINK');
  if (!message || message.kind !== 'PASSWORD_RESET_LINK') throw new Error(`no reset link sent to ${address}`);
  return new URL(message.link);
}

/** The subgraph and its steps for one suite: started before its tests, stopped after. Read fields inside tests. */
export interface RecoverySuite {
  rc: Harness;
  steps: ReturnType<typeof recoverySteps>;
}

export function recoveryCasesPerSuite(): RecoverySuite {
  const suite = {} as RecoverySuite;
  beforeAll(async () => {
    suite.rc = await startRecoveryCases();
    suite.steps = recoverySteps(suite.rc);
  });
  afterAll(async () => {
    await suite.rc?.stop();
  });
  return suite;
}
