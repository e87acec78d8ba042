import { describe, expect, it } from 'vitest';
import { cidrToKeyRange, normaliseIp } from '../../src/domain/ip-address.js';

describe('IP keys and CIDR ranges', () => {
  it('maps IPv4 and IPv6 to fixed-width sortable keys', () => {
    expect(normaliseIp('10.0.0.1')?.key).toBe('00000000000000000000ffff0a000001');
    expect(normaliseIp('2001:db8::1')?.key).toBe('20010db8000000000000000000000001');
    expect(normaliseIp('::ffff:10.0.0.1')?.key).toBe(normaliseIp('10.0.0.1')?.key);
    expect(normaliseIp('10.0.0.256')).toBeNull();
    expect(normaliseIp('not-an-ip')).toBeNull();
  });

  it('turns a CIDR block into an inclusive range that holds exactly its addresses', () => {
    const range = cidrToKeyRange('10.1.0.0/16')!;
    const inside = normaliseIp('10.1.255.7')!.key;
    const outside = normaliseIp('10.2.0.0')!.key;
    expect(inside >= range.from && inside <= range.to).toBe(true);
    expect(outside >= range.from && outside <= range.to).toBe(false);
    expect(cidrToKeyRange('203.0.113.9')).toEqual({ from: normaliseIp('203.0.113.9')!.key, to: normaliseIp('203.0.113.9')!.key });
    const v6 = cidrToKeyRange('2001:db8::/32')!;
    expect(v6.from).toBe('20010db8000000000000000000000000');
    expect(v6.to).toBe('20010db8ffffffffffffffffffffffff');
  });

  it('rejects malformed blocks', () => {
    expect(cidrToKeyRange('10.0.0.0/33')).toBeNull();
    expect(cidrToKeyRange('10.0.0.0/x')).toBeNull();
    expect(cidrToKeyRange('10.0.0.0/8/1')).toBeNull();
  });
});
