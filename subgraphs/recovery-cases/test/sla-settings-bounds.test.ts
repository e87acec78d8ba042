import { describe, expect, it } from 'vitest';
import { DEMO_SEED, as } from './harness.js';
import { recoveryCasesPerSuite } from './flows.js';

const admin = as(['ADMIN'], ['demo'], DEMO_SEED.agents.admin);
const UPDATE = `mutation ($input: RecoverySettingsInput!) { updateRecoverySettings(tenantId: "demo", input: $input) {
  scheduleKind targets { priority resolutionSeconds } } }`;
const READ = `{ recoverySettings(tenantId: "demo") { scheduleKind targets { priority resolutionSeconds } } }`;
const DAY_S = 86_400;
const targets = (resolutionSeconds: number) =>
  ['LOW', 'NORMAL', 'HIGH', 'URGENT'].map((priority) => ({
    priority,
    firstResponseSeconds: 3_600,
    nextResponseSeconds: 3_600,
    resolutionSeconds,
  }));
const weekdays = (days: number[], openMinute: number, closeMinute: number) => ({
  timeZone: 'Europe/Berlin',
  weekdays: days,
  openMinute,
  closeMinute,
});

/**
 * Every SLA clock shown computes when it falls due by walking the schedule day by day: a target that needs
 * centuries of a thin schedule (one minute a week) took seconds per clock and blocked the process.
 */
describe('SLA targets must fall due within a year of the schedule', () => {
  const suite = recoveryCasesPerSuite();

  it('refuses business hours too thin for the targets, and targets too long for the business hours', async () => {
    const before = await suite.rc.ok(admin, READ);
    const thin = await suite.rc.call(admin, UPDATE, { input: { businessHours: weekdays([1], 0, 1) } });
    expect(thin.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('within a year'),
    });
    const long = await suite.rc.call(admin, UPDATE, {
      input: { businessHours: weekdays([1, 2, 3, 4, 5], 540, 1020), slaTargets: targets(90 * DAY_S) },
    });
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await suite.rc.ok(admin, READ)).toEqual(before);
  });

  it('accepts office hours with targets that fit them, and long targets around the clock', async () => {
    const office = await suite.rc.call(admin, UPDATE, {
      input: { businessHours: weekdays([1, 2, 3, 4, 5], 540, 1020), slaTargets: targets(30 * DAY_S) },
    });
    expect(office.errors).toBeUndefined();
    const always = await suite.rc.call(admin, UPDATE, { input: { twentyFourSeven: true, slaTargets: targets(90 * DAY_S) } });
    expect(always.errors).toBeUndefined();
  });
});
