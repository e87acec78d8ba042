import { DEMO_SEED } from '@vigil/accounts';
import type { Role } from '@vigil/core';
import type { CrossTenantIds } from './cross-tenant-seed.js';

const { accounts, agents } = DEMO_SEED;
/** Ids no entity has: the other tenant's ids must be answered exactly like these. */
export const MISSING = '00000000-0000-4000-8000-00000000abcd';
const MISSING_EVENT = '0123456789abcdef01234567';
const STAFF: Role[] = ['ADMIN', 'SUPERVISOR', 'SECURITY_ANALYST'];

export interface Attempt {
  readonly roles: Role[];
  /** The mutation naming `id`, the other tenant's entity or a missing one. */
  readonly mutation: (id: string) => string;
  readonly foreignId: () => string;
  readonly missingId?: string;
}

/** Every mutation taking an id, by name: who may call it, and how it names the id. Reads `ids` when a test runs. */
export function crossTenantAttempts(ids: CrossTenantIds): Record<string, Attempt> {
  return {
    // accounts
    updateAccount: {
      roles: STAFF,
      foreignId: () => accounts.alex,
      mutation: (id) => `mutation { updateAccount(id: "${id}", input: { riskScore: 1 }) { id } }`,
    },
    updateAgent: {
      roles: STAFF,
      foreignId: () => agents.acmeAgent,
      mutation: (id) => `mutation { updateAgent(id: "${id}", input: { displayName: "X" }) { id } }`,
    },
    // activity-logs
    recordActivities: {
      roles: ['INGEST'],
      foreignId: () => accounts.alex,
      mutation: (id) =>
        `mutation { recordActivities(tenantId: "demo", events: [{ accountId: "${id}", type: "user.session.start", occurredAt: "${new Date().toISOString()}" }]) { recordedCount } }`,
    },
    placeLegalHold: {
      roles: STAFF,
      foreignId: () => accounts.alex,
      mutation: (id) => `mutation { placeLegalHold(tenantId: "demo", reason: "x", accountId: "${id}") { id } }`,
    },
    eraseAccountActivity: {
      roles: STAFF,
      foreignId: () => accounts.alex,
      mutation: (id) => `mutation { eraseAccountActivity(tenantId: "demo", accountId: "${id}") { erasureId } }`,
    },
    releaseLegalHold: {
      roles: STAFF,
      foreignId: () => ids.acme.hold,
      mutation: (id) => `mutation { releaseLegalHold(tenantId: "demo", holdId: "${id}") }`,
    },
    flagActivityEvent: {
      roles: STAFF,
      foreignId: () => ids.acme.event,
      missingId: MISSING_EVENT,
      mutation: (id) => `mutation { flagActivityEvent(id: "${id}") { id } }`,
    },
    markActivityEventReviewed: {
      roles: STAFF,
      foreignId: () => ids.acme.event,
      missingId: MISSING_EVENT,
      mutation: (id) => `mutation { markActivityEventReviewed(id: "${id}") { id } }`,
    },
    // alerts
    acknowledgeAlert: {
      roles: STAFF,
      foreignId: () => ids.acme.alert,
      mutation: (id) => `mutation { acknowledgeAlert(id: "${id}") { id } }`,
    },
    closeAlert: {
      roles: STAFF,
      foreignId: () => ids.acme.alert,
      mutation: (id) => `mutation { closeAlert(input: { alertId: "${id}", status: RESOLVED, reason: "x" }) { id } }`,
    },
    'closeAlert(ESCALATED, caseId)': {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) =>
        `mutation { closeAlert(input: { alertId: "${ids.demo.alert}", status: ESCALATED, reason: "x", caseId: "${id}" }) { id } }`,
    },
    deactivateAlertWebhook: {
      roles: STAFF,
      foreignId: () => ids.acme.webhook,
      mutation: (id) => `mutation { deactivateAlertWebhook(id: "${id}") { id } }`,
    },
    requestThirdPartyAccess: {
      roles: ['INGEST'],
      foreignId: () => accounts.alex,
      mutation: (id) =>
        `mutation { requestThirdPartyAccess(input: { tenantId: "demo", accountId: "${id}", appName: "A", scopes: [] }) { id } }`,
    },
    decideThirdPartyAccess: {
      roles: ['PARTNER'],
      foreignId: () => ids.acme.request,
      mutation: (id) => `mutation { decideThirdPartyAccess(input: { requestId: "${id}", decision: "DENY" }) { id } }`,
    },
    sendTestAlert: {
      roles: STAFF,
      foreignId: () => accounts.alex,
      mutation: (id) => `mutation { sendTestAlert(tenantId: "demo", accountId: "${id}") { id } }`,
    },
    // recovery-cases
    'openRecoveryCase(accountId)': {
      roles: STAFF,
      foreignId: () => accounts.alex,
      mutation: (id) =>
        `mutation { openRecoveryCase(input: { tenantId: "demo", accountId: "${id}", reason: LOCKED_OUT, channel: PHONE }) { id } }`,
    },
    'openRecoveryCase(linkedAlertIds)': {
      roles: STAFF,
      foreignId: () => ids.acme.alert,
      mutation: (id) =>
        `mutation { openRecoveryCase(input: { tenantId: "demo", accountId: "${accounts.priya}", reason: LOCKED_OUT, channel: PHONE, linkedAlertIds: ["${id}"] }) { id } }`,
    },
    'assignRecoveryCase(caseId)': {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) => `mutation { assignRecoveryCase(caseId: "${id}") { id } }`,
    },
    'assignRecoveryCase(agentId)': {
      roles: STAFF,
      foreignId: () => agents.acmeAgent,
      mutation: (id) => `mutation { assignRecoveryCase(caseId: "${ids.demo.case}", agentId: "${id}") { id } }`,
    },
    changeRecoveryCaseStatus: {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) => `mutation { changeRecoveryCaseStatus(caseId: "${id}", status: REJECTED, reason: "x") { id } }`,
    },
    recordVerification: {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) =>
        `mutation { recordVerification(input: { caseId: "${id}", method: SECURITY_QUESTIONS, result: PASSED }) { id } }`,
    },
    sendVerificationCode: {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) => `mutation { sendVerificationCode(caseId: "${id}") { challengeId } }`,
    },
    'checkVerificationCode(caseId)': {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) =>
        `mutation { checkVerificationCode(caseId: "${id}", challengeId: "${ids.acme.challenge}", code: "123456") { id } }`,
    },
    'checkVerificationCode(challengeId)': {
      roles: STAFF,
      foreignId: () => ids.acme.challenge,
      mutation: (id) =>
        `mutation { checkVerificationCode(caseId: "${ids.demo.case}", challengeId: "${id}", code: "123456") { id } }`,
    },
    issuePasswordReset: {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) => `mutation { issuePasswordReset(caseId: "${id}") { grantId } }`,
    },
    completePasswordReset: {
      roles: ['INGEST'],
      foreignId: () => ids.acme.case,
      mutation: (id) =>
        `mutation { completePasswordReset(caseId: "${id}", grantId: "${MISSING}", token: "tttttttttttttttttttttttttttttttt") { id } }`,
    },
    addCaseNote: {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) => `mutation { addCaseNote(caseId: "${id}", body: "x") { id } }`,
    },
    recordCaseInteraction: {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) =>
        `mutation { recordCaseInteraction(input: { caseId: "${id}", kind: CHAT_TRANSCRIPT, direction: INBOUND, reference: "r" }) { id } }`,
    },
    setWaitingOnCustomer: {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) => `mutation { setWaitingOnCustomer(caseId: "${id}", waiting: true) { id } }`,
    },
    requestContactChange: {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) => `mutation { requestContactChange(caseId: "${id}", field: EMAIL, newValue: "n@example.com") { id } }`,
    },
    'decideContactChange(caseId)': {
      roles: STAFF,
      foreignId: () => ids.acme.case,
      mutation: (id) =>
        `mutation { decideContactChange(caseId: "${id}", requestId: "${ids.acme.contactChange}", approve: true, reason: "x") { id } }`,
    },
    'decideContactChange(requestId)': {
      roles: STAFF,
      foreignId: () => ids.acme.contactChange,
      mutation: (id) =>
        `mutation { decideContactChange(caseId: "${ids.demo.case}", requestId: "${id}", approve: true, reason: "x") { id } }`,
    },
  };
}
