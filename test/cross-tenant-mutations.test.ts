/**
 * Every mutation that takes an id of an entity, through the gateway: an id of the other tenant's entity is answered
 * exactly like an id that does not exist — NOT_FOUND, the same message but for the id — by a caller of `demo` with
 * every role the mutation needs. The other tenant's entities are real (created by `acme`'s own staff first).
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { Role } from '@vigil/core';
import type { RunningStack } from '@vigil/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, nodes, type Page } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';
import { waitForValue } from '@vigil/testing';

const { tenants, accounts, agents } = DEMO_SEED;
const MISSING = '00000000-0000-4000-8000-00000000abcd';
const MISSING_EVENT = '0123456789abcdef01234567';
const STAFF: Role[] = ['ADMIN', 'SUPERVISOR', 'SECURITY_ANALYST'];

let stack: RunningStack;
/** Ids of `acme`'s entities, and of `demo`'s where a mutation needs one of its own beside a foreign one. */
const acme = { alert: '', case: '', event: '', hold: '', webhook: '', request: '', challenge: '', contactChange: '' };
const demo = { alert: '', case: '' };

async function ok<T>(roles: Role[], tenantIds: string[], query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = await stack.token({ roles, tenants: tenantIds, subject: roles.includes('AGENT') ? agents.acmeAgent : 'x-admin' });
  const result = await graphql<T>(stack.gatewayUrl, token, query, variables);
  expect(result.errors, query).toBeUndefined();
  return result.data as T;
}

const failures = (accountId: string, key: string) =>
  Array.from({ length: 10 }, (_, i) => ({
    accountId,
    type: 'user.authentication.failed',
    occurredAt: new Date(Date.now() - 60_000 + i * 1000).toISOString(),
    ip: '192.0.2.10',
    idempotencyKey: `${key}-${i}`,
  }));
const RECORD = `mutation ($tenantId: ID!, $events: [ActivityEventInput!]!) { recordActivities(tenantId: $tenantId, events: $events) { recordedCount } }`;

async function seedTenant(tenantId: string, accountId: string): Promise<{ alert: string; case: string; event: string }> {
  await ok(['INGEST'], [tenantId], RECORD, { tenantId, events: failures(accountId, `xt-${tenantId}`) });
  const alert = await waitForValue(async () => {
    const data = await ok<{ alerts: Page<{ id: string }> }>(
      ['SECURITY_ANALYST'],
      [tenantId],
      `{ alerts(filter: { accountId: "${accountId}" }) { edges { node { id } } } }`,
    );
    return nodes(data.alerts)[0]?.id;
  });
  const opened = await ok<{ openRecoveryCase: { id: string } }>(
    ['SUPERVISOR'],
    [tenantId],
    `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }`,
    { input: { tenantId, accountId, reason: 'LOCKED_OUT', channel: 'PHONE' } },
  );
  const events = await ok<{ activityEvents: { edges: { node: { id: string } }[] } }>(
    ['SECURITY_ANALYST'],
    [tenantId],
    `{ activityEvents(tenantId: "${tenantId}", first: 1) { edges { node { id } } } }`,
  );
  return { alert, case: opened.openRecoveryCase.id, event: events.activityEvents.edges[0]!.node.id };
}

