import { buildSchema, graphql, GraphQLObjectType } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { describe, expect, it } from 'vitest';
import { edgeArgsMiddleware, MAX_ID_LENGTH, withoutNulls } from '../src/server/edge-args.js';

const sdl = buildSchema(`
  input Filter { accountId: ID, ids: [ID!], note: String }
  type Query { page(after: String, first: Int): String  item(id: ID!, filter: Filter): String  plain: String }
`);
const seen: unknown[] = [];
const query = sdl.getType('Query') as GraphQLObjectType;
for (const field of Object.values(query.getFields())) {
  field.resolve = (_root, args: Record<string, unknown>) => {
    seen.push(args);
    // Written for "absent", as Vigil's resolvers are: null here would be a TypeError.
    if ('after' in args) return (args.after as string).toUpperCase();
    return 'ok';
  };
}
const schema = applyMiddleware(sdl, edgeArgsMiddleware(sdl));
const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues });

describe('edge arguments', () => {
  it('drops null arguments and null input fields, so optional means absent', async () => {
    seen.length = 0;
    const result = await run('{ page(after: null, first: 2) item(id: "a1", filter: { accountId: null, note: "x" }) }');
    expect(result.errors).toBeUndefined();
    expect(seen).toEqual([{ first: 2 }, { id: 'a1', filter: { note: 'x' } }]);
    expect(withoutNulls({ a: null, b: [null, { c: null }] })).toEqual({ b: [null, {}] });
    // A DateTime argument arrives as a Date: kept, not rebuilt into an empty object.
    const occurredAt = new Date('2026-11-29T10:00:00Z');
    expect((withoutNulls({ event: { occurredAt, note: null } }) as { event: { occurredAt: Date } }).event.occurredAt).toBe(
      occurredAt,
    );
  });

  it('answers BAD_USER_INPUT naming an empty, oversized or NUL id, in arguments, inputs and lists', async () => {
    for (const [source, variables, field] of [
      ['query ($id: ID!) { item(id: $id) }', { id: '' }, 'id'],
      ['query ($id: ID!) { item(id: $id) }', { id: 'x'.repeat(MAX_ID_LENGTH + 1) }, 'id'],
      ['query ($id: ID!) { item(id: $id) }', { id: 'a\u0000b' }, 'id'],
      ['query ($f: Filter) { item(id: "ok", filter: $f) }', { f: { accountId: 'y'.repeat(5000) } }, 'filter.accountId'],
      ['query ($f: Filter) { item(id: "ok", filter: $f) }', { f: { ids: ['fine', ''] } }, 'filter.ids'],
    ] as const) {
      const result = await run(source, variables);
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { [field]: 'invalid id' } });
    }
    const fine = await run('query ($id: ID!) { item(id: $id) }', { id: 'x'.repeat(MAX_ID_LENGTH) });
    expect(fine.errors).toBeUndefined();
  });

  it('leaves fields without arguments alone', async () => {
    expect((await run('{ plain }')).data).toEqual({ plain: 'ok' });
  });
});
