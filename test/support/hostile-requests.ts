/**
 * Hostile GraphQL requests generated from the supergraph itself: every root query and mutation field is called
 * with malformed cursors, ids, sizes, huge and odd strings, wrong types and nulls, through a seeded PRNG so a
 * failure replays. Plus raw HTTP abuse (bad JSON, bad variables, deep nesting) that is not a field call at all.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Strings an attacker (or a broken client) sends where an id, a cursor or a name is expected. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  'null',
  'undefined',
  '0',
  '-1',
  'NaN',
  '1e309',
  'x'.repeat(100_000),
  '9'.repeat(400),
  '507f1f77bcf86cd799439011',
  '507f1f77bcf86cd79943901z',
  'ffffffffffffffffffffffff',
  '{"$gt":""}',
  '$where',
  '$ne',
  'a.b.$c',
  '../../etc/passwd',
  '\u0000',
  '\ud800',
  '💥'.repeat(50),
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '%00%2e%2e',
  b64(''),
  b64(':'),
  b64('123:abc'),
  b64('99999999999999999:507f1f77bcf86cd799439011'),
  b64('-1:507f1f77bcf86cd799439011'),
  b64('id:'),
  b64('id:{"$gt":""}'),
  b64('id:' + 'x'.repeat(5000)),
  'bm90IGEgY3Vyc29y',
  '!!!not-base64!!!',
  'demo',
  'acme',
  'acc-demo-jordan-rivera',
  '2026-13-45T25:61:61Z',
  '0000-00-00',
  '275760-09-13T00:00:00.001Z',
  'http://169.254.169.254/latest/meta-data/',
  'http://127.0.0.1:6379/',
  'https://[::1]/hook',
  'user.authentication.failed',
  'system.admin.forged',
  'agent.action.case.opened',
];

const HOSTILE_INTS = [0, -1, 1, 2, 50, 2 ** 31 - 1, -(2 ** 31), 201, 1001, 100_000];
const HOSTILE_FLOATS = [0, -1, 1.5, 1e308, -1e308, Number.MIN_VALUE];
/** Values of the wrong type for any input position. */
const WRONG_TYPES: readonly unknown[] = [{}, [], [[[]]], { $gt: '' }, true, 3.14, 'string', -0, [null], { __proto__: { x: 1 } }];