beforeAll(async () => {
  stack = await bootStack();
  Object.assign(acme, await seedTenant(tenants.acme, accounts.alex));
  Object.assign(demo, await seedTenant(tenants.demo, accounts.jordan));
  const acmeAdmin: [Role[], string[]] = [['ADMIN'], [tenants.acme]];
  acme.hold = (
    await ok<{ placeLegalHold: { id: string } }>(
      ...acmeAdmin,
      `mutation { placeLegalHold(tenantId: "acme", reason: "audit") { id } }`,
    )
  ).placeLegalHold.id;
  acme.webhook = (
    await ok<{ registerAlertWebhook: { endpoint: { id: string } } }>(
      ...acmeAdmin,
      `mutation { registerAlertWebhook(tenantId: "acme", url: "https://hooks.acme.example/vigil") { endpoint { id } } }`,
    )
  ).registerAlertWebhook.endpoint.id;
  acme.request = (
    await ok<{ requestThirdPartyAccess: { id: string } }>(
      ['INGEST'],
      [tenants.acme],
      `mutation { requestThirdPartyAccess(input: { tenantId: "acme", accountId: "${accounts.alex}", appName: "QuickLoans", scopes: ["profile:read"] }) { id } }`,
    )
  ).requestThirdPartyAccess.id;
  acme.challenge = (
    await ok<{ sendVerificationCode: { challengeId: string } }>(
      ['SUPERVISOR'],
      [tenants.acme],
      `mutation { sendVerificationCode(caseId: "${acme.case}") { challengeId } }`,
    )
  ).sendVerificationCode.challengeId;
  const changed = await ok<{ requestContactChange: { contactChanges: { id: string }[] } }>(
    ['SUPERVISOR'],
    [tenants.acme],
    `mutation { requestContactChange(caseId: "${acme.case}", field: EMAIL, newValue: "alex.new@example.org") { contactChanges { id } } }`,
  );
  acme.contactChange = changed.requestContactChange.contactChanges[0]!.id;
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

interface Attempt {
  readonly roles: Role[];
  /** The mutation naming `id`, the other tenant's entity or a missing one. */
  readonly mutation: (id: string) => string;
  readonly foreignId: () => string;
  readonly missingId?: string;
}

const attempts: Record<string, Attempt> = {
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
    foreignId: () => acme.hold,
    mutation: (id) => `mutation { releaseLegalHold(tenantId: "demo", holdId: "${id}") }`,
  },
  flagActivityEvent: {
    roles: STAFF,
    foreignId: () => acme.event,
    missingId: MISSING_EVENT,
    mutation: (id) => `mutation { flagActivityEvent(id: "${id}") { id } }`,
  },
  markActivityEventReviewed: {
    roles: STAFF,
    foreignId: () => acme.event,
    missingId: MISSING_EVENT,
    mutation: (id) => `mutation { markActivityEventReviewed(id: "${id}") { id } }`,
  },
  // alerts
  acknowledgeAlert: {
    roles: STAFF,
    foreignId: () => acme.alert,
    mutation: (id) => `mutation { acknowledgeAlert(id: "${id}") { id } }`,
  },
  closeAlert: {
    roles: STAFF,
    foreignId: () => acme.alert,
    mutation: (id) => `mutation { closeAlert(input: { alertId: "${id}", status: RESOLVED, reason: "x" }) { id } }`,
  },
  'closeAlert(ESCALATED, caseId)': {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) =>
      `mutation { closeAlert(input: { alertId: "${demo.alert}", status: ESCALATED, reason: "x", caseId: "${id}" }) { id } }`,
  },
  deactivateAlertWebhook: {
    roles: STAFF,
    foreignId: () => acme.webhook,
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
    foreignId: () => acme.request,
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
    foreignId: () => acme.alert,
    mutation: (id) =>
      `mutation { openRecoveryCase(input: { tenantId: "demo", accountId: "${accounts.priya}", reason: LOCKED_OUT, channel: PHONE, linkedAlertIds: ["${id}"] }) { id } }`,
  },
  'assignRecoveryCase(caseId)': {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) => `mutation { assignRecoveryCase(caseId: "${id}") { id } }`,
  },
  'assignRecoveryCase(agentId)': {
    roles: STAFF,
    foreignId: () => agents.acmeAgent,
    mutation: (id) => `mutation { assignRecoveryCase(caseId: "${demo.case}", agentId: "${id}") { id } }`,
  },
  changeRecoveryCaseStatus: {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) => `mutation { changeRecoveryCaseStatus(caseId: "${id}", status: REJECTED, reason: "x") { id } }`,
  },
  recordVerification: {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) =>
      `mutation { recordVerification(input: { caseId: "${id}", method: SECURITY_QUESTIONS, result: PASSED }) { id } }`,
  },
  sendVerificationCode: {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) => `mutation { sendVerificationCode(caseId: "${id}") { challengeId } }`,
  },
  'checkVerificationCode(caseId)': {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) =>
      `mutation { checkVerificationCode(caseId: "${id}", challengeId: "${acme.challenge}", code: "123456") { id } }`,
  },
  'checkVerificationCode(challengeId)': {
    roles: STAFF,
    foreignId: () => acme.challenge,
    mutation: (id) => `mutation { checkVerificationCode(caseId: "${demo.case}", challengeId: "${id}", code: "123456") { id } }`,
  },
  issuePasswordReset: {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) => `mutation { issuePasswordReset(caseId: "${id}") { grantId } }`,
  },
  completePasswordReset: {
    roles: ['INGEST'],
    foreignId: () => acme.case,
    mutation: (id) =>
      `mutation { completePasswordReset(caseId: "${id}", grantId: "${MISSING}", token: "tttttttttttttttttttttttttttttttt") { id } }`,
  },
  addCaseNote: {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) => `mutation { addCaseNote(caseId: "${id}", body: "x") { id } }`,
  },
  recordCaseInteraction: {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) =>
      `mutation { recordCaseInteraction(input: { caseId: "${id}", kind: CHAT_TRANSCRIPT, direction: INBOUND, reference: "r" }) { id } }`,
  },
  setWaitingOnCustomer: {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) => `mutation { setWaitingOnCustomer(caseId: "${id}", waiting: true) { id } }`,
  },
  requestContactChange: {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) => `mutation { requestContactChange(caseId: "${id}", field: EMAIL, newValue: "n@example.com") { id } }`,
  },
  'decideContactChange(caseId)': {
    roles: STAFF,
    foreignId: () => acme.case,
    mutation: (id) =>
      `mutation { decideContactChange(caseId: "${id}", requestId: "${acme.contactChange}", approve: true, reason: "x") { id } }`,
  },
  'decideContactChange(requestId)': {
    roles: STAFF,
    foreignId: () => acme.contactChange,
    mutation: (id) =>
      `mutation { decideContactChange(caseId: "${demo.case}", requestId: "${id}", approve: true, reason: "x") { id } }`,
  },
};

describe('mutations taking an id: another tenant’s entity is answered like a missing one (NOT_FOUND)', () => {
  it.each(Object.keys(attempts))('%s', async (name) => {
    const attempt = attempts[name]!;
    const token = await stack.token({ roles: attempt.roles, tenants: [tenants.demo], subject: agents.supervisor });
    const foreignId = attempt.foreignId();
    const missingId = attempt.missingId ?? MISSING;
    expect(foreignId).not.toBe('');
    const foreign = await graphql(stack.gatewayUrl, token, attempt.mutation(foreignId));
    const missing = await graphql(stack.gatewayUrl, token, attempt.mutation(missingId));
    expect(foreign.errors?.[0]?.extensions?.code, JSON.stringify(foreign.errors)).toBe('NOT_FOUND');
    expect(missing.errors?.[0]?.extensions?.code, JSON.stringify(missing.errors)).toBe('NOT_FOUND');
    expect(foreign.errors![0]!.message.replaceAll(foreignId, '<id>')).toBe(
      missing.errors![0]!.message.replaceAll(missingId, '<id>'),
    );
    // Nothing about the other tenant beyond the id the caller sent: not its id, not its name.
    expect(JSON.stringify(foreign).replaceAll(foreignId, '<id>')).not.toMatch(/acme/i);
  });
});
