/**
 * The executor comparison's clock rule (`support/clock-fields.ts`): only the fields that read the server's clock are
 * set aside, found through aliases and fragments; every other value, and a clock field's null, still counts.
 */
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CLOCK_VALUE, clockPaths, withoutClocks } from './support/clock-fields.js';

const schema = buildSchema(`
  type Query { verifyAlertEvidence: AlertEvidenceVerification, recoveryCase: Case, node: Node }
  interface Node { id: ID! }
  type AlertEvidenceVerification implements Node { id: ID!, checkedAt: String!, alertId: ID! }
  type Case implements Node { id: ID!, sla: [SlaTimer!]!, openedAt: String! }
  type SlaTimer { elapsedSeconds: Int!, remainingSeconds: Int!, startedAt: String! }
`);

describe('clock fields in the executor comparison', () => {
  it('finds clock fields through aliases, inline and named fragments', () => {
    const query = `
      query {
        v: verifyAlertEvidence { when: checkedAt alertId }
        recoveryCase { ...C openedAt }
        node { ... on Case { sla { remainingSeconds } } ... on AlertEvidenceVerification { checkedAt } }
      }
      fragment C on Case { sla { e: elapsedSeconds startedAt } }
    `;
    expect([...clockPaths(schema, query)].sort()).toEqual([
      'node/checkedAt',
      'node/sla/remainingSeconds',
      'recoveryCase/sla/e',
      'v/when',
    ]);
  });

  it('blanks only those values, through lists, and keeps nulls and every other field', () => {
    const paths = new Set(['recoveryCase/sla/e', 'v/when']);
    const data = {
      v: { when: '2026-11-30T14:33:16.725Z', alertId: 'a1' },
      recoveryCase: {
        sla: [
          { e: 51, startedAt: 'x' },
          { e: 3, startedAt: 'y' },
        ],
        openedAt: '2026-11-30T14:32:22.175Z',
      },
      other: { when: 'not a clock here' },
    };
    expect(withoutClocks(data, paths)).toEqual({
      v: { when: CLOCK_VALUE, alertId: 'a1' },
      recoveryCase: {
        sla: [
          { e: CLOCK_VALUE, startedAt: 'x' },
          { e: CLOCK_VALUE, startedAt: 'y' },
        ],
        openedAt: data.recoveryCase.openedAt,
      },
      other: { when: 'not a clock here' },
    });
    expect(withoutClocks({ v: { when: null } }, paths)).toEqual({ v: { when: null } });
  });

  it('sets nothing aside in a query without clock fields, or one that does not parse', () => {
    expect(clockPaths(schema, '{ recoveryCase { openedAt sla { startedAt } } }').size).toBe(0);
    expect(clockPaths(schema, '{ recoveryCase { ').size).toBe(0);
  });
});
