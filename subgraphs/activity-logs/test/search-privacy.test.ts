import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { eraseStoredEvents } from '../src/application/event-erasure.js';
import { as, failedLogin, RECORD, startActivityLogs } from './harness.js';

// AUDITOR and SECURITY_ANALYST read emails and phone numbers in metadata masked (ADR 149). A search must not tell them
// more than they read: a partial term (the local part, `jane.doe@exam`, a run of the phone's digits) matched the
// whole stored value, and the result count confirmed the address. They search the masked text they read (ADR 151).
const T = 'search-privacy';
const EMAIL = 'jane.doe@example.com';
const METADATA = { newEmail: EMAIL, note: 'customer called from +44 20 7946 0958' };
const LEGACY = { note: `legacy call from ${EMAIL}` };
const EVENTS = `query ($filter: ActivityFilter) { activityEvents(tenantId: "${T}", filter: $filter) { edges { node { accountId } } } }`;
type Events = { activityEvents: { edges: { node: { accountId: string } }[] } };
type Roles = Parameters<typeof as>[0];

// Partial terms that name no whole email, phone number or IP: the ADR 149 refusal does not catch them.
const PARTIAL_PROBES = ['jane.doe@', 'jane.doe@exam', 'jane.doe', 'doe@example', '7946 09', '20 7946'];

describe('metadata search cannot confirm what the caller sees masked', () => {
  const h = perSuite(async () => {
    const harness = await startActivityLogs();
    const { errors } = await harness.call(as(['INGEST'], [T]), RECORD, {
      tenantId: T,
      events: [
        failedLogin('acct-1', { type: 'account.contact.email_changed', metadata: METADATA }),
        failedLogin('acct-2', { type: 'account.contact.email_changed', metadata: LEGACY }),
      ],
    });
    expect(errors).toBeUndefined();
    // acct-2's event as one stored before ADR 151: its search text only in the form ADMIN reads.
    await harness.subgraph.services.models.events.collection.updateMany(
      { tenantId: T, accountId: 'acct-2' },
      { $unset: { maskedSearchText: 1 } },
    );
    return harness;
  });

  const search = async (roles: Roles, text: string) => {
    const { data, errors } = await h().call<Events>(as(roles, [T]), EVENTS, { filter: { text } });
    expect(errors, `${roles.join()} "${text}"`).toBeUndefined();
    return data!.activityEvents.edges.map((edge) => edge.node.accountId).sort();
  };

  it("finds nothing for an investigator's partial term of an address, where ADMIN finds the event", async () => {
    for (const text of PARTIAL_PROBES) {
      for (const role of ['AUDITOR', 'SECURITY_ANALYST'] as const)
        expect(await search([role], text), `${role} "${text}"`).toEqual([]);
      expect(await search(['ADMIN'], text), `ADMIN "${text}"`).toContain('acct-1');
    }
  });

  it('searches the masked form the investigator reads, and ADMIN the whole form ADMIN reads', async () => {
    for (const role of ['AUDITOR', 'SECURITY_ANALYST'] as const) {
      expect(await search([role], 'j***@example.com'), role).toEqual(['acct-1']);
      expect(await search([role], '+4*******0958'), role).toEqual(['acct-1']);
      expect(await search([role], 'customer called'), role).toEqual(['acct-1']);
    }
    expect(await search(['ADMIN'], 'j***@example.com')).toEqual([]);
    expect(await search(['ADMIN'], 'customer called')).toEqual(['acct-1']);
  });

  it("leaves events stored without a masked form out of an investigator's search, not out of ADMIN's", async () => {
    expect(await search(['AUDITOR'], 'legacy call')).toEqual([]);
    expect(await search(['ADMIN'], 'legacy call')).toEqual(['acct-2']);
    // Still on the investigator's timeline without a text filter.
    const { data } = await h().call<Events>(as(['AUDITOR'], [T]), EVENTS, { filter: null });
    expect(data?.activityEvents.edges.map((edge) => edge.node.accountId).sort()).toEqual(['acct-1', 'acct-2']);
  });

  it('takes the term as a literal substring, never as a regular expression', async () => {
    expect(await search(['AUDITOR'], '.*')).toEqual([]);
    expect(await search(['ADMIN'], 'j.n')).toEqual([]);
  });

  // Last: it erases acct-1's event.
  it('is erased with the metadata, in both forms', async () => {
    const { events } = h().subgraph.services.models;
    expect(await eraseStoredEvents(events, { tenantId: T, accountId: 'acct-1' })).toBe(1);
    const erased = await events.collection.findOne({ tenantId: T, accountId: 'acct-1' });
    expect(erased).not.toHaveProperty('searchText');
    expect(erased).not.toHaveProperty('maskedSearchText');
    expect(await search(['AUDITOR'], 'customer called')).toEqual([]);
  });
});
