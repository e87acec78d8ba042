import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import {
  publicJwkOf,
  signHead,
  verificationKeysFromJwks,
  verifyHead,
  type HeadSigningKey,
} from '../../src/domain/signed-head.js';
import {
  appendToChain,
  ChainVerifier,
  GENESIS_HASH,
  linkHash,
  MAX_REPORTED_BREAKS,
  type ChainContent,
  type StoredLink,
} from '../../src/domain/hash-chain.js';

const content = (n: number): ChainContent => ({
  id: `event-${n}`,
  tenantId: 't1',
  accountId: 'acct-1',
  type: 'user.authentication.failed',
  category: 'FAILURE',
  outcome: 'FAILURE',
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
  recordedAt: new Date(Date.UTC(2026, 0, 1, 0, n, 1)),
  actor: { type: 'CUSTOMER' },
  firstSeenDevice: n === 1,
  firstSeenCountry: false,
  piiCommitment: null,
});

function chainOf(count: number): StoredLink[] {
  const contents = Array.from({ length: count }, (_, index) => content(index + 1));
  return appendToChain(null, contents).map((link, index) => ({ ...link, content: contents[index]! }));
}

function verify(links: readonly StoredLink[], checkpoints = new Map<number, string>(), last?: number) {
  const verifier = new ChainVerifier({ sequence: 0, hash: GENESIS_HASH }, checkpoints);
  for (const link of links) verifier.accept(link);
  return verifier.finish(last);
}

