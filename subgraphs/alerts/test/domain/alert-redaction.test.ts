/** ADR 136: what an alert reads as once the personal values it copied are gone, and when a purge removes them. */
import { describe, expect, it } from 'vitest';
import { REDACTED, redactedFields } from '../../src/domain/alert-redaction.js';
import { purgedBefore, sourceCategories } from '../../src/domain/source-categories.js';

const alert = (values: Record<string, number | string>, explanation: string, groupKey = 'account:acc-1') => ({
  groupKey,
  suppressionKey: `t|rule|${groupKey}`,
  reasons: { values, explanation },
  comments: [{ id: 'c1', by: 'analyst-1', text: 'called jane@example.org' }],
  history: [
    { from: 'OPEN', to: 'ACKNOWLEDGED', by: 'analyst-1' },
    { from: 'ACKNOWLEDGED', to: 'RESOLVED', by: 'analyst-1', reason: 'Jane confirmed' },
  ],
  closeReason: 'Jane confirmed',
});

describe('redacted alert fields', () => {
  it('replaces whole copied values in the reason, its explanation and keys, and leaves numbers that merely contain them', () => {
    const fields = redactedFields(
      alert(
        { amount: 5, mean: 1.5, zScore: 4.2, history: 15 },
        "Amount 5 is 4.2 standard deviations above this account's mean of 1.5 over 15 transactions (threshold 3).",
      ),
      false,
    );
    expect(fields['reasons.values']).toEqual({ amount: REDACTED, mean: REDACTED, zScore: 4.2, history: 15 });
    expect(fields['reasons.explanation']).toBe(
      `Amount ${REDACTED} is 4.2 standard deviations above this account's mean of ${REDACTED} over 15 transactions (threshold 3).`,
    );
    // A purge leaves what people wrote.
    expect(fields.comments).toBeUndefined();
    expect(fields.closeReason).toBeUndefined();
  });

  it('redacts the values a key embeds (a device id the reason never names) and keeps flags that name nothing', () => {
    const fields = redactedFields(
      alert(
        { newDevice: 'yes', newCountry: 'no', baselineLogins: 11, knownCountries: 'GB,FR' },
        'Successful login from a new device, compared with 11 earlier logins.',
        'account:acc-1|device:dev-secret|country:-',
      ),
      false,
    );
    expect(fields.groupKey).toBe(`account:acc-1|device:${REDACTED}|country:-`);
    expect(fields.suppressionKey).toBe(`t|rule|account:acc-1|device:${REDACTED}|country:-`);
    expect(fields['reasons.values']).toEqual({
      newDevice: 'yes',
      newCountry: 'no',
      baselineLogins: 11,
      knownCountries: REDACTED,
    });
  });

  it('an erasure removes free text too, keeping who wrote it and every status change', () => {
    const fields = redactedFields(
      alert({ ip: '2001:db8::7' }, '12 failed logins for this account from 2001:db8::7 within 15 minutes.'),
      true,
    );
    expect(fields['reasons.explanation']).toBe(`12 failed logins for this account from ${REDACTED} within 15 minutes.`);
    expect(fields.comments).toEqual([{ id: 'c1', by: 'analyst-1', text: REDACTED }]);
    expect(fields.history).toEqual([
      { from: 'OPEN', to: 'ACKNOWLEDGED', by: 'analyst-1' },
      { from: 'ACKNOWLEDGED', to: 'RESOLVED', by: 'analyst-1', reason: REDACTED },
    ]);
    expect(fields.closeReason).toBe(REDACTED);
  });
});

describe("a rule's source categories", () => {
  it('derives them from the taxonomy: failed sign-ins are FAILURE or AUTHENTICATION events', () => {
    expect([...sourceCategories('brute-force')].sort()).toEqual(['AUTHENTICATION', 'FAILURE']);
    expect([...sourceCategories('unusual-transaction')]).toEqual(['TRANSACTION']);
  });

  it('a purge covers an alert only up to the earliest cut-off of its sources, and not at all when one is missing', () => {
    const early = new Date('2026-01-01T00:00:00Z');
    const late = new Date('2026-02-01T00:00:00Z');
    expect(purgedBefore('brute-force', new Map([['FAILURE', late]]))).toBeUndefined();
    expect(
      purgedBefore(
        'brute-force',
        new Map([
          ['FAILURE', late],
          ['AUTHENTICATION', early],
        ]),
      ),
    ).toEqual(early);
  });
});
