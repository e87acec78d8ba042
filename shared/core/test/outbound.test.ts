import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertHostAllowed,
  blockedAddressReason,
  NO_OUTBOUND_ALLOWANCE,
  OutboundAddressError,
  parseOutboundAllowance,
  postOutbound,
} from '../src/net/index.js';

describe('outbound address ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified / "this network"'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved / broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it.each(['203.0.113.10', '8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });

  it('parses the allowance and names a bad entry', () => {
    const allowance = parseOutboundAllowance('127.0.0.1, 10.0.0.0/8,mail.internal, fd00::/8');
    expect(allowance.networks.check('10.9.9.9', 'ipv4')).toBe(true);
    expect(allowance.networks.check('127.0.0.2', 'ipv4')).toBe(false);
    expect(allowance.hosts.has('mail.internal')).toBe(true);
    expect(() => parseOutboundAllowance('10.0.0.0/33')).toThrow(/prefix/);
    expect(() => parseOutboundAllowance('not a host!')).toThrow(/not a CIDR/);
  });

  it('resolves names and checks every address; an explicit allowance opens them', async () => {
    await expect(assertHostAllowed('localhost', NO_OUTBOUND_ALLOWANCE)).rejects.toBeInstanceOf(OutboundAddressError);
    await expect(assertHostAllowed('[::1]', NO_OUTBOUND_ALLOWANCE)).rejects.toThrow(/loopback/);
    await expect(assertHostAllowed('localhost', parseOutboundAllowance('localhost'))).resolves.toBeUndefined();
    await expect(assertHostAllowed('203.0.113.10', NO_OUTBOUND_ALLOWANCE)).resolves.toBeUndefined();
  });
});

describe('postOutbound', () => {
  let server: Server;
  let port: number;
  let received = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      received += 1;
      request.resume();
      response.writeHead(302, { location: 'http://169.254.169.254/' }).end('moved');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (url: string, allowance = NO_OUTBOUND_ALLOWANCE) =>
    postOutbound({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5000, allowance });

  it('refuses loopback by IP literal, by mapped IPv6 and by a name resolving to it, before connecting', async () => {
    await expect(post(`http://127.0.0.1:${port}/hook`)).rejects.toThrow(/loopback/);
    await expect(post(`http://[::ffff:127.0.0.1]:${port}/hook`)).rejects.toThrow(/loopback/);
    await expect(post(`http://localhost:${port}/hook`)).rejects.toThrow(/loopback/);
    expect(received).toBe(0);
  });

  it('sends when explicitly allowed, and does not follow redirects', async () => {
    const answer = await post(`http://localhost:${port}/hook`, parseOutboundAllowance('127.0.0.1,::1'));
    expect(answer).toEqual({ status: 302, body: 'moved' });
    expect(received).toBe(1);
  });
});
