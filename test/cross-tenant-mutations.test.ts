/**
 * Every mutation that takes an id of an entity, through the gateway: an id of the other tenant's entity is answered
 * exactly like an id that does not exist — NOT_FOUND, the same message but for the id — by a caller of `demo` with
 * every role the mutation needs. The other tenant's entities are real (created by `acme`'s own staff first).
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossTenantAttempts, MISSING } from './support/cross-tenant-attempts.js';
import { seedCrossTenantEntities, type CrossTenantIds } from './support/cross-tenant-seed.js';
import { graphql } from './support/graphql-client.js';
import { bootStack } from './support/stack.js';

const { tenants, agents } = DEMO_SEED;

let stack: RunningStack;
const ids: CrossTenantIds = {
  acme: { alert: '', case: '', event: '', hold: '', webhook: '', request: '', challenge: '', contactChange: '' },
  demo: { alert: '', case: '' },
};
const attempts = crossTenantAttempts(ids);

beforeAll(async () => {
  stack = await bootStack();
  await seedCrossTenantEntities(stack, ids);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

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
