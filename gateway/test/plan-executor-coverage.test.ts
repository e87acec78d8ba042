import { readFileSync } from 'node:fs';
import { QueryPlanner } from '@graphql-hive/router-query-planner';
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isSupportedPlan } from '../src/plan-executor/plan-support.js';

/**
 * Vigil's own operations (the trusted documents, over the checked-in supergraph) are planned into nodes the plan
 * executor runs itself: queries and mutations do not fall back to router-runtime's executor, subscriptions do.
 */
const supergraph = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
const documents = JSON.parse(readFileSync(new URL('../../schema/trusted-documents.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;

describe("Vigil's operations on the plan executor", () => {
  it('runs every trusted query and mutation itself and leaves subscriptions to the runtime', async () => {
    const planner = new QueryPlanner(supergraph);
    const kinds: string[] = [];
    for (const text of Object.values(documents)) {
      const operation = getOperationAST(parse(text));
      if (!operation) throw new Error('trusted document without an operation');
      const plan = await planner.planAsync(text, operation.name?.value, new Set(), 0);
      const supported = isSupportedPlan(plan);
      expect({ name: operation.name?.value, supported }).toEqual({
        name: operation.name?.value,
        supported: operation.operation !== 'subscription',
      });
      kinds.push(operation.operation);
    }
    expect(kinds).toContain('query');
    expect(kinds).toContain('mutation');
  });
});
