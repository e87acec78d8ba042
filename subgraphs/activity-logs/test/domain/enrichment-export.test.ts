import { describe, expect, it } from 'vitest';
import type { ActivityEventView } from '../../src/domain/activity-event.js';
import { decodeCursor, encodeCursor } from '@vigil/core';
import { deviceFromUserAgent, geoFromIp } from '../../src/adapters/enrichment.js';
import { positionKey, positionOf } from '../../src/domain/cursor.js';
import { deviceFingerprint } from '../../src/domain/enrichment.js';
import { csvCell, toCsvRow, toEcsRecord, toVigilRecord } from '../../src/domain/export-format.js';
import { expiryCutoff, purgeScope, validateRetentionDays } from '../../src/domain/retention.js';

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

describe('enrichment', () => {
  it('finds country, city and coordinates for a public IP and nothing for a private one', () => {
    expect(geoFromIp('81.2.69.142')).toMatchObject({
      country: 'GB',
      city: expect.any(String),
      lat: expect.any(Number),
      lon: expect.any(Number),
    });
    expect(geoFromIp('10.0.0.1')).toBeUndefined();
  });

  it('reads browser, OS and device class from the user agent', () => {
    expect(deviceFromUserAgent(CHROME_ON_WINDOWS)).toEqual({ browser: 'Chrome 120', os: 'Windows 10', type: 'desktop' });
    expect(deviceFromUserAgent(SAFARI_ON_IPHONE)).toMatchObject({ browser: 'Mobile Safari 17', os: 'iOS 17.1', type: 'mobile' });
    expect(deviceFingerprint('dev-1', undefined)).toBe('id:dev-1');
    expect(deviceFingerprint(undefined, deviceFromUserAgent(CHROME_ON_WINDOWS))).toBe('ua:Chrome 120|Windows 10|desktop');
  });
});

describe('cursor', () => {
  it('round-trips and rejects foreign strings', () => {
    const position = { occurredAt: new Date('2026-01-01T00:00:00.123Z'), id: '65f000000000000000000001' };
    expect(positionOf(decodeCursor(encodeCursor(positionKey(position)))!)).toEqual(position);
    expect(positionOf(decodeCursor('bm9wZQ')!)).toBeNull();
  });
});

describe('retention', () => {
  it('bounds periods to 30 days .. 7 years and applies per-category overrides', () => {
    expect(validateRetentionDays(29)).not.toBeNull();
    expect(validateRetentionDays(30)).toBeNull();
    expect(validateRetentionDays(7 * 365 + 2)).toBeNull();
    expect(validateRetentionDays(8 * 365)).not.toBeNull();
    const policy = { tenantId: 't1', defaultDays: 365, byCategory: { USAGE: 30 } };
    const now = new Date('2026-03-01T00:00:00Z');
    expect(expiryCutoff(policy, 'USAGE', now).toISOString()).toBe('2026-01-30T00:00:00.000Z');
    expect(expiryCutoff(policy, 'SECURITY', now).toISOString()).toBe('2025-03-01T00:00:00.000Z');
  });

  it('a tenant-wide hold blocks the purge; account holds exclude those accounts', () => {
    expect(purgeScope([{ tenantId: 't1' }, { tenantId: 't1', accountId: 'a' }]).blocked).toBe(true);
    expect(
      purgeScope([
        { tenantId: 't1', accountId: 'a' },
        { tenantId: 't1', accountId: 'a' },
      ]),
    ).toEqual({ blocked: false, heldAccountIds: ['a'] });
  });
});

describe('export encodings', () => {
  const event: ActivityEventView = {
    id: '65f000000000000000000001',
    tenantId: 't1',
    accountId: 'acct-1',
    sequence: 7,
    hash: 'abc',
    type: 'user.authentication.failed',
    category: 'FAILURE',
    outcome: 'FAILURE',
    occurredAt: new Date('2026-01-01T00:00:00Z'),
    recordedAt: new Date('2026-01-01T00:00:01Z'),
    actor: { type: 'CUSTOMER' },
    firstSeenDevice: true,
    firstSeenCountry: false,
    ip: '81.2.69.142',
    geo: { country: 'GB', city: 'London', lat: 51.5, lon: -0.1 },
    metadata: { reason: '=HYPERLINK("x")' },
  };

  it('carries OCSF ids in the native record', () => {
    expect(toVigilRecord(event)).toMatchObject({ ocsf: { class_uid: 3002, activity_id: 1, type_uid: 300201 } });
  });

  it('uses ECS field names', () => {
    expect(toEcsRecord(event)).toMatchObject({
      '@timestamp': '2026-01-01T00:00:00.000Z',
      event: { action: 'user.authentication.failed', outcome: 'failure', category: ['authentication'] },
      user: { id: 'acct-1' },
      source: { ip: '81.2.69.142', geo: { country_iso_code: 'GB', location: { lat: 51.5, lon: -0.1 } } },
      related: { ip: ['81.2.69.142'] },
    });
  });

  it('quotes CSV and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell(-5)).toBe('-5');
    expect(toCsvRow(event).startsWith('7,65f000000000000000000001,2026-01-01T00:00:00.000Z,')).toBe(true);
  });
});
