/**
 * A tenant's settings document has a count bound on what administrators append to it: custom event types and legal
 * holds. Past it the mutation is refused (CONFLICT, saying what to do) and the document does not grow; concurrent
 * additions at the edge cannot pass the bound together; a released hold makes room again.
 */
import { perSuite } from '@vigil/testing';
import { describe, expect, it } from 'vitest';
import { MAX_CUSTOM_TYPES, MAX_LEGAL_HOLDS } from '../src/application/ports.js';
import { as, startActivityLogs } from './harness.js';

interface Errors {
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

describe("a tenant's settings under an administrator who keeps adding", () => {
  const harness = perSuite(startActivityLogs);

  const admin = (tenantId: string) => as(['ADMIN'], [tenantId], 'admin-1');
  const settingsOf = (tenantId: string) => harness().db.connection.collection('activity_tenant_settings').findOne({ tenantId });
  /** Fills a tenant's list to `count` entries directly: thousands of mutations would only slow the test. */
  const fill = async (tenantId: string, list: 'customTypes' | 'legalHolds', count: number) => {
    const entries = Array.from({ length: count }, (_, i) =>
      list === 'legalHolds'
        ? { id: `hold-${i}`, reason: 'seeded', placedBy: 'admin-1', placedAt: new Date() }
        : {
            type: `custom.seeded.t${i}`,
            category: 'USAGE',
            description: 'seeded',
            registeredBy: 'admin-1',
            registeredAt: new Date(),
          },
    );
    await harness()
      .db.connection.collection('activity_tenant_settings')
      .insertOne({ tenantId, [list]: entries });
  };
  const codeOf = (result: Errors) => result.errors?.[0]?.extensions?.code;

  it('refuses a legal hold past the bound, lets exactly one of several at the edge in, and makes room on release', async () => {
    const tenant = 'holds-full';
    await fill(tenant, 'legalHolds', MAX_LEGAL_HOLDS - 1);
    const place = () =>
      harness().call<{ placeLegalHold: { id: string } } & Errors>(
        admin(tenant),
        `mutation { placeLegalHold(tenantId: "${tenant}", reason: "one more") { id } }`,
      );
    const results = await Promise.all([place(), place(), place(), place()]);
    expect(results.filter((result) => result.errors === undefined)).toHaveLength(1);
    const refused = results.filter((result) => result.errors !== undefined);
    expect(refused.map(codeOf)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    expect(refused[0]!.errors![0]!.message).toContain(`${MAX_LEGAL_HOLDS} legal holds`);
    expect(refused[0]!.errors![0]!.message).toContain('release');
    expect(((await settingsOf(tenant))?.legalHolds as unknown[]).length).toBe(MAX_LEGAL_HOLDS);

    const released = await harness().call<Errors>(
      admin(tenant),
      `mutation { releaseLegalHold(tenantId: "${tenant}", holdId: "hold-0") }`,
    );
    expect(released.errors).toBeUndefined();
    expect((await place()).errors).toBeUndefined();
    expect(codeOf(await place())).toBe('CONFLICT');
  });

  it('refuses a custom event type past the bound; a new tenant still registers its first at once, concurrently', async () => {
    const tenant = 'types-full';
    await fill(tenant, 'customTypes', MAX_CUSTOM_TYPES - 1);
    const register = (type: string, tenantId = tenant) =>
      harness().call<{ registerCustomEventType: { type: string } } & Errors>(
        admin(tenantId),
        `mutation { registerCustomEventType(tenantId: "${tenantId}", type: "${type}", category: USAGE, description: "more") { type } }`,
      );
    const results = await Promise.all(['custom.more.a', 'custom.more.b', 'custom.more.c'].map((type) => register(type)));
    expect(results.filter((result) => result.errors === undefined)).toHaveLength(1);
    const refused = results.filter((result) => result.errors !== undefined);
    expect(refused.map(codeOf)).toEqual(['CONFLICT', 'CONFLICT']);
    expect(refused[0]!.errors![0]!.message).toContain(`${MAX_CUSTOM_TYPES} custom event types`);
    expect(((await settingsOf(tenant))?.customTypes as unknown[]).length).toBe(MAX_CUSTOM_TYPES);

    // A tenant without a settings document: two first registrations at once both land (the document is created once).
    const fresh = await Promise.all([register('custom.first.a', 'types-new'), register('custom.first.b', 'types-new')]);
    expect(fresh.map((result) => result.errors)).toEqual([undefined, undefined]);
    expect(((await settingsOf('types-new'))?.customTypes as { type: string }[]).map((custom) => custom.type).sort()).toEqual([
      'custom.first.a',
      'custom.first.b',
    ]);
  });
});
