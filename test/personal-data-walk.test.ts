/**
 * The whole supergraph, walked per role through the real gateway: the schema is introspected, an operation is built
 * over every field reachable from each root query field and subscription, and every answer is searched for the
 * seeded personal values (IPs, emails, phones, device ids, user agents) of each kind the role may not see whole,
 * and for the other tenant's ids and name. Any hit fails, with the operation that leaked it.
 */
import { DEMO_SEED } from '@vigil/accounts';
import { visibilityFor, type Role } from '@vigil/core';
import type { RunningStack } from '@vigil/stack';
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, wsClient, nodes, type Page } from './support/graphql-client.js';
import { coordinateAt, planWalk } from './support/schema-walk.js';
import { walkArguments, type WalkIds } from './support/walk-arguments.js';
import { DEVICE, events, IP, IPV6, leaks, NEW_EMAIL, NOTE_EMAIL, RECORD, USER_AGENT } from './support/walk-values.js';
import { bootStack } from './support/stack.js';
import { waitForValue } from '@vigil/testing';

const { tenants, accounts, agents } = DEMO_SEED;
const ROLES: readonly Role[] = ['ADMIN', 'SUPERVISOR', 'AGENT', 'SECURITY_ANALYST', 'AUDITOR', 'INGEST', 'PARTNER'];
const SUBJECTS: Partial<Record<Role, string>> = {
  ADMIN: agents.admin,
  SUPERVISOR: agents.supervisor,
  AGENT: agents.agent,
  SECURITY_ANALYST: agents.analyst,
  AUDITOR: agents.auditor,
};

let stack: RunningStack;
let schema: GraphQLSchema;
const ids: WalkIds = { alert: '', case: '', event: '' };
const { argumentValues, requiredOnly } = walkArguments(ids);
/** Per role, the fields the query walk found forbidden (the subscription walk leaves them out too). */
const forbiddenFields = new Map<Role, ReadonlySet<string>>();

const asRole = (role: Role, tenantIds: string[] = [tenants.demo]) =>
  stack.token({ roles: [role], tenants: tenantIds, subject: SUBJECTS[role] ?? `walk-${role.toLowerCase()}` });

async function ok<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await graphql<T>(stack.gatewayUrl, token, query, variables);
  expect(result.errors, query).toBeUndefined();
  return result.data as T;
}

/** The id of the first alert on `accountId`, once detection has raised it. */
function firstAlertOf(token: string, accountId: string): Promise<string> {
  return waitForValue(async () => {
    const query = `{ alerts(filter: { accountId: "${accountId}" }) { edges { node { id } } } }`;
    return nodes((await ok<{ alerts: Page<{ id: string }> }>(token, query)).alerts)[0]?.id;
  });
}

async function seed(): Promise<void> {
  const ingestDemo = await asRole('INGEST');
  const login = { ip: IP, deviceId: DEVICE, userAgent: USER_AGENT };
  await ok(ingestDemo, RECORD, { tenantId: tenants.demo, events: events(accounts.jordan, 10, login, 'walk-fail') });
  await ok(ingestDemo, RECORD, {
    tenantId: tenants.demo,
    events: [
      {
        accountId: accounts.jordan,
        type: 'user.session.start',
        occurredAt: new Date().toISOString(),
        ip: IPV6,
        deviceId: DEVICE,
        userAgent: USER_AGENT,
        metadata: { note: `asked to write to ${NOTE_EMAIL}` },
        idempotencyKey: 'walk-login',
      },
    ],
  });
  const ingestAcme = await stack.token({ roles: ['INGEST'], tenants: [tenants.acme], subject: 'walk-acme-crm' });
  await ok(ingestAcme, RECORD, { tenantId: tenants.acme, events: events(accounts.alex, 10, { ip: '192.0.2.199' }, 'walk-acme') });

  const analyst = await asRole('SECURITY_ANALYST');
  const alert = await firstAlertOf(analyst, accounts.jordan);
  ids.alert = alert;
  const supervisor = await asRole('SUPERVISOR');
  const opened = await ok<{ openRecoveryCase: { id: string } }>(
    supervisor,
    `mutation ($input: OpenRecoveryCaseInput!) { openRecoveryCase(input: $input) { id } }`,
    {
      input: {
        tenantId: tenants.demo,
        accountId: accounts.jordan,
        reason: 'SUSPECTED_COMPROMISE',
        channel: 'PHONE',
        linkedAlertIds: [alert],
        note: `Caller from ${IP} asked to use ${NOTE_EMAIL} and +1 555 555 0123`,
      },
    },
  );
  ids.case = opened.openRecoveryCase.id;
  await ok(
    supervisor,
    `mutation { addCaseNote(caseId: "${ids.case}", body: "Also seen from ${IPV6}, call +1 555 555 0123") { id } }`,
  );
  await ok(supervisor, `mutation { requestContactChange(caseId: "${ids.case}", field: EMAIL, newValue: "${NEW_EMAIL}") { id } }`);
  await ok(analyst, `mutation { acknowledgeAlert(id: "${alert}", note: "looking at ${IP}") { id } }`);
  await ok(
    analyst,
    `mutation { closeAlert(input: { alertId: "${alert}", status: ESCALATED, reason: "escalated: ${IP} and ${NOTE_EMAIL}", caseId: "${ids.case}" }) { id } }`,
  );
  const timeline = await ok<{ activityEvents: { edges: { node: { id: string } }[] } }>(
    analyst,
    `{ activityEvents(tenantId: "demo", accountId: "${accounts.jordan}", first: 1) { edges { node { id } } } }`,
  );
  ids.event = timeline.activityEvents.edges[0]!.node.id;
}

