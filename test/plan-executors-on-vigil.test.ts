/**
 * Vigil's plan executor (ADR 110) against router-runtime's, on Vigil's own stack: one stack with seeded demo data
 * (plus activity, alerts, cases, holds and webhooks in both tenants), the stack's gateway (Vigil's executor) and a
 * second gateway on the same subgraphs built with router-runtime's handler. Every trusted query, cross-subgraph
 * queries, a walk over every root field, seeded random operations and denied mutations are sent to both, for every
 * role in both tenants, with the caller's own ids and the other tenant's: status, data and errors (message, path,
 * extensions) must be identical.
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { Role } from '@vigil/core';
import type { Gateway } from '@vigil/gateway';
import type { RunningStack } from '@vigil/stack';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossTenantAttempts } from './support/cross-tenant-attempts.js';
import { seedCrossTenantEntities, type CrossTenantIds } from './support/cross-tenant-seed.js';
import { crossSubgraphOperations, trustedOperations, type Operation, type TenantIds } from './support/differential-operations.js';
import { compareGateways, inBatches, startReferenceGateway } from './support/executor-pair.js';
import { graphql } from './support/graphql-client.js';
import { randomOperations } from './support/random-vigil-operations.js';
import { planWalk } from './support/schema-walk.js';
import { walkArguments } from './support/walk-arguments.js';
import { bootStack } from './support/stack.js';

const { tenants, accounts, agents } = DEMO_SEED;
const ROLES: readonly Role[] = ['ADMIN', 'SUPERVISOR', 'AGENT', 'SECURITY_ANALYST', 'AUDITOR', 'INGEST'];
const SUBJECTS: Record<string, Partial<Record<Role, string>>> = {
  [tenants.demo]: {
    ADMIN: agents.admin,
    SUPERVISOR: agents.supervisor,
    AGENT: agents.agent,
    SECURITY_ANALYST: agents.analyst,
    AUDITOR: agents.auditor,
  },
  [tenants.acme]: { AGENT: agents.acmeAgent },
};
/** Requests in flight per gateway: enough to keep the run short, few enough for a shared 2-CPU machine. */
const WIDTH = 4;

let stack: RunningStack;
let reference: Gateway;
let schema: GraphQLSchema;
const seeded: CrossTenantIds = {
  acme: { alert: '', case: '', event: '', hold: '', webhook: '', request: '', challenge: '', contactChange: '' },
  demo: { alert: '', case: '' },
};
const ids = new Map<string, TenantIds>();
/** Every operation compared, so the last test can check the comparisons saw data and errors, not only nulls. */
const compared: string[] = [];

const tokenFor = (role: Role, tenantId: string) =>
  stack.token({ roles: [role], tenants: [tenantId], subject: SUBJECTS[tenantId]?.[role] ?? `diff-${tenantId}-${role}` });
const other = (tenantId: string) => (tenantId === tenants.demo ? tenants.acme : tenants.demo);

/**
 * Sends every operation to both gateways as `token`; returns a line per operation whose answers differ. The two
 * calls go one after the other over live data: background work (an account's timeline gaining an event from a
 * consumer or a sweep) can land between them on a loaded machine, so a pair that differs is asked once more, and
 * only a difference that holds twice is reported — an executor's difference is the same every time.
 */
async function differences(token: string, operations: readonly Operation[], caller: string): Promise<string[]> {
  const found: string[] = [];
  await inBatches(operations, WIDTH, async ({ label, query, variables }) => {
    const request = { token, query, variables };
    let answers = await compareGateways(stack.gatewayUrl, reference.url, request, schema);
    if (!answers.equal) answers = await compareGateways(stack.gatewayUrl, reference.url, request, schema);
    if (!answers.equal) found.push(`${caller} ${label}\n  ours:      ${answers.ours}\n  reference: ${answers.reference}`);
    compared.push(answers.ours);
  });
  return found;
}

async function eventOf(tenantId: string): Promise<string> {
  const token = await tokenFor('SECURITY_ANALYST', tenantId);
  const result = await graphql<{ activityEvents: { edges: { node: { id: string } }[] } }>(
    stack.gatewayUrl,
    token,
    `
      query ($tenantId: ID!) {
        activityEvents(tenantId: $tenantId, first: 1) {
          edges {
            node {
              id
            }
          }
        }
      }
    `,
    { tenantId },
  );
  const id = result.data?.activityEvents.edges[0]?.node.id;
  if (!id) throw new Error(`no activity event in ${tenantId}: ${JSON.stringify(result.errors)}`);
  return id;
}

