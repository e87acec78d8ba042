/** The IP allowlist's answers, including the empty list most tenants have (answered without a lookup, ADR 111). */
import { describe, expect, it } from 'vitest';
import { IpAllowlist } from '../../src/domain/ip-allowlist.js';

const ADDRESSES = ['198.51.100.7', '203.0.113.1', '2001:db8::1', '2001:db9::1', 'not-an-ip', '', undefined];

describe('IpAllowlist', () => {
  it('holds nothing when empty', () => {
    const empty = new IpAllowlist([]);
    for (const ip of ADDRESSES) expect(empty.contains(ip)).toBe(false);
  });

  it('holds exactly the addresses of its blocks', () => {
    const list = new IpAllowlist(['198.51.100.0/24', '2001:db8::/32']);
    expect(ADDRESSES.map((ip) => list.contains(ip))).toEqual([true, false, true, false, false, false, false]);
  });
});