beforeAll(async () => {
  // Limits high enough for one operation to select everything below a root field: this test is about what data
  // comes back, not about the gateway's cost model (tested on its own).
  stack = await bootStack({ MAX_QUERY_COST: '1000000000', MAX_QUERY_DEPTH: '20' });
  const admin = await asRole('ADMIN');
  schema = buildClientSchema(await ok<IntrospectionQuery>(admin, getIntrospectionQuery()));
  await seed();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('every field of the supergraph, per role', () => {
  it('plans operations over every root query field', () => {
    const plan = planWalk(schema, 'query', argumentValues, 6);
    const roots = Object.keys(schema.getQueryType()!.getFields()).filter((name) => !name.startsWith('_'));
    const walked = new Set(plan.operations.map((operation) => operation.label.split(' > ')[0]));
    expect(roots.filter((name) => !walked.has(`Query.${name}`))).toEqual([]);
    expect(plan.skipped).toEqual([]);
  });

  it.each(ROLES)(
    '%s: no unmasked personal value of a masked kind and nothing of another tenant',
    async (role) => {
      const token = await asRole(role);
      const problems: string[] = [];
      let answered = '';
      // A forbidden non-null field nulls its parent: leave such fields out and walk again, so the rest is still read.
      const excluded = new Set<string>();
      // Every answer is kept; a later round walks again only the operations whose answer had a forbidden field.
      const answers = new Map<string, string>();
      let again: ReadonlySet<string> | undefined;
      for (let round = 0; round < 4 && again?.size !== 0; round += 1) {
        const rerun = new Set<string>();
        const planned = new Set(excluded);
        for (const operation of planWalk(schema, 'query', argumentValues, 6, excluded).operations) {
          if (again && !again.has(operation.label)) continue;
          const result = await graphql(stack.gatewayUrl, token, operation.source);
          answers.set(operation.label, JSON.stringify(result));
          for (const error of result.errors ?? []) {
            const coordinate =
              error.extensions?.code === 'FORBIDDEN' && error.path && error.path.length > 1
                ? coordinateAt(schema, 'query', error.path)
                : undefined;
            if (coordinate && !planned.has(coordinate)) {
              excluded.add(coordinate);
              rerun.add(operation.label);
            }
          }
        }
        again = rerun;
      }
      for (const [label, text] of answers) {
        answered += text;
        for (const leak of leaks(role, text)) problems.push(`${label}: ${leak}`);
        const result = JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] };
        for (const error of result.errors ?? []) {
          const code = String(error.extensions?.code);
          if (!['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED'].includes(code)) problems.push(`${label}: ${code} ${error.message}`);
        }
      }
      forbiddenFields.set(role, excluded);
      expect(problems).toEqual([]);
      // The walk reached the seeded data: a role that sees a kind whole finds it, the others find its masked form.
      if (role !== 'INGEST' && role !== 'PARTNER') expect(answered).toContain(accounts.jordan);
      if (visibilityFor([role], 'IP_ADDRESS') === 'CLEAR') expect(answered).toContain(IP);
      if (role === 'AGENT' || role === 'SUPERVISOR') expect(answered).toContain('203.0.113.x');
      if (visibilityFor([role], 'EMAIL') === 'CLEAR') expect(answered).toContain('jordan.rivera@example.com');
      if (role === 'AGENT') expect(answered).toContain('j***@example.com');
    },
    300_000,
  );
});

