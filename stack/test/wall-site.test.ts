import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWallSite, wallSiteFor } from '../src/wall-site.js';

let directory: string;
let server: Server;
let base: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'wall-site-'));
  await mkdir(join(directory, 'dist', 'assets'), { recursive: true });
  await writeFile(join(directory, 'dist', 'index.html'), '<!doctype html><title>Vigil</title>');
  await writeFile(join(directory, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(directory, 'secret.txt'), 'outside the site');
  const site = createWallSite({ directory: join(directory, 'dist'), mintDevToken: async (role) => `token-for-${role}` });
  server = createServer((request, response) => site.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

describe('the web app site', () => {
  it('serves the app, its pages and hashed assets, with a strict CSP', async () => {
    const index = await fetch(`${base}/wall/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await (await fetch(`${base}/wall/analyst`)).text()).toContain('<title>Vigil</title>');
    const asset = await fetch(`${base}/wall/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const bare = await fetch(`${base}/wall`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/wall/']);
  });

  it('never serves a file outside its directory, and only GET and HEAD', async () => {
    for (const path of [
      '/wall/%2e%2e/secret.txt',
      '/wall/..%2fsecret.txt',
      '/wall/assets/%2e%2e/%2e%2e/secret.txt',
      '/wall/a%00.js',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('outside the site');
    }
    expect((await fetch(`${base}/wall/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/wall/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('lists dev tokens for the picker only when a minter is given, and never in production', async () => {
    const listed = (await (await fetch(`${base}/wall/dev-tokens.json`)).json()) as {
      tokens: Array<{ role: string; token: string }>;
    };
    expect(listed.tokens.map((t) => t.role)).toContain('SECURITY_ANALYST');
    expect(listed.tokens.find((t) => t.role === 'AGENT')?.token).toBe('token-for-AGENT');

    const production = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      GATEWAY_JWKS_URL: 'http://gateway:4000/.well-known/vigil-gateway-jwks.json',
      MONGODB_URI: 'mongodb://db.example/vigil',
    });
    const site = wallSiteFor(production, join(directory, 'dist'));
    expect(site).toBeDefined();
    const prodServer = createServer((request, response) => site!.handle(request, response));
    await new Promise<void>((resolve) => prodServer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (prodServer.address() as AddressInfo).port;
      expect((await fetch(`http://127.0.0.1:${port}/wall/dev-tokens.json`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => prodServer.close(resolve));
    }
    expect(wallSiteFor(production, join(directory, 'missing'))).toBeUndefined();
  });
});