describe('hash chain', () => {
  it('links events in sequence and verifies an untouched chain', () => {
    const links = chainOf(5);
    expect(links.map((link) => link.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(links[0]!.prevHash).toBe(GENESIS_HASH);
    expect(links[3]!.prevHash).toBe(links[2]!.hash);
    expect(verify(links)).toEqual({ ok: true, firstBreak: null, breaks: [], breakCount: 0, verifiedCount: 5, purgedCount: 0 });
  });

  it('hash does not depend on field order', () => {
    const original = content(1);
    const reordered = Object.fromEntries(Object.entries(original).reverse()) as unknown as ChainContent;
    expect(linkHash(1, GENESIS_HASH, reordered)).toBe(linkHash(1, GENESIS_HASH, original));
  });

  it('finds an altered event', () => {
    const links = chainOf(5);
    links[2] = { ...links[2]!, content: { ...links[2]!.content!, outcome: 'SUCCESS' } };
    expect(verify(links).firstBreak).toMatchObject({ sequence: 3, reason: 'ALTERED' });
  });

  it('finds a deleted event in the middle and at the end', () => {
    const links = chainOf(5);
    expect(verify([...links.slice(0, 2), ...links.slice(3)]).firstBreak).toMatchObject({ sequence: 3, reason: 'MISSING' });
    expect(verify(links.slice(0, 4), new Map(), 5).firstBreak).toMatchObject({ sequence: 5, reason: 'MISSING' });
  });

  it('finds reordered events (sequence numbers swapped)', () => {
    const links = chainOf(5);
    const swapped = [links[0]!, { ...links[2]!, sequence: 2 }, { ...links[1]!, sequence: 3 }, links[3]!, links[4]!];
    expect(verify(swapped).firstBreak).toMatchObject({ sequence: 2 });
  });

  it('finds a chain rewritten from some point on through the signed checkpoint', () => {
    const links = chainOf(5);
    const checkpoints = new Map([[4, links[3]!.hash]]);
    const forgedContents = [content(1), content(2), { ...content(3), outcome: 'SUCCESS' as const }, content(4), content(5)];
    const forged = appendToChain(null, forgedContents).map((link, index) => ({ ...link, content: forgedContents[index]! }));
    expect(verify(forged).ok).toBe(true);
    expect(verify(forged, checkpoints).firstBreak).toMatchObject({ sequence: 4, reason: 'CHECKPOINT_MISMATCH' });
  });

  it('verifies through purged tombstones and from a checkpoint anchor', () => {
    const links = chainOf(5);
    const withTombstone = links.map((link) => (link.sequence === 2 ? { ...link, content: null } : link));
    expect(verify(withTombstone)).toMatchObject({ ok: true, purgedCount: 1 });
    const fromCheckpoint = new ChainVerifier({ sequence: 3, hash: links[2]!.hash });
    links.slice(3).forEach((link) => fromCheckpoint.accept(link));
    expect(fromCheckpoint.finish()).toMatchObject({ ok: true, verifiedCount: 2 });
  });

  it('reports PII that no longer matches its commitment', () => {
    const links = chainOf(3);
    links[1] = { ...links[1]!, piiIntact: false };
    expect(verify(links).firstBreak).toMatchObject({ sequence: 2, reason: 'PII_ALTERED' });
  });
});

function ed25519Key(id: string): HeadSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { id, privateKey, publicKey };
}

describe('signed heads (Ed25519)', () => {
  const key = ed25519Key('k1');
  const body = { tenantId: 't1', sequence: 10, hash: 'ab'.repeat(32), createdAt: new Date('2026-01-01T00:00:00Z'), keyId: 'k1' };

  it('verifies its own signature with the public key only, and rejects any change', () => {
    const signed = signHead(body, key);
    const published = verificationKeysFromJwks(JSON.parse(JSON.stringify({ keys: [publicJwkOf(key)] })));
    expect(verifyHead(signed, published)).toBe(true);
    expect(verifyHead({ ...signed, createdAt: signed.createdAt.toISOString() }, published)).toBe(true);
    expect(verifyHead({ ...signed, sequence: 11 }, published)).toBe(false);
    expect(verifyHead({ ...signed, hash: 'cd'.repeat(32) }, published)).toBe(false);
    expect(verifyHead({ ...signed, tenantId: 't2' }, published)).toBe(false);
    expect(verifyHead(signed, [{ id: 'k1', publicKey: ed25519Key('k1').publicKey }])).toBe(false);
    expect(verifyHead(signed, [])).toBe(false);
    expect(verifyHead({ ...signed, signature: 'not-base64' }, published)).toBe(false);
  });

  it('accepts heads signed by a retired key after rotation, by key id', () => {
    const retired = ed25519Key('k1');
    const current = ed25519Key('k2');
    const old = signHead(body, retired);
    const fresh = signHead({ ...body, sequence: 11, keyId: 'k2' }, current);
    const keys = [current, retired];
    expect(verifyHead(old, keys)).toBe(true);
    expect(verifyHead(fresh, keys)).toBe(true);
    expect(verifyHead(old, [current])).toBe(false);
    // A head that names the wrong key id does not verify, even under a known key.
    expect(verifyHead({ ...old, keyId: 'k2' }, keys)).toBe(false);
  });

  it('refuses key sets that are not Ed25519 public keys', () => {
    expect(() => verificationKeysFromJwks({ keys: [] })).toThrow(/at least one key/);
    expect(() => verificationKeysFromJwks({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] })).toThrow(/not an Ed25519 public key/);
    expect(() => verificationKeysFromJwks({ keys: [{ ...publicJwkOf(key), kid: 'bad kid!' }] })).toThrow(/kid/);
  });
});

describe('every break, bounded', () => {
  it('keeps going after a break and lists each one in sequence order', () => {
    const links = chainOf(8);
    links[1] = { ...links[1]!, content: { ...links[1]!.content!, accountId: 'other' } };
    links[5] = { ...links[5]!, content: { ...links[5]!.content!, type: 'user.session.start' } };
    const result = verify(links);
    expect(result.breaks.map((found) => [found.sequence, found.reason])).toEqual([
      [2, 'ALTERED'],
      [6, 'ALTERED'],
    ]);
    expect(result.verifiedCount).toBe(6);
  });

  it('lists at most MAX_REPORTED_BREAKS and counts the rest', () => {
    const links = chainOf(150).map((link) => ({ ...link, content: { ...link.content!, outcome: 'SUCCESS' as const } }));
    const result = verify(links);
    expect(result.breaks).toHaveLength(MAX_REPORTED_BREAKS);
    expect(result.breakCount).toBe(150);
  });
});