describe('every subscription, per role', () => {
  it('plans an operation for every subscription field', () => {
    const plan = planWalk(schema, 'subscription', requiredOnly, 6);
    expect(plan.operations.map((operation) => operation.label).sort()).toEqual(
      Object.keys(schema.getSubscriptionType()!.getFields())
        .map((name) => `Subscription.${name}`)
        .sort(),
    );
  });

  it('live events carry no unmasked personal value of a masked kind and nothing of another tenant, for any role', async () => {
    const planFor = (role: Role) => planWalk(schema, 'subscription', requiredOnly, 6, forbiddenFields.get(role) ?? new Set());
    /** role → operation label → every message (data or errors) received. */
    const received = new Map<Role, Map<string, string[]>>();
    const clients = await Promise.all(
      ROLES.map(async (role) => {
        const client = wsClient(stack.gatewayUrl, await asRole(role));
        const byLabel = new Map<string, string[]>();
        received.set(role, byLabel);
        const push = (label: string, message: unknown) =>
          byLabel.set(label, [...(byLabel.get(label) ?? []), JSON.stringify(message)]);
        for (const operation of planFor(role).operations) {
          client.subscribe(
            { query: operation.source },
            {
              next: (result) => push(operation.label, result),
              error: (error) => push(operation.label, error),
              complete: () => undefined,
            },
          );
        }
        return client;
      }),
    );
    // The gateway acknowledges before the upstream subscriptions are open.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    // One trigger for everything: a new alert (priya), an event on jordan, a case change, an alert status change.
    await ok(await asRole('INGEST'), RECORD, {
      tenantId: tenants.demo,
      events: [
        ...events(accounts.priya, 10, { ip: IP, deviceId: DEVICE, userAgent: USER_AGENT }, 'walk-live-priya'),
        ...events(accounts.jordan, 1, { ip: IPV6, deviceId: DEVICE, userAgent: USER_AGENT }, 'walk-live-jordan'),
      ],
    });
    const supervisor = await asRole('SUPERVISOR');
    await ok(supervisor, `mutation { addCaseNote(caseId: "${ids.case}", body: "live from ${IP}, ${NOTE_EMAIL}") { id } }`);
    const analyst = await asRole('SECURITY_ANALYST');
    const liveAlert = await firstAlertOf(analyst, accounts.priya);
    await ok(analyst, `mutation { acknowledgeAlert(id: "${liveAlert}", note: "seen ${IP}") { id } }`);

    // Walls (ADMIN, SUPERVISOR, AGENT, SECURITY_ANALYST) get alerts and activity; supervisors the case queue.
    const data = (role: Role, label: string) => (received.get(role)?.get(label) ?? []).filter((text) => text.includes('"data"'));
    const expected: [Role, string][] = [
      ...(['ADMIN', 'SUPERVISOR', 'AGENT', 'SECURITY_ANALYST'] as const).flatMap((role): [Role, string][] => [
        [role, 'Subscription.alertRaised'],
        [role, 'Subscription.alertUpdated'],
        [role, 'Subscription.activityRecorded'],
      ]),
      ['SUPERVISOR', 'Subscription.recoveryCaseUpdated'],
    ];
    await waitForValue(
      async () => (expected.every(([role, label]) => data(role, label).length > 0) ? true : undefined),
      60_000,
    ).catch(() => {
      const missing = expected.filter(([role, label]) => data(role, label).length === 0);
      const got = missing.map(
        ([role, label]) => `${role} ${label}: ${(received.get(role)?.get(label) ?? []).join(' | ').slice(0, 300)}`,
      );
      throw new Error(`no live data for ${got.join('; ')}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all(clients.map((client) => client.dispose()));

    const problems = [...received].flatMap(([role, byLabel]) =>
      [...byLabel].flatMap(([label, messages]) =>
        messages.flatMap((text) => leaks(role, text).map((leak) => `${role} ${label}: ${leak}`)),
      ),
    );
    expect(problems).toEqual([]);
    expect(data('AGENT', 'Subscription.alertRaised').join()).toContain('203.0.113.x');
    expect(data('SECURITY_ANALYST', 'Subscription.alertRaised').join()).toContain(IP);
  }, 180_000);
});
