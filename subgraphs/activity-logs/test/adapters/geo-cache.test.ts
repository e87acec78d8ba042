/** ADR 156: geo lookups are remembered per address; the answers stay those of a lookup, each caller's its own. */
import { describe, expect, it } from 'vitest';
import { geoFromIp } from '../../src/adapters/enrichment.js';

const LONDON = '81.2.69.160';

describe('remembered geo lookups', () => {
  it('hands every caller its own copy: changing one answer does not change the next', () => {
    const first = geoFromIp(LONDON) as { country?: string };
    expect(first).toMatchObject({ country: 'GB' });
    first.country = 'tampered';
    expect(geoFromIp(LONDON)).toMatchObject({ country: 'GB' });
  });

  it('remembers that an address has no place, and still answers after more addresses than it remembers', () => {
    expect(geoFromIp('10.0.0.1')).toBeUndefined();
    expect(geoFromIp('10.0.0.1')).toBeUndefined();
    for (let i = 0; i < 10_050; i += 1) geoFromIp(`81.2.${(i >> 8) % 256}.${i % 256}`);
    expect(geoFromIp(LONDON)).toMatchObject({ country: 'GB' });
    expect(geoFromIp('10.0.0.1')).toBeUndefined();
  });
});
