import { AGENT_ACTION_PREFIX, EventTaxonomy } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { AGENT_ACTIONS } from '../../src/domain/agent-actions.js';

/**
 * The action names are a contract with activity-logs, which records each as `agent.action.<name>` after resolving it
 * in core's taxonomy as a Vigil-written type: a name it would refuse is an audit event that never lands in the chain.
 */
describe('agent action names', () => {
  it('each resolves, as Vigil writes it, to an agent-activity event in the taxonomy activity-logs applies', () => {
    const taxonomy = new EventTaxonomy();
    for (const name of Object.values(AGENT_ACTIONS)) {
      const resolved = taxonomy.resolve(`${AGENT_ACTION_PREFIX}${name}`, 'VIGIL');
      expect(resolved, name).toMatchObject({ ok: true, definition: { category: 'AGENT_ACTIVITY', writer: 'VIGIL' } });
    }
    expect(Object.values(AGENT_ACTIONS)).toEqual(
      expect.arrayContaining(['verification.otp_delivery_failed', 'reset.delivery_failed']),
    );
  });
});