beforeAll(async () => {
  // Limits high enough for the walk and the random operations: this test is about answers, not the cost model.
  stack = await bootStack({ MAX_QUERY_COST: '1000000000', MAX_QUERY_DEPTH: '20' });
  reference = await startReferenceGateway(stack);
  await seedCrossTenantEntities(stack, seeded);
  const adminToken = await tokenFor('ADMIN', tenants.demo);
  const introspection = await graphql<IntrospectionQuery>(stack.gatewayUrl, adminToken, getIntrospectionQuery());
  schema = buildClientSchema(introspection.data!);
  ids.set(tenants.demo, {
    tenantId: tenants.demo,
    accountId: accounts.jordan,
    alertId: seeded.demo.alert,
    caseId: seeded.demo.case,
    eventId: await eventOf(tenants.demo),
    agentId: agents.supervisor,
  });
  ids.set(tenants.acme, {
    tenantId: tenants.acme,
    accountId: accounts.alex,
    alertId: seeded.acme.alert,
    caseId: seeded.acme.case,
    eventId: seeded.acme.event,
    agentId: agents.acmeAgent,
  });
}, 240_000);

afterAll(async () => {
  await reference?.stop();
  await stack?.stop();
});

const CALLERS = ROLES.flatMap((role) => [tenants.demo, tenants.acme].map((tenantId) => [role, tenantId] as const));

describe("Vigil's plan executor answers like router-runtime's on Vigil's graph", () => {
  it('compares operations that are valid on the supergraph', () => {
    const all = [...trustedOperations(ids.get(tenants.demo)!, ids.get(tenants.acme)!)];
    all.push(...crossSubgraphOperations(ids.get(tenants.demo)!, ids.get(tenants.acme)!));
    const invalid = all.flatMap(({ label, query }) =>
      validate(schema, parse(query)).map((error) => `${label}: ${error.message}`),
    );
    expect(invalid).toEqual([]);
  });

  it('answers the schema introspection the same way', async () => {
    const token = await tokenFor('AUDITOR', tenants.acme);
    expect(await differences(token, [{ label: 'introspection', query: getIntrospectionQuery() }], 'AUDITOR@acme')).toEqual([]);
  }, 120_000);

  it.each(CALLERS)(
    '%s of %s: trusted and cross-subgraph queries, own and foreign ids, and denied mutations',
    async (role, tenantId) => {
      const own = ids.get(tenantId)!;
      const foreign = ids.get(other(tenantId))!;
      const operations = [...trustedOperations(own, foreign), ...crossSubgraphOperations(own, foreign)];
      const token = await tokenFor(role, tenantId);
      expect(await differences(token, operations, `${role}@${tenantId}`)).toEqual([]);
    },
    180_000,
  );

  it.each(ROLES)(
    '%s: a walk over every root field with the demo tenant’s ids, by a demo and an acme caller',
    async (role) => {
      const operations = planWalk(schema, 'query', walkArguments(walkIds()).argumentValues, 3).operations.map(
        ({ label, source }) => ({ label, query: source }),
      );
      const found: string[] = [];
      for (const tenantId of [tenants.demo, tenants.acme]) {
        found.push(...(await differences(await tokenFor(role, tenantId), operations, `${role}@${tenantId}`)));
      }
      expect(found).toEqual([]);
    },
    300_000,
  );

  it('denied mutations naming the other tenant’s entities', async () => {
    const found: string[] = [];
    for (const [name, attempt] of Object.entries(crossTenantAttempts(seeded))) {
      const token = await stack.token({ roles: attempt.roles, tenants: [tenants.demo], subject: agents.supervisor });
      const operation = { label: name, query: attempt.mutation(attempt.foreignId()) };
      found.push(...(await differences(token, [operation], 'staff@demo')));
    }
    expect(found).toEqual([]);
  }, 180_000);

  it('seeded random operations over the schema (bounded depth)', async () => {
    const found: string[] = [];
    const arguments_ = walkArguments(walkIds()).argumentValues;
    // One caller per role, the tenants taking turns: the demo tenant's ids are own data or another tenant's.
    for (const [index, role] of ROLES.entries()) {
      const tenantId = index % 2 === 0 ? tenants.demo : tenants.acme;
      const operations = randomOperations(schema, arguments_, 1000 + index, 6, 3);
      found.push(...(await differences(await tokenFor(role, tenantId), operations, `${role}@${tenantId}`)));
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('compared real answers: data of both tenants, and errors', () => {
    const text = compared.join('\n');
    expect(text).toContain(accounts.jordan);
    expect(text).toContain(accounts.alex);
    expect(text).toContain(seeded.acme.alert);
    expect(text).toContain(seeded.demo.case);
    // Per-caller masking reached the comparison: an agent's masked email beside a clear one.
    expect(text).toContain('jordan.rivera@example.com');
    expect(text).toContain('j***@example.com');
    for (const code of ['FORBIDDEN', 'NOT_FOUND']) expect(text).toContain(`\\"code\\":\\"${code}\\"`);
  });
});

function walkIds() {
  const demo = ids.get(tenants.demo)!;
  return { alert: demo.alertId, case: demo.caseId, event: demo.eventId };
}
