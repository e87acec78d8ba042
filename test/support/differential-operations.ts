import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';

/** The ids of one tenant's seeded entities: a caller's own, or the other tenant's when it asks for them. */
export interface TenantIds {
  readonly tenantId: string;
  readonly accountId: string;
  readonly alertId: string;
  readonly caseId: string;
  readonly eventId: string;
  readonly agentId: string;
}

export interface Operation {
  readonly label: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

const DAY = 24 * 60 * 60 * 1000;
/** Fixed once per run, so that both gateways are asked the same thing. */
const MONTH_AGO = new Date(Date.now() - 30 * DAY).toISOString();

const manifest = JSON.parse(readFileSync(new URL('../../schema/trusted-documents.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;

/** Every trusted document (the wall's and `documents/`), by operation name, with its kind. */
export const TRUSTED = Object.values(manifest).map((text) => {
  const operation = getOperationAST(parse(text));
  if (!operation?.name) throw new Error('trusted document without a named operation');
  return { name: operation.name.value, kind: operation.operation, text };
});

/**
 * Variables per trusted query, over one tenant's ids. A trusted query missing here fails the test (a new document
 * must be compared too); subscriptions are left to the runtime by both gateways (ADR 110) and not compared.
 */
const TRUSTED_QUERY_VARIABLES: Record<string, (ids: TenantIds) => Record<string, unknown>[]> = {
  AccountTimeline: (ids) => [{ id: ids.accountId, first: 5 }],
  AlertDetail: (ids) => [{ id: ids.alertId }],
  AnalystAlerts: (ids) => [{ first: 20 }, { filter: { accountId: ids.accountId }, first: 5 }],
  DetectionRules: (ids) => [{ tenantId: ids.tenantId }],
  EvidenceEvent: (ids) => [{ id: ids.eventId }],
  RecoveryQueue: (ids) => [{ tenantId: ids.tenantId }, { tenantId: ids.tenantId, statuses: ['OPEN'] }],
  SlaBreaches: (ids) => [{ tenantId: ids.tenantId, from: MONTH_AGO }],
  WallAlerts: () => [{ first: 20 }],
};

/**
 * Trusted mutations, only against the other tenant's alert: both gateways must deny them the same way, and a denied
 * mutation changes nothing, so the two calls stay comparable.
 */
const TRUSTED_DENIED_MUTATION_VARIABLES: Record<string, (foreign: TenantIds) => Record<string, unknown>> = {
  AcknowledgeAlert: (foreign) => ({ id: foreign.alertId, note: 'differential' }),
  CloseAlert: (foreign) => ({ input: { alertId: foreign.alertId, status: 'FALSE_POSITIVE', reason: 'differential' } }),
};

export function trustedOperations(own: TenantIds, foreign: TenantIds): Operation[] {
  const operations: Operation[] = [];
  for (const { name, kind, text } of TRUSTED) {
    if (kind === 'subscription') continue;
    if (kind === 'mutation') {
      const variables = TRUSTED_DENIED_MUTATION_VARIABLES[name];
      if (!variables) throw new Error(`no denied variables for trusted mutation ${name}`);
      operations.push({ label: `${name} (foreign)`, query: text, variables: variables(foreign) });
      continue;
    }
    const variables = TRUSTED_QUERY_VARIABLES[name];
    if (!variables) throw new Error(`no variables for trusted query ${name}`);
    for (const [scope, ids] of [['own', own] as const, ['foreign', foreign] as const]) {
      for (const [index, values] of variables(ids).entries()) {
        operations.push({ label: `${name} #${index} (${scope})`, query: text, variables: values });
      }
    }
  }
  return operations;
}

const ACCOUNT_ACROSS = `
  id known tenantId displayName email phone status riskScore
  openAlertCount alertRiskScore
  activity(first: 3) { edges { node { id type category outcome ip deviceId userAgent actor { type id } } } pageInfo { hasNextPage } }
  recoveryCases(first: 3) { edges { node { id status priority assignee { id displayName } } } }`;

/** Queries whose plans cross subgraphs (entity fetches both ways, nested twice, aliased, under fragments). */
const CROSS_SUBGRAPH: Record<string, string> = {
  alertsToAccounts: `query ($first: Int!) {
    alerts(first: $first) { edges { node { id rule status severity relatedAccountIds
      account { ${ACCOUNT_ACROSS} }
      recoveryCase { id status account { id displayName } linkedAlerts { id status } } } } } }`,
  alertToAccountAndBack: `query ($alertId: ID!) {
    alert(id: $alertId) { id caseId account { id displayName
      recoveryCases(first: 5) { edges { node { id linkedAlerts { id account { id email } } assignee { id roles } } } } } } }`,
  casesToAccountsAndAgents: `query ($tenantId: ID!) {
    recoveryCases(first: 20, filter: { tenantId: $tenantId }) { edges { node { id status accountId assigneeId
      account { ${ACCOUNT_ACROSS} }
      assignee { id displayName email assignedCases(first: 3) { edges { node { id account { id phone } } } } }
      linkedAlerts { id rule account { id riskScore } } } } } }`,
  caseDetail: `query ($caseId: ID!) {
    recoveryCase(id: $caseId) { id status notes { body } contactChanges { id field status }
      account { id email phone activity(first: 5) { edges { node { id ip } } } }
      linkedAlerts { id status recoveryCase { id } } } }`,
  accountTimeline: `query ($accountId: ID!) {
    account(id: $accountId) { ${ACCOUNT_ACROSS} } }`,
  activityTimeline: `query ($tenantId: ID!, $accountId: ID!) {
    activityEvents(tenantId: $tenantId, accountId: $accountId, first: 10) { edges { node { id accountId type ip deviceId geo { country city } } } }
    account(id: $accountId) { id displayName openAlertCount } }`,
  accountsPage: `query ($tenantId: ID!) {
    tenant(id: $tenantId) { id name }
    accounts(tenantId: $tenantId, first: 10) { edges { node { id displayName openAlertCount alertRiskScore
      recoveryCases(first: 2) { edges { node { id status } } } } } } }`,
  agentsAndMe: `query ($tenantId: ID!, $agentId: ID!) {
    me { id displayName roles assignedCases(first: 5) { edges { node { id account { id displayName } linkedAlerts { id } } } } }
    agent(id: $agentId) { id email tenantIds }
    agents(tenantId: $tenantId, first: 10) { edges { node { id displayName availability } } } }`,
  slaBreachesToCases: `query ($tenantId: ID!, $from: DateTime!) {
    slaBreaches(first: 20, filter: { tenantId: $tenantId, from: $from }) { edges { node { metric breachedAt
      recoveryCase { id account { id email } assignee { id } } } } } }`,
  aliasesFragmentsDirectives: `query ($alertId: ID!, $accountId: ID!, $yes: Boolean!, $no: Boolean!) {
    first: alert(id: $alertId) { ...AlertSide account @include(if: $yes) { ...AccountSide } }
    again: alert(id: $alertId) { id account @skip(if: $yes) { id } recoveryCase @skip(if: $no) { __typename id } }
    owner: account(id: $accountId) { ...AccountSide short: activity(first: 1) { edges { node { id } } } long: activity(first: 4) { edges { node { id type } } } }
  }
  fragment AlertSide on Alert { __typename id status ... on Alert { severity } }
  fragment AccountSide on Account { __typename id displayName ... on Account { email recoveryCases(first: 1) { edges { node { id } } } } }`,
};

export function crossSubgraphOperations(own: TenantIds, foreign: TenantIds): Operation[] {
  const operations: Operation[] = [];
  for (const [scope, ids] of [['own', own] as const, ['foreign', foreign] as const]) {
    const variables = { ...ids, first: 20, from: MONTH_AGO, yes: true, no: false };
    for (const [name, query] of Object.entries(CROSS_SUBGRAPH)) {
      const used = Object.fromEntries(Object.entries(variables).filter(([variable]) => query.includes(`$${variable}:`)));
      operations.push({ label: `${name} (${scope})`, query, variables: used });
    }
  }
  return operations;
}