export interface FieldCall {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

export class HostileGenerator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly random: () => number,
    private readonly tenantId: string,
  ) {}

  private pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)]!;
  }

  /** A value for `type`: mostly plausible-but-hostile, sometimes null or of the wrong type. */
  valueFor(type: GraphQLInputType, name: string, depth = 0): unknown {
    const roll = this.random();
    if (roll < (isNonNullType(type) ? 0.04 : 0.2)) return null;
    if (roll < 0.26) return this.pick(WRONG_TYPES);
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      const size = this.pick([0, 1, 2, 3, 1500]);
      if (size > 3) return Array.from({ length: size }, () => this.valueFor(inner.ofType, name, depth + 1));
      return Array.from({ length: size }, () => this.valueFor(inner.ofType, name, depth + 1));
    }
    if (isEnumType(inner)) return this.random() < 0.9 ? this.pick(inner.getValues()).value : 'NOT_A_VALUE';
    if (isInputObjectType(inner)) {
      if (depth > 3) return {};
      const object: Record<string, unknown> = {};
      for (const field of Object.values(inner.getFields())) {
        if (isNonNullType(field.type) || this.random() < 0.5)
          object[field.name] = this.valueFor(field.type, field.name, depth + 1);
      }
      if (this.random() < 0.1) object.__proto__ = { polluted: true };
      if (this.random() < 0.1) object.notAField = 'x';
      return object;
    }
    if (isScalarType(inner)) return this.scalar(inner.name, name);
    return null;
  }

  private scalar(scalar: string, name: string): unknown {
    if (/tenant/i.test(name) && this.random() < 0.7) return this.tenantId;
    switch (scalar) {
      case 'Int':
        return this.pick(HOSTILE_INTS);
      case 'Float':
        return this.pick(HOSTILE_FLOATS);
      case 'Boolean':
        return this.random() < 0.5;
      case 'JSONObject':
        return this.pick([{}, { a: 'x'.repeat(50_000) }, { $where: '1' }, { nested: { deep: { deeper: [1, 2, 3] } } }, 'text']);
      default:
        return this.pick(HOSTILE_STRINGS);
    }
  }

  /** A selection of `type`'s leaf fields (those without required arguments), one level of objects deep. */
  selection(type: GraphQLOutputType, depth = 0): string {
    const named = getNamedType(type);
    if (!isObjectType(named)) return '';
    const fields = Object.values(named.getFields()).filter((field) => field.args.every((arg) => !isNonNullType(arg.type)));
    const parts: string[] = [];
    for (const field of fields) {
      const child = getNamedType(field.type);
      if (isObjectType(child)) {
        if (depth < 1 && this.random() < 0.4) {
          const inner = this.selection(field.type, depth + 1);
          if (inner) parts.push(`${field.name} ${inner}`);
        }
      } else parts.push(field.name);
    }
    if (parts.length === 0) parts.push('__typename');
    return `{ ${parts.join(' ')} }`;
  }

  /** One call of a root field with generated variables for every argument. */
  call(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): FieldCall {
    const variables: Record<string, unknown> = {};
    const declarations: string[] = [];
    const args: string[] = [];
    for (const arg of field.args) {
      const omit = !isNonNullType(arg.type) && this.random() < 0.3;
      if (omit) continue;
      declarations.push(`$${arg.name}: ${arg.type.toString()}`);
      args.push(`${arg.name}: $${arg.name}`);
      variables[arg.name] = this.valueFor(arg.type, arg.name);
    }
    const head = declarations.length ? `${operation} (${declarations.join(', ')})` : operation;
    const call = args.length ? `${field.name}(${args.join(', ')})` : field.name;
    return { query: `${head} { ${call} ${this.selection(field.type)} }`, variables };
  }

  /** Every root query and mutation field, each called `rounds` times. */
  calls(rounds: number): FieldCall[] {
    const roots: Array<['query' | 'mutation', GraphQLField<unknown, unknown>]> = [
      ...Object.values(this.schema.getQueryType()?.getFields() ?? {}).map((f) => ['query', f] as ['query', typeof f]),
      ...Object.values(this.schema.getMutationType()?.getFields() ?? {}).map((f) => ['mutation', f] as ['mutation', typeof f]),
    ];
    const calls: FieldCall[] = [];
    for (let round = 0; round < rounds; round += 1) {
      for (const [operation, field] of roots) calls.push(this.call(operation, field));
    }
    return calls;
  }
}

/** Raw bodies that are not a well-formed GraphQL request at all. */
export function malformedBodies(tenantId: string): string[] {
  const nestedList = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
  return [
    '',
    '{',
    'null',
    '[]',
    '[{}]',
    '"query"',
    '123',
    '{"query": 123}',
    '{"query": null}',
    '{"query": ["{ me { id } }"]}',
    '{"query": "{ me { id } }", "variables": "x"}',
    '{"query": "{ me { id } }", "variables": [1, 2]}',
    '{"query": "{ me { id } }", "variables": {"__proto__": {"x": 1}}}',
    '{"query": "{ me { id } }", "operationName": 5}',
    '{"query": "{ me { id } }", "extensions": "x"}',
    '{"query": "{ me { id } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
    '{"query": "{ me { id } }", "extensions": {"x-vigil-identity": {"identity": {}, "signature": "x"}}}',
    `{"query": "{ me { id } }", "variables": ${nestedList(5000)}}`,
    `{"query": ${JSON.stringify('{'.repeat(3000))}}`,
    `{"query": ${JSON.stringify(`{ ${'me { '.repeat(500)}id${' }'.repeat(500)} }`)}}`,
    `{"query": ${JSON.stringify(`{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: me { id }`).join(' ')} }`)}}`,
    `{"query": ${JSON.stringify(`query { ${'__typename @skip(if: false) '.repeat(3000)} }`)}}`,
    `{"query": ${JSON.stringify(`{ tenant(id: "${tenantId}") { ...F } } fragment F on Tenant { ...G } fragment G on Tenant { ...F }`)}}`,
    `{"query": ${JSON.stringify(`query ($a: ID!) { account(id: $a) { id } }`)}, "variables": {"a": {"$gt": ""}}}`,
    `{"query": ${JSON.stringify('{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }')}}`,
    '{"query": "mutation { __typename }", "operationName": "nope"}',
    '{"query": "{ me { id } } { me { id } }"}',
    '\u0000\u0001\u0002',
    '{"query": "{ me { id } }"'.padEnd(200_000, ' '),
  ];
}
