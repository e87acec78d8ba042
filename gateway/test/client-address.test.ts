/**
 * Who the client is, for the per-IP budget: the TCP peer unless that peer is a configured trusted proxy, and then the
 * right-most X-Forwarded-For entry that is not itself trusted. A client writing the header itself gains nothing.
 */
import { describe, expect, it } from 'vitest';
import { ClientAddresses } from '../src/client-address.js';

const request = (peer: string | undefined, forwarded?: string | string[]) => ({
  socket: peer === undefined ? {} : { remoteAddress: peer },
  headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
});

describe('the client address', () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const direct = ClientAddresses.direct();
    expect(direct.of(request('198.51.100.7', '203.0.113.1'))).toBe('198.51.100.7');
    expect(ClientAddresses.trusting([]).of(request('198.51.100.7', '203.0.113.1'))).toBe('198.51.100.7');
  });

  it('is the TCP peer when the peer is not a trusted proxy, even if it sends the header', () => {
    const behindLb = ClientAddresses.trusting(['10.0.0.0/8']);
    expect(behindLb.of(request('198.51.100.7', '203.0.113.1'))).toBe('198.51.100.7');
  });

  it('behind trusted proxies: the right-most untrusted entry; what the client wrote left of it is ignored', () => {
    const behindLb = ClientAddresses.trusting(['10.0.0.0/8', '192.0.2.10']);
    // The client wrote "1.2.3.4" itself; the edge proxy appended the address it saw, the inner one its peer.
    expect(behindLb.of(request('10.1.1.1', '1.2.3.4, 203.0.113.9, 192.0.2.10'))).toBe('203.0.113.9');
    expect(behindLb.of(request('10.1.1.1', ['1.2.3.4', '203.0.113.9']))).toBe('203.0.113.9');
    expect(behindLb.of(request('10.1.1.1', '203.0.113.9'))).toBe('203.0.113.9');
  });

  it('behind trusted proxies with no or a malformed header: the last proxy that can be believed', () => {
    const behindLb = ClientAddresses.trusting(['10.0.0.0/8']);
    expect(behindLb.of(request('10.1.1.1'))).toBe('10.1.1.1');
    expect(behindLb.of(request('10.1.1.1', 'not-an-ip'))).toBe('10.1.1.1');
    expect(behindLb.of(request('10.1.1.1', '203.0.113.9, garbage, 10.2.2.2'))).toBe('10.2.2.2');
    expect(behindLb.of(request('10.1.1.1', '10.3.3.3, 10.2.2.2'))).toBe('10.3.3.3');
  });

  it('treats IPv6 and IPv4-mapped peers as one address each', () => {
    const local = ClientAddresses.trusting(['127.0.0.1', '::1', 'fd00::/8']);
    expect(local.of(request('::ffff:127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
    expect(local.of(request('::1', '2001:db8::5'))).toBe('2001:db8::5');
    expect(local.of(request('fd00::abcd', '::ffff:203.0.113.9'))).toBe('203.0.113.9');
    expect(ClientAddresses.direct().of(request('::ffff:198.51.100.7'))).toBe('198.51.100.7');
    expect(local.of(request(undefined))).toBeUndefined();
  });

  it('refuses a configuration entry that is not an address or CIDR range, naming it', () => {
    for (const bad of ['10.0.0.0/33', 'lb.internal', '10.0.0.0/8/1', '::1/129', '10.0.0.0/x', ''])
      expect(() => ClientAddresses.trusting(['127.0.0.1', bad]), bad).toThrow(/GATEWAY_TRUSTED_PROXIES/);
  });
});
