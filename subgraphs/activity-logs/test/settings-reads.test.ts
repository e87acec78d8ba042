import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { as, startActivityLogs } from './harness.js';

const SETTINGS = 'activity_tenant_settings';

/** "A command loads its record once": counted on the wire (driver command monitoring), not by reading code. */
describe('retention commands read the tenant settings once', () => {
  const h = perSuite(startActivityLogs);

  const admin = as(['ADMIN'], ['reads'], 'admin-1');

  it('setActivityRetention: one read, one write, and the answer reflects the write', async () => {
    h().db.commands.reset();
    const set = await h().call<{ setActivityRetention: { categories: { category: string; days: number }[] } }>(
      admin,
      'mutation { setActivityRetention(tenantId: "reads", category: USAGE, days: 45) { categories { category days } } }',
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setActivityRetention.categories).toContainEqual({ category: 'USAGE', days: 45 });
    expect(h().db.commands.count('find', SETTINGS)).toBe(1);
    expect(h().db.commands.count('update', SETTINGS)).toBe(1);
  });

  it('activityRetention and purgeExpiredActivity: one read each', async () => {
    h().db.commands.reset();
    const read = await h().call(
      admin,
      'query { activityRetention(tenantId: "reads") { categories { days } legalHolds { id } } }',
    );
    expect(read.errors).toBeUndefined();
    expect(h().db.commands.count('find', SETTINGS)).toBe(1);
    h().db.commands.reset();
    const purged = await h().call(admin, 'mutation { purgeExpiredActivity(tenantId: "reads") { purgedCount } }');
    expect(purged.errors).toBeUndefined();
    expect(h().db.commands.count('find', SETTINGS)).toBe(1);
  });
});
