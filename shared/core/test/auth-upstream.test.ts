import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  devGatewaySigningKey,
  gatewayKeys,
  gatewayServiceIdentity,
  generateGatewaySigningKey,
  signedUpstreamBody,
  signUpstreamIdentity,
  UPSTREAM_IDENTITY_EXTENSION,
  UPSTREAM_SIGNATURE_TTL_SECONDS,
  UpstreamIdentityError,
  verifyUpstreamIdentity,
  type Identity,
} from '../src/index.js';

const KEY = generateGatewaySigningKey('test-k1');
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => ({ now: () => ms });
const signAt = (ms: number, audience = 'accounts') => ({ key: KEY, audience, now: () => ms });
const verifyAt = (ms: number, audience = 'accounts', keys = gatewayKeys({ keys: [KEY.publicJwk] })) => ({
  keys,
  audience,
  ...at(ms),
});
const agent: Identity = { subject: 'agent-1', roles: ['AGENT'], tenantIds: ['demo'], expiresAt: T0 / 1000 + 3600 };
const operation = { query: '{accounts{id}}', variables: { first: 10, filter: { b: 2, a: 1 } } };

const request = (body: unknown) => ({ headers: {}, body });
const jwsOf = (body: { extensions: Record<string, string> }) => body.extensions[UPSTREAM_IDENTITY_EXTENSION]!;
const withJws = (body: object, jws: string) => ({ ...body, extensions: { [UPSTREAM_IDENTITY_EXTENSION]: jws } });
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;

