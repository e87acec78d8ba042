import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gatewayKeys,
  generateGatewaySigningKey,
  parseGatewayPublicKeys,
  parseGatewaySigningKey,
  signedUpstreamBody,
  verifyUpstreamIdentity,
  type GatewayPublicJwk,
  type Identity,
} from '../src/index.js';

const agent: Identity = {
  subject: 'agent-1',
  roles: ['AGENT'],
  tenantIds: ['demo'],
  expiresAt: Math.floor(Date.now() / 1000) + 600,
};
const operation = { query: '{ whoami }' };
const request = (body: unknown) => ({ headers: {}, body });

/** A stand-in for the gateway's JWKS endpoint whose key list the test changes, counting fetches. */
describe('gateway keys from a JWKS URL: rotation without a restart', () => {
  const keyA = generateGatewaySigningKey('rot-a');
  const keyB = generateGatewaySigningKey('rot-b');
  let published: GatewayPublicJwk[] = [keyA.publicJwk];
  let fetches = 0;
  let server: Server;
  let jwksUrl: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/vigil-gateway-jwks.json`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fetches once, then picks up a key added to the JWKS on the first signature that names it', async () => {
    const keys = gatewayKeys({ jwksUrl, minRefetchIntervalMs: 0 });
    const verify = (key: typeof keyA) =>
      verifyUpstreamIdentity(request(signedUpstreamBody(agent, operation, { key, audience: 'desks' })), {
        keys,
        audience: 'desks',
      });

    await expect(verify(keyA)).resolves.toMatchObject({ subject: 'agent-1' });
    await expect(verify(keyA)).resolves.toMatchObject({ subject: 'agent-1' });
    expect(fetches).toBe(1);

    published = [keyA.publicJwk, keyB.publicJwk]; // step 1 of a rotation: the gateway publishes both keys
    await expect(verify(keyB)).resolves.toMatchObject({ subject: 'agent-1' });
    await expect(verify(keyA)).resolves.toMatchObject({ subject: 'agent-1' }); // in-flight requests still verify
    expect(fetches).toBe(2);
  });

  it('asks the JWKS at most once per interval, however many unknown kids arrive', async () => {
    published = [keyA.publicJwk];
    const keys = gatewayKeys({ jwksUrl, minRefetchIntervalMs: 60_000 });
    const before = fetches;
    const verify = (key: typeof keyA) =>
      verifyUpstreamIdentity(request(signedUpstreamBody(agent, operation, { key, audience: 'desks' })), {
        keys,
        audience: 'desks',
      });
    await expect(verify(keyA)).resolves.toBeDefined();
    const made = Array.from({ length: 20 }, (_, index) => generateGatewaySigningKey(`made-up-${index}`));
    const results = await Promise.allSettled(made.map((key) => verify(key)));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(fetches - before).toBeLessThanOrEqual(2);
  });

  it('says the keys are unreachable when the JWKS cannot be fetched', async () => {
    const keys = gatewayKeys({ jwksUrl: 'http://127.0.0.1:9/none.json' });
    const body = signedUpstreamBody(agent, operation, { key: keyA, audience: 'desks' });
    await expect(verifyUpstreamIdentity(request(body), { keys, audience: 'desks' })).rejects.toThrow(
      /unreachable|does not publish/,
    );
  });
});

describe('gateway key configuration', () => {
  it('parses a private JWK with a kid and derives the public key it publishes (never the private part)', () => {
    const generated = generateGatewaySigningKey('k-2026-11');
    const jwk = { ...generated.privateKey.export({ format: 'jwk' }), kid: 'k-2026-11' };
    const parsed = parseGatewaySigningKey(JSON.stringify(jwk));
    expect(parsed.kid).toBe('k-2026-11');
    expect(parsed.publicJwk).toEqual(generated.publicJwk);
    expect(JSON.stringify(parsed.publicJwk)).not.toContain(String(jwk.d));
  });

  it('names what is wrong with a bad key without echoing it', () => {
    expect(() => parseGatewaySigningKey('not json')).toThrow(/JSON Web Key/);
    expect(() => parseGatewaySigningKey(JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }))).toThrow(/Ed25519 private JWK/);
    const noKid = generateGatewaySigningKey('x').privateKey.export({ format: 'jwk' });
    expect(() => parseGatewaySigningKey(JSON.stringify(noKid))).toThrow(/kid/);
  });

  it('accepts public keys only in GATEWAY_PUBLIC_KEYS', () => {
    const key = generateGatewaySigningKey('pub-1');
    expect(parseGatewayPublicKeys(JSON.stringify({ keys: [key.publicJwk] }))).toEqual([key.publicJwk]);
    const privateJwk = { ...key.privateKey.export({ format: 'jwk' }), kid: 'pub-1' };
    expect(() => parseGatewayPublicKeys(JSON.stringify({ keys: [privateJwk] }))).toThrow(/private key/);
  });
});
