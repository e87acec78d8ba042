import { describe, expect, it } from 'vitest';
import { diffSupergraphs, parseAcceptedBreakingChanges } from '../src/schema-diff.js';

const before = /* GraphQL */ `
  enum join__Graph {
    ALERTS
    ACCOUNTS
  }
  type Alert {
    id: ID!
    rule: String!
    severity: String
  }
  type Query {
    alerts(first: Int): [Alert!]!
  }
`;

describe('supergraph breaking-change check', () => {
  it('finds nothing when the schema only grows', () => {
    const after = before.replace('severity: String', 'severity: String\n    note: String');
    expect(diffSupergraphs(before, after, [])).toEqual({ unacknowledged: [], acknowledged: [] });
  });

  it('reports a removed field and a narrowed argument as breaking', () => {
    const after = before.replace('rule: String!', '').replace('first: Int', 'first: Int!');
    const diff = diffSupergraphs(before, after, []);
    expect(diff.unacknowledged).toEqual(
      expect.arrayContaining(['Alert.rule was removed.', 'Query.alerts arg first has changed type from Int to Int!.']),
    );
  });

  it('lets an accepted change pass and still fails on the others', () => {
    const after = before.replace('rule: String!', '').replace('severity: String', '');
    const accepted = [{ change: 'Alert.rule was removed.', reason: 'renamed to ruleId; every dashboard migrated' }];
    const diff = diffSupergraphs(before, after, accepted);
    expect(diff.acknowledged).toEqual(['Alert.rule was removed.']);
    expect(diff.unacknowledged).toEqual(['Alert.severity was removed.']);
  });

  it('ignores federation plumbing (a subgraph leaving join__Graph)', () => {
    const after = before.replace('    ACCOUNTS\n', '');
    expect(diffSupergraphs(before, after, []).unacknowledged).toEqual([]);
  });

  it('refuses an acknowledgement without a reason', () => {
    expect(() => parseAcceptedBreakingChanges('[{"change":"Alert.rule was removed.","reason":" "}]')).toThrow(/reason/);
    expect(parseAcceptedBreakingChanges('[]')).toEqual([]);
  });
});
