import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { rootFieldProbes } from '../src/index.js';

const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
scalar DateTime
scalar JSONObject
enum Severity { LOW HIGH }
input Window { from: DateTime! to: DateTime note: String }
input OpenCaseInput { tenantId: ID! severity: Severity! window: Window! tags: [String!]! meta: JSONObject! limit: Int! ratio: Float! urgent: Boolean! }
type Case @key(fields: "id") { id: ID! }
type Query {
  case(id: ID!): Case
  cases(tenantId: ID!, first: Int = 20, after: String): [Case!]!
  count: Int!
  _internal: String
}
type Mutation { openCase(input: OpenCaseInput!): Case! }
`;

describe('rootFieldProbes', () => {
  const probes = rootFieldProbes(SDL);

  it('probes every Query and Mutation field except federation’s, with only the required arguments', () => {
    expect(probes.map((probe) => [probe.label, probe.query])).toEqual([
      ['Query.case', 'query ($id: ID!) { case(id: $id) { __typename } }'],
      ['Query.cases', 'query ($tenantId: ID!) { cases(tenantId: $tenantId) { __typename } }'],
      ['Query.count', 'query { count }'],
      ['Mutation.openCase', 'mutation ($input: OpenCaseInput!) { openCase(input: $input) { __typename } }'],
    ]);
  });

  it('fills required input fields with values GraphQL accepts, leaving optional ones out', () => {
    const open = probes.find((probe) => probe.fieldName === 'openCase')!;
    expect(open.variables).toEqual({
      input: {
        tenantId: 'contract-probe-0001',
        severity: 'LOW',
        window: { from: '2026-01-01T00:00:00.000Z' },
        tags: [],
        meta: {},
        limit: 1,
        ratio: 1,
        urgent: false,
      },
    });
  });

  it('builds operations that validate against the schema', () => {
    const schema = buildSchema(SDL, { assumeValidSDL: true });
    for (const probe of probes) expect(validate(schema, parse(probe.query)), probe.label).toEqual([]);
  });
});
