import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../src/index.js';

// Production mode: tokens from an identity provider, verified against its JWKS served over real HTTP.
let server: Server;
let jwksUrl: string;
let providerKey: CryptoKey;
let strangerKey: CryptoKey;

beforeAll(async () => {
  const provider = await generateKeyPair('RS256');
  providerKey = provider.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }] });
  server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const signed = (key: CryptoKey | Uint8Array, alg = 'RS256') =>
  new SignJWT({ roles: ['AUDITOR'], tenants: ['acme'] })
    .setProtectedHeader({ alg, kid: 'idp-1' })
    .setSubject('auditor-1')
    .setIssuer('https://idp.example')
    .setAudience('vigil')
    .setExpirationTime('5m')
    .sign(key);

describe('createTokenVerifier with a JWKS URL', () => {
  const options = () => ({ jwksUrl, issuer: 'https://idp.example', audience: 'vigil' });

  it('accepts a token signed by the provider key', async () => {
    const identity = await createTokenVerifier(options())(`Bearer ${await signed(providerKey)}`);
    expect(identity).toMatchObject({ subject: 'auditor-1', roles: ['AUDITOR'], tenantIds: ['acme'] });
  });

  it('rejects a token signed by another key', async () => {
    await expect(createTokenVerifier(options())(`Bearer ${await signed(strangerKey)}`)).rejects.toThrow(/Invalid token/);
  });

  it('rejects an HS256 token even when a JWT secret is configured too (no algorithm confusion)', async () => {
    const secret = 'a-dev-secret-that-must-not-be-used-0123456789';
    const hs = await signed(new TextEncoder().encode(secret), 'HS256');
    await expect(createTokenVerifier({ ...options(), secret })(`Bearer ${hs}`)).rejects.toThrow(/Invalid token/);
  });

  it('rejects a token for another audience', async () => {
    const verify = createTokenVerifier({ ...options(), audience: 'another-api' });
    await expect(verify(`Bearer ${await signed(providerKey)}`)).rejects.toThrow(/aud claim/);
  });
});
