import { describe, expect, it } from 'vitest';
import {
  gatewayServiceIdentity,
  signedUpstreamBody,
  signUpstreamIdentity,
  UPSTREAM_IDENTITY_EXTENSION,
  UPSTREAM_SIGNATURE_TTL_SECONDS,
  UpstreamIdentityError,
  verifyUpstreamIdentity,
  type Identity,
} from '../src/index.js';

const SECRET = 'test-signing-secret-0123456789abcdef';
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => ({ now: () => ms });
const agent: Identity = { subject: 'agent-1', roles: ['AGENT'], tenantIds: ['demo'], expiresAt: T0 / 1000 + 3600 };
const operation = { query: '{accounts{id}}', variables: { first: 10, filter: { b: 2, a: 1 } } };

const request = (body: unknown) => ({ headers: {}, body });

describe('verifyUpstreamIdentity', () => {
  it('returns the identity the gateway signed for this operation', () => {
    const body = signedUpstreamBody(agent, operation, SECRET, at(T0));
    expect(verifyUpstreamIdentity(request(body), SECRET, at(T0 + 1000))).toEqual(agent);
  });

  it('verifies after a JSON round trip with reordered keys, as a subgraph receives it', () => {
    const body = signedUpstreamBody(agent, operation, SECRET, at(T0));
    const received = JSON.parse(JSON.stringify({ ...body, variables: { filter: { a: 1, b: 2 }, first: 10 } })) as unknown;
    expect(verifyUpstreamIdentity(request(received), SECRET, at(T0)).subject).toBe('agent-1');
  });

  it('treats empty variables and a missing operationName as absent, like the gateway serialiser', () => {
    const envelope = signUpstreamIdentity(agent, { query: '{a}', variables: {}, operationName: null }, SECRET, at(T0));
    const body = { query: '{a}', extensions: { [UPSTREAM_IDENTITY_EXTENSION]: envelope } };
    expect(verifyUpstreamIdentity(request(body), SECRET, at(T0)).subject).toBe('agent-1');
  });

  it('rejects a request without the envelope (a direct call)', () => {
    expect(() => verifyUpstreamIdentity(request({ query: '{a}' }), SECRET, at(T0))).toThrow(
      /call this subgraph through the Vigil gateway/,
    );
  });

  it('rejects a body that is not a single GraphQL request', () => {
    const body = signedUpstreamBody(agent, operation, SECRET, at(T0));
    expect(() => verifyUpstreamIdentity(request([body]), SECRET, at(T0))).toThrow(UpstreamIdentityError);
    expect(() => verifyUpstreamIdentity(request('{a}'), SECRET, at(T0))).toThrow(UpstreamIdentityError);
  });

  it('rejects an envelope signed with another secret', () => {
    const body = signedUpstreamBody(agent, operation, 'another-secret-of-some-length', at(T0));
    expect(() => verifyUpstreamIdentity(request(body), SECRET, at(T0))).toThrow(/signature does not match/);
  });

  it('rejects a forged identity (roles raised after signing)', () => {
    const body = signedUpstreamBody(agent, operation, SECRET, at(T0));
    const envelope = body.extensions[UPSTREAM_IDENTITY_EXTENSION]!;
    const claims = JSON.parse(Buffer.from(envelope.identity, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
    const tampered = { ...body, extensions: { [UPSTREAM_IDENTITY_EXTENSION]: { ...envelope, identity: forged } } };
    expect(() => verifyUpstreamIdentity(request(tampered), SECRET, at(T0))).toThrow(/signature does not match/);
  });

  it('binds the signature to the operation: another query or other variables are rejected', () => {
    const body = signedUpstreamBody(agent, operation, SECRET, at(T0));
    expect(() => verifyUpstreamIdentity(request({ ...body, query: '{tenants{id}}' }), SECRET, at(T0))).toThrow(
      UpstreamIdentityError,
    );
    expect(() =>
      verifyUpstreamIdentity(request({ ...body, variables: { ...operation.variables, first: 11 } }), SECRET, at(T0)),
    ).toThrow(UpstreamIdentityError);
    expect(() => verifyUpstreamIdentity(request({ ...body, operationName: 'Other' }), SECRET, at(T0))).toThrow(
      UpstreamIdentityError,
    );
  });

  it('rejects a signature older than the signature TTL', () => {
    const body = signedUpstreamBody(agent, operation, SECRET, at(T0));
    const late = T0 + (UPSTREAM_SIGNATURE_TTL_SECONDS + 10) * 1000;
    expect(() => verifyUpstreamIdentity(request(body), SECRET, at(late))).toThrow(/expired/);
  });

  it('rejects once the caller token has expired, even inside the signature TTL', () => {
    const shortLived: Identity = { ...agent, expiresAt: T0 / 1000 + 10 };
    const body = signedUpstreamBody(shortLived, operation, SECRET, at(T0));
    expect(verifyUpstreamIdentity(request(body), SECRET, at(T0 + 5_000)).subject).toBe('agent-1');
    expect(() => verifyUpstreamIdentity(request(body), SECRET, at(T0 + 20_000))).toThrow(/expired/);
  });

  it('rejects a malformed signature of the wrong length without throwing anything else', () => {
    const body = signedUpstreamBody(agent, operation, SECRET, at(T0));
    const envelope = { ...body.extensions[UPSTREAM_IDENTITY_EXTENSION]!, signature: 'AAAA' };
    const bad = { ...body, extensions: { [UPSTREAM_IDENTITY_EXTENSION]: envelope } };
    expect(() => verifyUpstreamIdentity(request(bad), SECRET, at(T0))).toThrow(UpstreamIdentityError);
  });

  it('signs the gateway service identity used for the SDL fetch', () => {
    const service = gatewayServiceIdentity(T0 / 1000 + 60);
    const body = signedUpstreamBody(service, { query: '{_service{sdl}}' }, SECRET, at(T0));
    expect(verifyUpstreamIdentity(request(body), SECRET, at(T0))).toEqual(service);
  });

  it('refuses an empty secret instead of signing with it', () => {
    expect(() => signedUpstreamBody(agent, operation, '', at(T0))).toThrow(/GATEWAY_SIGNING_SECRET/);
    expect(() => verifyUpstreamIdentity(request({ query: '{a}' }), '', at(T0))).toThrow(/GATEWAY_SIGNING_SECRET/);
  });
});