describe('upstream identity: Ed25519 JWS', () => {
  it('returns the identity the gateway signed for this operation', async () => {
    const body = signedUpstreamBody(agent, operation, signAt(T0));
    await expect(verifyUpstreamIdentity(request(body), verifyAt(T0 + 1000))).resolves.toEqual(agent);
  });

  it('is a compact JWS with alg EdDSA, the kid, and the claims a partner reads', () => {
    const [header, payload] = jwsOf(signedUpstreamBody(agent, operation, signAt(T0))).split('.');
    expect(decode(header!)).toEqual({ alg: 'EdDSA', typ: 'vigil-identity+jwt', kid: 'test-k1' });
    expect(decode(payload!)).toMatchObject({
      iss: 'vigil-gateway',
      aud: 'accounts',
      sub: 'agent-1',
      roles: ['AGENT'],
      tenants: ['demo'],
      callerExp: agent.expiresAt,
      iat: T0 / 1000,
      exp: T0 / 1000 + UPSTREAM_SIGNATURE_TTL_SECONDS,
    });
    expect(decode(payload!).op).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('verifies after a JSON round trip with reordered keys, as a subgraph receives it', async () => {
    const body = signedUpstreamBody(agent, operation, signAt(T0));
    const received = JSON.parse(JSON.stringify({ ...body, variables: { filter: { a: 1, b: 2 }, first: 10 } })) as unknown;
    expect((await verifyUpstreamIdentity(request(received), verifyAt(T0))).subject).toBe('agent-1');
  });

  it('treats empty variables and a missing operationName as absent, like the gateway serialiser', async () => {
    const jws = signUpstreamIdentity(agent, { query: '{a}', variables: {}, operationName: null }, signAt(T0));
    expect((await verifyUpstreamIdentity(request(withJws({ query: '{a}' }, jws)), verifyAt(T0))).subject).toBe('agent-1');
  });

  it('rejects a request without the identity (a direct call) or with a body that is not one GraphQL request', async () => {
    await expect(verifyUpstreamIdentity(request({ query: '{a}' }), verifyAt(T0))).rejects.toThrow(
      /call this subgraph through the Vigil gateway/,
    );
    const body = signedUpstreamBody(agent, operation, signAt(T0));
    await expect(verifyUpstreamIdentity(request([body]), verifyAt(T0))).rejects.toThrow(UpstreamIdentityError);
    await expect(verifyUpstreamIdentity(request(withJws(operation, 'not.a.jws')), verifyAt(T0))).rejects.toThrow(
      UpstreamIdentityError,
    );
  });

  it('rejects an identity signed with another key, even one that claims the published kid', async () => {
    const impostor = { ...generateGatewaySigningKey('test-k1') };
    const body = signedUpstreamBody(agent, operation, { key: impostor, audience: 'accounts', now: () => T0 });
    await expect(verifyUpstreamIdentity(request(body), verifyAt(T0))).rejects.toThrow(/signature does not match/);
  });

  it('rejects a forged identity (roles raised after signing)', async () => {
    const [header, payload, signature] = jwsOf(signedUpstreamBody(agent, operation, signAt(T0))).split('.');
    const forged = Buffer.from(JSON.stringify({ ...decode(payload!), roles: ['ADMIN'] })).toString('base64url');
    await expect(
      verifyUpstreamIdentity(request(withJws(operation, `${header}.${forged}.${signature}`)), verifyAt(T0)),
    ).rejects.toThrow(/signature does not match/);
  });

  it('refuses alg "none" and HMAC tokens whatever they claim', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'vigil-identity+jwt', kid: 'test-k1' })).toString('base64url');
    const [, payload] = jwsOf(signedUpstreamBody(agent, operation, signAt(T0))).split('.');
    await expect(verifyUpstreamIdentity(request(withJws(operation, `${header}.${payload}.`)), verifyAt(T0))).rejects.toThrow(
      UpstreamIdentityError,
    );
  });

  it('binds the signature to the operation: another query, other variables or another name are rejected', async () => {
    const body = signedUpstreamBody(agent, operation, signAt(T0));
    for (const changed of [
      { ...body, query: '{tenants{id}}' },
      { ...body, variables: { ...operation.variables, first: 11 } },
      { ...body, operationName: 'Other' },
    ]) {
      await expect(verifyUpstreamIdentity(request(changed), verifyAt(T0))).rejects.toThrow(/does not match this request/);
    }
  });

  it('binds the signature to one subgraph: a partner cannot replay what it received at accounts', async () => {
    const body = signedUpstreamBody(agent, operation, signAt(T0, 'partner-crm'));
    await expect(verifyUpstreamIdentity(request(body), verifyAt(T0, 'accounts'))).rejects.toThrow(/aud claim/);
  });

  it('rejects a signature older than the signature TTL, or once the caller token has expired', async () => {
    const body = signedUpstreamBody(agent, operation, signAt(T0));
    const late = T0 + (UPSTREAM_SIGNATURE_TTL_SECONDS + 10) * 1000;
    await expect(verifyUpstreamIdentity(request(body), verifyAt(late))).rejects.toThrow(/expired/);
    const shortLived: Identity = { ...agent, expiresAt: T0 / 1000 + 10 };
    const short = signedUpstreamBody(shortLived, operation, signAt(T0));
    expect((await verifyUpstreamIdentity(request(short), verifyAt(T0 + 5_000))).subject).toBe('agent-1');
    await expect(verifyUpstreamIdentity(request(short), verifyAt(T0 + 20_000))).rejects.toThrow(/expired/);
  });

  it('rejects an identity signed in the future (clock or forgery)', async () => {
    const body = signedUpstreamBody(agent, operation, signAt(T0 + 30_000));
    await expect(verifyUpstreamIdentity(request(body), verifyAt(T0))).rejects.toThrow(/future/);
  });

  it('signs the gateway service identity used for the SDL fetch', async () => {
    const service = gatewayServiceIdentity(T0 / 1000 + 60);
    const body = signedUpstreamBody(service, { query: '{_service{sdl}}' }, signAt(T0));
    await expect(verifyUpstreamIdentity(request(body), verifyAt(T0))).resolves.toEqual(service);
  });

  it('refuses to sign without a private key: a verifier holds none', () => {
    expect(() => signedUpstreamBody(agent, operation, { key: undefined, audience: 'accounts' })).toThrow(/GATEWAY_SIGNING_KEY/);
  });

  it('rejects a kid it does not know when it has no JWKS to ask', async () => {
    const other = generateGatewaySigningKey('test-k2');
    const body = signedUpstreamBody(agent, operation, { key: other, audience: 'accounts', now: () => T0 });
    await expect(verifyUpstreamIdentity(request(body), verifyAt(T0))).rejects.toThrow(/key the gateway does not publish/);
  });

  it('never accepts a signature by the dev key unless the dev key is one of the trusted keys', async () => {
    const body = signedUpstreamBody(agent, operation, { key: devGatewaySigningKey(), audience: 'accounts', now: () => T0 });
    await expect(verifyUpstreamIdentity(request(body), verifyAt(T0))).rejects.toThrow(UpstreamIdentityError);
  });

  it('an Ed25519 signature made with node:crypto directly over the same input verifies (no jose needed to sign)', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'raw' };
    const { parseGatewaySigningKey } = await import('../src/index.js');
    const key = parseGatewaySigningKey(JSON.stringify(jwk));
    const jws = signUpstreamIdentity(agent, operation, { key, audience: 'accounts', now: () => T0 });
    const [header, payload, signature] = jws.split('.');
    expect(sign(null, Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')).toBe(signature);
  });
});
