import { describe, expect, it } from 'vitest';
import { viewForReader, type ActivityEventView } from '../../src/domain/activity-event.js';
import { maskedMetadataOf, piiCommitment, piiMatchesCommitment, searchFormFor } from '../../src/domain/pii.js';
import { searchTextOf } from '../../src/application/stored-event.js';

const event: ActivityEventView = {
  id: '65f000000000000000000001',
  tenantId: 't1',
  accountId: 'acct-1',
  sequence: 1,
  hash: 'h',
  type: 'user.session.start',
  category: 'AUTHENTICATION',
  outcome: 'SUCCESS',
  occurredAt: new Date('2026-01-01T00:00:00Z'),
  recordedAt: new Date('2026-01-01T00:00:01Z'),
  actor: { type: 'CUSTOMER' },
  firstSeenDevice: false,
  firstSeenCountry: false,
  ip: '203.0.113.77',
  deviceId: 'device-123456',
  userAgent: 'Mozilla/5.0',
  geo: { country: 'GB', city: 'London', lat: 51.5, lon: -0.1 },
  metadata: { note: 'called from work phone' },
};

describe('PII by role', () => {
  it('shows PII in full to analysts, auditors and admins', () => {
    for (const role of ['SECURITY_ANALYST', 'AUDITOR', 'ADMIN'] as const) expect(viewForReader(event, [role])).toEqual(event);
  });

  it('masks IP, device id and geo and withholds user agent and metadata for agents', () => {
    const masked = viewForReader(event, ['AGENT']);
    expect(masked).toMatchObject({ ip: '203.0.113.x', deviceId: '****3456', geo: { country: 'GB' } });
    expect(masked.geo).toEqual({ country: 'GB' });
    expect(masked.userAgent).toBeUndefined();
    expect(masked.metadata).toBeUndefined();
    expect(viewForReader({ ...event, ip: '2001:db8:1:2::5' }, ['AGENT']).ip).toBe('2001:db8:1:x');
  });
});

describe('PII commitment', () => {
  const key = Buffer.alloc(32, 1);
  const pii = { ip: '203.0.113.77', geo: { country: 'GB' } };

  it('matches only the same PII under the same key', () => {
    const commitment = piiCommitment(pii, key);
    expect(piiMatchesCommitment(pii, key, commitment)).toBe(true);
    expect(piiMatchesCommitment({ ...pii, ip: '203.0.113.78' }, key, commitment)).toBe(false);
    expect(piiMatchesCommitment(pii, Buffer.alloc(32, 2), commitment)).toBe(false);
    expect(piiCommitment({}, key)).toBeNull();
  });
});

// ADR 151: a caller searches the metadata in the form it reads it.
describe('the search form of the metadata', () => {
  it('is the whole form for ADMIN, the masked form for the investigators, none for a caller who reads less', () => {
    expect(searchFormFor(['ADMIN'])).toBe('WHOLE');
    expect(searchFormFor(['AUDITOR', 'ADMIN'])).toBe('WHOLE');
    expect(searchFormFor(['AUDITOR'])).toBe('MASKED');
    expect(searchFormFor(['SECURITY_ANALYST', 'AGENT'])).toBe('MASKED');
    expect(searchFormFor(['SUPERVISOR'])).toBeUndefined();
    expect(searchFormFor([])).toBeUndefined();
  });

  it('masks contact values by their shape and by their key, as the investigators read them', () => {
    const masked = searchTextOf(maskedMetadataOf({ newEmail: 'Jane.Doe@example.com', oldPhone: '020 7946 0958', n: 3 }));
    expect(masked).toBe('j***@example.com *******0958 3');
  });
});
