import { verifyUpstreamIdentity, type Identity, type UpstreamOperation } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_MIN_REMAINING_MS, SIGNATURE_REUSE_MS, UpstreamSignatureCache } from '../src/upstream-signature-cache.js';
import { GATEWAY_KEYS, SIGNING_KEY } from './fixtures/tokens.js';

const START = Date.parse('2026-01-01T00:00:00Z');
const operation: UpstreamOperation = { query: '{ accounts { id } }', operationName: null, variables: null };
const identity: Identity = { subject: 'agent-1', roles: ['AGENT'], tenantIds: ['acme'], expiresAt: START / 1000 + 3600 };

/** A cache on a clock the test moves. */
function cacheAt() {
  const clock = { now: START };
  return { clock, cache: new UpstreamSignatureCache(SIGNING_KEY, 100, () => clock.now) };
}

const verify = (jws: string, audience: string, op: UpstreamOperation, now: number) =>
  verifyUpstreamIdentity(
    { headers: {}, body: { ...op, extensions: { vigilIdentity: jws } } },
    { keys: GATEWAY_KEYS, audience, now: () => now },
  );

describe('upstream signature cache', () => {
  it('hands the same caller the same signature for the same subgraph and operation, and it verifies', async () => {
    const { clock, cache } = cacheAt();
    const first = cache.sign(identity, 'accounts', operation);
    clock.now += SIGNATURE_REUSE_MS - 1_000;
    expect(cache.sign(identity, 'accounts', operation)).toBe(first);
    await expect(verify(first, 'accounts', operation, clock.now)).resolves.toMatchObject({ subject: 'agent-1' });
  });

  it.each([
    ['another subject', { ...identity, subject: 'agent-2' }],
    ['other roles', { ...identity, roles: ['ADMIN'] as const }],
    ['other tenants', { ...identity, tenantIds: ['globex'] }],
    ['another token expiry', { ...identity, expiresAt: identity.expiresAt + 60 }],
  ])('never hands a signature to a caller with %s', async (_label, other: Identity) => {
    const { cache } = cacheAt();
    const mine = cache.sign(identity, 'accounts', operation);
    const theirs = cache.sign(other, 'accounts', operation);
    expect(theirs).not.toBe(mine);
    const verified = await verify(theirs, 'accounts', operation, START);
    expect(verified).toEqual({
      subject: other.subject,
      roles: other.roles,
      tenantIds: other.tenantIds,
      expiresAt: other.expiresAt,
    });
  });

  it('signs anew for another subgraph or other variables, each bound to its own', async () => {
    const { cache } = cacheAt();
    const withVariables = { ...operation, variables: { first: 5 } };
    const accounts = cache.sign(identity, 'accounts', operation);
    const alerts = cache.sign(identity, 'alerts', operation);
    const five = cache.sign(identity, 'accounts', withVariables);
    expect(new Set([accounts, alerts, five]).size).toBe(3);
    await expect(verify(alerts, 'accounts', operation, START)).rejects.toThrow(/not for this subgraph/);
    await expect(verify(five, 'accounts', operation, START)).rejects.toThrow(/does not match/);
    await expect(verify(five, 'accounts', withVariables, START)).resolves.toMatchObject({ subject: 'agent-1' });
  });

  it('signs anew once the reuse window has passed, with a fresh issue time', async () => {
    const { clock, cache } = cacheAt();
    const first = cache.sign(identity, 'accounts', operation);
    clock.now += SIGNATURE_REUSE_MS;
    const second = cache.sign(identity, 'accounts', operation);
    expect(second).not.toBe(first);
    const issuedAt = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).iat as number;
    expect(issuedAt(second) - issuedAt(first)).toBe(SIGNATURE_REUSE_MS / 1000);
  });

  it('does not reuse a signature for a caller whose token ends within the minimum remaining validity', async () => {
    const { clock, cache } = cacheAt();
    const ending = { ...identity, expiresAt: START / 1000 + (SIGNATURE_MIN_REMAINING_MS - 5_000) / 1000 };
    const first = cache.sign(ending, 'accounts', operation);
    clock.now += 1_000;
    expect(cache.sign(ending, 'accounts', operation)).not.toBe(first);
  });
});
