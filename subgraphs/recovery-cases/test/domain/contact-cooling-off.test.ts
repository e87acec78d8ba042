import { describe, expect, it } from 'vitest';
import { approvedBySecondPerson, coolingOffOf } from '../../src/domain/contact-cooling-off.js';

const HOUR = 3_600_000;
const COOLING_OFF = 24 * HOUR;
const changedAt = new Date('2026-03-02T10:00:00.000Z');
const email = { type: 'EMAIL', address: 'new@example.com' } as const;

/** When a recently changed address may receive codes and reset links (ADR 150). */
describe('contact cooling-off', () => {
  it('holds an address changed within the period, until the change is that old', () => {
    expect(coolingOffOf(undefined, COOLING_OFF, changedAt)).toBeUndefined();
    const usableAt = new Date(changedAt.getTime() + COOLING_OFF);
    expect(coolingOffOf(changedAt, COOLING_OFF, new Date(changedAt.getTime() + HOUR))).toEqual({ changedAt, usableAt });
    expect(coolingOffOf(changedAt, COOLING_OFF, new Date(usableAt.getTime() - 1))).toEqual({ changedAt, usableAt });
    expect(coolingOffOf(changedAt, COOLING_OFF, usableAt)).toBeUndefined();
  });

  it("lets through the very address a second person approved, of the channel's kind, around the change", () => {
    const hold = coolingOffOf(changedAt, COOLING_OFF, changedAt)!;
    const approval = { field: 'EMAIL', newValue: ' New@Example.com', decidedAt: new Date(changedAt.getTime() - HOUR) } as const;
    expect(approvedBySecondPerson(email, hold, COOLING_OFF, [approval])).toBe(true);
    // Vouched for on a case after the change, as the agent's way out of the wait.
    expect(
      approvedBySecondPerson(email, hold, COOLING_OFF, [{ ...approval, decidedAt: new Date(changedAt.getTime() + HOUR) }]),
    ).toBe(true);
    expect(approvedBySecondPerson(email, hold, COOLING_OFF, [{ ...approval, newValue: 'other@example.com' }])).toBe(false);
    expect(approvedBySecondPerson(email, hold, COOLING_OFF, [{ ...approval, field: 'PHONE' }])).toBe(false);
    // An approval from before the period was about an address that has since left the account and come back.
    const stale = { ...approval, decidedAt: new Date(changedAt.getTime() - COOLING_OFF - 1) };
    expect(approvedBySecondPerson(email, hold, COOLING_OFF, [stale])).toBe(false);
    const sms = { type: 'SMS', address: '+15555559999' } as const;
    expect(approvedBySecondPerson(sms, hold, COOLING_OFF, [{ ...approval, field: 'PHONE', newValue: '+15555559999' }])).toBe(
      true,
    );
  });
});
