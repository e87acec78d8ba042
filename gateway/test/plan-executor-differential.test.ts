import { readFileSync } from 'node:fs';
import { parse, print, validate, type ExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { comparable, planExecutors, type PlanExecutors } from './fixtures/plan-executors.js';
import { planGraphSubgraphs, planGraphSupergraph, runOnSubgraph, type SubgraphName } from './fixtures/plan-graph.js';
import { prng } from '@vigil/testing';
import { randomOperation, type ArgumentTable } from './fixtures/random-operations.js';
import type { ExecutionRequest } from '../src/plan-executor/types.js';

/**
 * Vigil's plan executor (gateway/src/plan-executor) against router-runtime's, on the same plans, subgraphs and
 * faults: answers and errors (message, path, extensions) must be the same. Subgraphs run in process
 * (fixtures/plan-graph.ts, the bench's graph plus an interface, a union, an enum and a non-null entity field).
 */

/** What a subgraph does wrong in one run. */
type Fault =
  | { kind: 'none' }
  | { kind: 'down'; subgraph: SubgraphName }
  | { kind: 'entity-error'; subgraph: SubgraphName }
  | { kind: 'null-data'; subgraph: SubgraphName };

const FAULTS: Fault[] = [
  { kind: 'none' },
  { kind: 'down', subgraph: 'inventory' },
  { kind: 'down', subgraph: 'reviews' },
  { kind: 'down', subgraph: 'accounts' },
  { kind: 'entity-error', subgraph: 'inventory' },
  { kind: 'entity-error', subgraph: 'reviews' },
  { kind: 'entity-error', subgraph: 'products' },
  { kind: 'entity-error', subgraph: 'accounts' },
  { kind: 'null-data', subgraph: 'products' },
  { kind: 'null-data', subgraph: 'accounts' },
];

const ARGUMENTS: ArgumentTable = {
  'Query.user': ['id: "u3"', 'id: "nobody"'],
  'Query.nodes': ['ids: ["u1", "u2", "x"]'],
  'Query.topProducts': ['first: 3', 'first: 10'],
  'Query.product': ['upc: "p2"', 'upc: "none"'],
  'Product.reviews': ['first: 1', 'first: 2'],
};

const subgraphs = planGraphSubgraphs();
const supergraph = planGraphSupergraph();

/** A subgraph answering through `fault`: the representation at index 1 of each `_entities` list fails, etc. */
async function answer(fault: Fault, subgraph: string, request: ExecutionRequest): Promise<ExecutionResult> {
  const faulty = fault.kind !== 'none' && fault.subgraph === subgraph;
  if (faulty && fault.kind === 'down') throw new Error(`connect ECONNREFUSED (${subgraph})`);
  const result = await runOnSubgraph(subgraphs[subgraph as SubgraphName], request);
  if (!faulty) return result;
  const data = result.data as Record<string, unknown> | null | undefined;
  if (fault.kind === 'null-data') {
    return { data: null, errors: [new GraphQLError('Subgraph failed.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
  }
  const errors = [...(result.errors ?? [])];
  for (const [key, value] of Object.entries(data ?? {})) {
    if (!key.startsWith('_e') || !Array.isArray(value) || value.length < 2) continue;
    value[1] = null;
    errors.push(new GraphQLError('Entity failed.', { path: [key, 1, 'reviews'], extensions: { code: 'ENTITY' } }));
  }
  return { ...result, errors };
}

describe('Vigil plan executor vs router-runtime executor', () => {
  let fault: Fault = { kind: 'none' };
  let executors: PlanExecutors;
  let apiSchema: Awaited<ReturnType<typeof unifiedGraphHandler>>['unifiedGraph'];

  beforeAll(async () => {
    executors = await planExecutors(supergraph, (subgraph, request) => answer(fault, subgraph, request));
    apiSchema = executors.apiSchema;
  });

  const both = async (text: string, variables?: Record<string, unknown>) => {
    const document = parse(text);
    const runtime = await executors.run('runtime', document, variables);
    const ours = await executors.run('ours', document, variables);
    return { runtime: comparable(runtime), ours: comparable(ours) };
  };

  it('answers the bench query the same, without handing it to the runtime', async () => {
    fault = { kind: 'none' };
    executors.delegated.length = 0;
    const query = readFileSync(new URL('../../bench/gateway/query.graphql', import.meta.url), 'utf8');
    const { runtime, ours } = await both(query);
    expect(ours).toEqual(runtime);
    expect(JSON.stringify(ours.data).length).toBeGreaterThan(50_000);
    expect(executors.delegated).toEqual([]);
  });

  for (const [index, each] of FAULTS.entries()) {
    it(`answers 40 random operations the same (${each.kind} ${'subgraph' in each ? each.subgraph : ''})`, async () => {
      fault = each;
      executors.delegated.length = 0;
      const random = prng(1000 + index);
      let compared = 0;
      let withErrors = 0;
      while (compared < 40) {
        const text = randomOperation(apiSchema, ARGUMENTS, random);
        if (validate(apiSchema, parse(text)).length > 0) continue;
        const variables = { yes: random() < 0.5, no: random() < 0.5 };
        const { runtime, ours } = await both(text, variables);
        expect({ text, variables, ...ours }).toEqual({ text, variables, ...runtime });
        compared += 1;
        if (runtime.errors.length) withErrors += 1;
      }
      if (each.kind !== 'none') expect(withErrors).toBeGreaterThan(0);
      expect(executors.delegated).toEqual([]);
    });
  }

  it('sends the same subgraph requests through onSubgraphExecute as the runtime', async () => {
    fault = { kind: 'none' };
    const query = readFileSync(new URL('../../bench/gateway/query.graphql', import.meta.url), 'utf8');
    const document = parse(query);
    const seen = (from: number) =>
      executors.calls
        .slice(from)
        .map(({ subgraph, request }) => JSON.stringify([subgraph, print(request.document), request.variables]))
        .sort();
    let from = executors.calls.length;
    await executors.run('runtime', document);
    const runtime = seen(from);
    from = executors.calls.length;
    await executors.run('ours', document);
    expect(seen(from)).toEqual(runtime);
    expect(runtime.length).toBeGreaterThanOrEqual(4);
  });

  it('merges a list field selected twice (spec), where the runtime concatenated the two lists', async () => {
    fault = { kind: 'none' };
    const { runtime, ours } = await both('{ user(id: "u1") { reviews { id } reviews { body } } }');
    const theirs = (runtime.data as { user: { reviews: object[] } }).user.reviews;
    const mine = (ours.data as { user: { reviews: { id: string; body: string }[] } }).user.reviews;
    expect(mine).toHaveLength(3);
    expect(mine.every((review) => review.id && review.body)).toBe(true);
    expect(theirs).toHaveLength(6);
  });

  it('hands introspection, a root __typename and subscriptions to the runtime', async () => {
    fault = { kind: 'none' };
    executors.delegated.length = 0;
    const { runtime, ours } = await both('{ __schema { queryType { name } } }');
    expect(ours).toEqual(runtime);
    expect((ours.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name).toBe('Query');
    expect(await both('{ __typename }')).toEqual({
      runtime: comparable({ data: { __typename: 'Query' } }),
      ours: comparable({ data: { __typename: 'Query' } }),
    });
    expect(executors.delegated).toEqual(['root-selection', 'root-selection']);
  });

  it('hands requests with invalid variables to the runtime, which refuses them', async () => {
    executors.delegated.length = 0;
    const document = parse('query Q($id: ID!) { user(id: $id) { id } }');
    await expect(executors.run('ours', document, {})).rejects.toThrow(/\$id/);
    expect(executors.delegated).toEqual(['variables']);
  });
});
