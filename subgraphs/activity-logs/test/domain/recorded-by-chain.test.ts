/**
 * Who recorded an event is part of its hashed content (ADR 145), added without a new chain version: events stored
 * before it carry none and hash exactly as they always did, because the canonical encoding drops absent fields.
 */
import { describe, expect, it } from 'vitest';
import { eventLine, parseExportLine } from '../../src/domain/chain-export-format.js';
import { appendToChain, ChainVerifier, GENESIS_HASH, type ChainContent, type StoredLink } from '../../src/domain/hash-chain.js';

const oldShape = (n: number): ChainContent => ({
  id: `event-${n}`,
  tenantId: 't1',
  accountId: 'acct-1',
  type: 'account.contact.email_changed',
  category: 'ACCOUNT_UPDATE',
  outcome: 'SUCCESS',
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
  recordedAt: new Date(Date.UTC(2026, 0, 1, 0, n, 1)),
  actor: { type: 'AGENT', id: 'supervisor-1' },
  idempotencyKey: `k-${n}`,
  device: { browser: 'Firefox' },
  firstSeenDevice: n === 1,
  firstSeenCountry: false,
  piiCommitment: n === 2 ? 'a'.repeat(64) : null,
});

const newShape = (n: number, recordedBy: ChainContent['recordedBy']): ChainContent => ({ ...oldShape(n), recordedBy });

/** Hashes of oldShape(1), oldShape(2) computed by the chain code before ADR 145 (commit 70cfc89). */
const HASHES_BEFORE_PROVENANCE = [
  '9c5d99004e6e9e07a07772f564caa3d148ae361bf69ec43da17e4278e8d2d433',
  'cd41bf0fca079dac49a405dc11176449385a8c18a9fe0aeb04c8ee1cbf4f3b74',
];

function verify(links: readonly StoredLink[]) {
  const verifier = new ChainVerifier({ sequence: 0, hash: GENESIS_HASH });
  for (const link of links) verifier.accept(link);
  return verifier.finish();
}

describe('provenance in the chain', () => {
  it('hashes an event without provenance exactly as before provenance existed', () => {
    expect(appendToChain(null, [oldShape(1), oldShape(2)]).map((link) => link.hash)).toEqual(HASHES_BEFORE_PROVENANCE);
    // An explicit undefined is absent too (a document read back without the field).
    expect(appendToChain(null, [newShape(1, undefined)])[0]!.hash).toBe(HASHES_BEFORE_PROVENANCE[0]);
  });

  it('covers the provenance: the same event recorded by a client and by Vigil hashes differently', () => {
    const [client] = appendToChain(null, [newShape(1, { kind: 'CLIENT', id: 'svc-idp' })]);
    const [vigil] = appendToChain(null, [newShape(1, { kind: 'VIGIL', id: 'agent-actions' })]);
    expect(new Set([client!.hash, vigil!.hash, HASHES_BEFORE_PROVENANCE[0]]).size).toBe(3);
  });

  it('verifies a chain of old-shape events followed by new-shape ones; a changed provenance breaks it', () => {
    const contents = [
      oldShape(1),
      oldShape(2),
      newShape(3, { kind: 'CLIENT', id: 'svc-idp' }),
      newShape(4, { kind: 'VIGIL', id: 'erasure' }),
    ];
    const links: StoredLink[] = appendToChain(null, contents).map((link, index) => ({ ...link, content: contents[index]! }));
    expect(verify(links)).toMatchObject({ ok: true, verifiedCount: 4 });

    const forged = links.map((link) =>
      link.sequence === 3
        ? { ...link, content: { ...link.content!, recordedBy: { kind: 'VIGIL' as const, id: 'svc-idp' } } }
        : link,
    );
    expect(verify(forged)).toMatchObject({ ok: false, firstBreak: { sequence: 3, reason: 'ALTERED' } });
    const stripped = links.map((link) => (link.sequence === 4 ? { ...link, content: oldShape(4) } : link));
    expect(verify(stripped)).toMatchObject({ ok: false, firstBreak: { sequence: 4, reason: 'ALTERED' } });
  });

  it('an export line carries the provenance and parses back into the hashed content', () => {
    const content = newShape(1, { kind: 'CLIENT', id: 'svc-idp' });
    const [link] = appendToChain(null, [content]);
    const line = eventLine(
      { ...content, occurredAt: content.occurredAt.toISOString(), recordedAt: content.recordedAt.toISOString() },
      link!,
    );
    expect(JSON.parse(line)).toMatchObject({ recordedBy: { kind: 'CLIENT', id: 'svc-idp' } });
    const parsed = parseExportLine(line);
    expect(parsed).toMatchObject({ kind: 'event', content: { recordedBy: { kind: 'CLIENT', id: 'svc-idp' } } });
    const old = parseExportLine(
      eventLine({ ...oldShape(1), occurredAt: '2026-01-01T00:01:00.000Z', recordedAt: '2026-01-01T00:01:01.000Z' }, link!),
    );
    expect(old.kind === 'event' && old.content && 'recordedBy' in old.content).toBe(false);
  });

  it('refuses an export line whose provenance is malformed', () => {
    const [link] = appendToChain(null, [oldShape(1)]);
    const lineWith = (recordedBy: unknown) =>
      eventLine(
        { ...oldShape(1), occurredAt: '2026-01-01T00:01:00.000Z', recordedAt: '2026-01-01T00:01:01.000Z', recordedBy },
        link!,
      );
    expect(() => parseExportLine(lineWith({ kind: 'STAFF', id: 'x' }))).toThrow('recordedBy.kind');
    expect(() => parseExportLine(lineWith({ kind: 'CLIENT' }))).toThrow('recordedBy.id');
    expect(() => parseExportLine(lineWith({ kind: 'CLIENT', id: 'x'.repeat(129) }))).toThrow('recordedBy.id');
    expect(() => parseExportLine(lineWith('CLIENT'))).toThrow('recordedBy');
  });
});
