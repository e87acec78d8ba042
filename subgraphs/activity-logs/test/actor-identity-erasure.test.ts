import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { chainChecks } from './chain-checks.js';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

// ADR 140: identity providers name customers by email (Okta's alternateId). Such an actor id is the customer's
// personal data, so the chain hashes a pseudonym of it and the email is kept, committed and erased like the IP.
const T = 'actor-identity';
const EMAIL = 'sam.okafor@example.org';
const EVENTS = `query ($filter: ActivityFilter) { activityEvents(tenantId: "${T}", accountId: "acct-e", filter: $filter) {
  edges { node { actor { type id } } } } }`;
type Events = { activityEvents: { edges: { node: { actor: { type: string; id: string | null } } }[] } };

describe("a customer's email as actor id", () => {
  const h = perSuite(startActivityLogs);
  const { verify } = chainChecks(h);
  const supervisor = as(['SUPERVISOR'], [T]);
  const actorIds = async (filter?: Record<string, unknown>) => {
    const { data, errors } = await h().call<Events>(supervisor, EVENTS, { filter: filter ?? null });
    expect(errors).toBeUndefined();
    return data!.activityEvents.edges.map((edge) => edge.node.actor.id).sort();
  };

  it('reads back as before, and is erased with the account while the chain still verifies', async () => {
    const byEmail = failedLogin('acct-e', { actorId: EMAIL, idempotencyKey: 'login-by-email' });
    const recorded = await h().call(as(['INGEST'], [T]), RECORD, {
      tenantId: T,
      events: [byEmail, failedLogin('acct-e', { actorId: 'okta-00u1abcd' })],
    });
    expect(recorded.errors).toBeUndefined();
    // Readers who see emails whole read the email, and can filter by it; a retry is still the same event.
    expect(await actorIds()).toEqual(['okta-00u1abcd', EMAIL]);
    expect(await actorIds({ actorId: EMAIL })).toEqual([EMAIL]);
    const retried = await h().call<{ recordActivities: { duplicateCount: number } }>(as(['INGEST'], [T]), RECORD, {
      tenantId: T,
      events: [byEmail],
    });
    expect(retried.errors).toBeUndefined();
    expect(retried.data?.recordActivities.duplicateCount).toBe(1);

    const erased = await h().call(
      as(['ADMIN'], [T]),
      `mutation { eraseAccountActivity(tenantId: "${T}", accountId: "acct-e") { erasedEventCount } }`,
    );
    expect(erased.errors).toBeUndefined();

    const stored = JSON.stringify(await h().events().find({ tenantId: T }).toArray());
    expect(stored).not.toContain(EMAIL);
    expect(stored).not.toContain('sam.okafor');
    const after = await actorIds();
    expect(after).toContain('okta-00u1abcd');
    expect(after.join(' ')).not.toContain('@');
    expect(await verify(T)).toMatchObject({ ok: true, breakCount: 0 });
  });
});
