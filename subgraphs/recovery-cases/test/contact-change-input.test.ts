import { describe, expect, it } from 'vitest';
import { DEMO_SEED, agent } from './harness.js';
import { recoveryCasesPerSuite } from './flows.js';

const REQUEST = `mutation ($id: ID!, $field: ContactField!, $value: String!) {
  requestContactChange(caseId: $id, field: $field, newValue: $value) { contactChanges { field status } } }`;

/** A requested contact is what a supervisor approves for the account: it must be one mailbox or number. */
describe('requestContactChange input', () => {
  const suite = recoveryCasesPerSuite();

  it('refuses a value that is not one address of the field’s kind, and takes one that is', async () => {
    const opened = await suite.steps.open(agent, DEMO_SEED.accounts.jordan, 'LOCKED_OUT', 'PHONE');
    for (const [field, value] of [
      ['EMAIL', 'not an address'],
      ['EMAIL', 'jordan.new@example.net, thief@evil.example'],
      ['PHONE', 'jordan.new@example.net'],
      ['PHONE', '<b>call me</b>'],
    ] as const) {
      const refused = await suite.rc.call(agent, REQUEST, { id: opened.id, field, value });
      expect(refused.errors?.[0]?.extensions?.code, `${field} ${value}`).toBe('BAD_USER_INPUT');
    }
    const taken = await suite.rc.call<{ requestContactChange: { contactChanges: unknown[] } }>(agent, REQUEST, {
      id: opened.id,
      field: 'PHONE',
      value: '+15555550100',
    });
    expect(taken.data?.requestContactChange.contactChanges).toEqual([{ field: 'PHONE', status: 'PENDING' }]);
  });
});
