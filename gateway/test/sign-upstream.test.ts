import type { ExecutionRequest } from '@graphql-tools/utils';
import { defaultPrintFn } from '@graphql-tools/executor-common';
import { UPSTREAM_IDENTITY_EXTENSION, verifyUpstreamIdentity, type Identity } from '@vigil/core';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isJsonShaped } from '../src/json-shaped.js';
import { useUpstreamIdentitySigning } from '../src/plugins/sign-upstream.js';
import { GATEWAY_KEYS, SIGNING_KEY } from './fixtures/tokens.js';

const identity: Identity = { subject: 'agent-1', roles: ['AGENT'], tenantIds: ['acme'], expiresAt: Date.now() / 1000 + 3600 };
const document = parse('query Q($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }');

/** The request as the plugin leaves it for the transport. */
function signed(variables: Record<string, unknown> | undefined): ExecutionRequest {
  const hook = useUpstreamIdentitySigning(SIGNING_KEY).onSubgraphExecute;
  let out: ExecutionRequest | undefined;
  const executionRequest: ExecutionRequest = { document, operationName: 'Q', variables, context: { identity } };
  // The plugin reads only these three members of the hook's payload.
  type Payload = Parameters<NonNullable<typeof hook>>[0];
  const payload = { subgraphName: 'reviews', executionRequest, setExecutionRequest: (next: ExecutionRequest) => (out = next) };
  void hook?.(payload as unknown as Payload);
  if (!out) throw new Error('the plugin did not sign');
  return out;
}

/** What a subgraph does: parse the body the transport wrote and verify the signature against it. */
function verifyAsSubgraph(request: ExecutionRequest) {
  const body = JSON.parse(
    JSON.stringify({
      query: defaultPrintFn(request.document),
      operationName: request.operationName,
      variables: request.variables,
      extensions: request.extensions,
    }),
  ) as unknown;
  return verifyUpstreamIdentity({ headers: {}, body }, { keys: GATEWAY_KEYS, audience: 'reviews' });
}

class Point {
  constructor(readonly x: number) {}
}

/** `[User 1, <hole>, User 2]`: JSON writes the hole as null. */
function withHole(): unknown[] {
  const list: unknown[] = [{ __typename: 'User', id: '1' }];
  list[2] = { __typename: 'User', id: '2' };
  return list;
}

// Variables JSON writes differently from how they are held: signing them as held would not verify.
const reshaped: Record<string, Record<string, unknown>> = {
  'an undefined member': { representations: [{ __typename: 'User', id: '1', nickname: undefined }] },
  'an undefined item': { representations: [{ __typename: 'User', id: '1' }, undefined] },
  'a hole': { representations: withHole() },
  'a Date': { representations: [{ __typename: 'Event', at: new Date('2026-01-01T00:00:00Z') }] },
  'a toJSON': { representations: [{ __typename: 'User', id: { toJSON: () => '7' } }] },
  'NaN and Infinity': { representations: [{ __typename: 'Metric', low: Number.NaN, high: Infinity }] },
  'a class instance': { representations: [{ __typename: 'Map', at: new Point(3) }] },
  'a Map': { representations: [{ __typename: 'Map', keys: new Map([['a', 1]]) }] },
};

describe('upstream signing of variables (ADR 158)', () => {
  it('signs parsed-JSON variables as they are, and the subgraph accepts them', async () => {
    const variables = JSON.parse('{"representations":[{"__typename":"User","id":"1","tags":["a",null,2.5,true]}]}') as Record<
      string,
      unknown
    >;
    expect(isJsonShaped(variables)).toBe(true);
    const request = signed(variables);
    expect(request.variables).toBe(variables);
    expect(request.extensions?.[UPSTREAM_IDENTITY_EXTENSION]).toEqual(expect.any(String));
    await expect(verifyAsSubgraph(request)).resolves.toMatchObject({ subject: 'agent-1' });
    await expect(verifyAsSubgraph(signed(undefined))).resolves.toMatchObject({ subject: 'agent-1' });
    await expect(verifyAsSubgraph(signed(Object.create(null) as Record<string, unknown>))).resolves.toMatchObject({
      subject: 'agent-1',
    });
  });

  for (const [what, variables] of Object.entries(reshaped)) {
    it(`signs what the subgraph parses when the variables hold ${what}`, async () => {
      expect(isJsonShaped(variables)).toBe(false);
      await expect(verifyAsSubgraph(signed(variables))).resolves.toMatchObject({ subject: 'agent-1' });
    });
  }
});
