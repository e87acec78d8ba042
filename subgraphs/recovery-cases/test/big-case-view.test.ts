import { describe, expect, it } from 'vitest';
import { MAX_CASE_BYTES } from '../src/application/case-store.js';
import { DEMO_SEED, agent, supervisor } from './harness.js';
import { recoveryCasesPerSuite } from './flows.js';

/**
 * Opening a case is audited (`account.viewed`), and the audit event is queued on the case: a case past the size people
 * may grow it to (ADR 124) must still open — for the supervisor who has to review and close it above all.
 */
describe('a case past the size bound', () => {
  const suite = recoveryCasesPerSuite();

  it('still opens (audited), and is still closed; people still cannot grow it', async () => {
    const opened = await suite.steps.open(agent, DEMO_SEED.accounts.jordan, 'LOCKED_OUT', 'PHONE');
    const note = { id: 'n', authorId: DEMO_SEED.agents.agent, body: 'x'.repeat(4000), at: new Date() };
    const notes = Array.from({ length: Math.ceil(MAX_CASE_BYTES / 4000) + 10 }, (_, i) => ({ ...note, id: `n-${i}` }));
    await suite.rc.db.connection
      .collection<{ _id: string }>('recovery_cases')
      .updateOne({ _id: opened.id }, { $set: { notes }, $inc: { revision: 1 } });

    const viewed = await suite.rc.call<{ recoveryCase: { id: string } }>(
      supervisor,
      `query ($id: ID!) { recoveryCase(id: $id) { id } }`,
      {
        id: opened.id,
      },
    );
    expect(viewed.errors).toBeUndefined();
    expect(viewed.data?.recoveryCase.id).toBe(opened.id);
    await suite.rc.settle();
    expect(suite.rc.actions.filter((a) => a.caseId === opened.id && a.action === 'account.viewed')).toHaveLength(1);

    const grown = await suite.rc.call(agent, `mutation ($id: ID!) { addCaseNote(caseId: $id, body: "more") { id } }`, {
      id: opened.id,
    });
    expect(grown.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await suite.steps.changeStatus(supervisor, opened.id, 'REJECTED', 'case flooded with notes')).errors).toBeUndefined();
  });
});
