import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHttpRouteRequest, UPSTREAM_IDENTITY_HEADER, type Role } from '@vigil/core';
import { rewriteChainAfter } from './chain-checks.js';
import { runProcess } from '@vigil/testing';
import { as, failedLogin, RECORD, startActivityLogs, type Harness } from './harness.js';

/** The bin as npm links it (node_modules/.bin/vigil-verify → bin/vigil-verify.js → dist). */
const BIN = fileURLToPath(new URL('../bin/vigil-verify.js', import.meta.url));

const runVerifier = (args: readonly string[]) => runProcess(process.execPath, [BIN, ...args]);

describe('offline verification of an export (vigil-verify)', () => {
  let h: Harness;
  let base: string;
  let dir: string;
  const tenantId = 'offline';

  const get = async (path: string, roles: Role[] = ['AUDITOR']) => {
    const response = await fetch(`${base}${path}`, {
      headers: {
        [UPSTREAM_IDENTITY_HEADER]: signHttpRouteRequest(as(roles, [tenantId], 'auditor-1'), 'GET', path, {
          key: h.config.GATEWAY_SIGNING_KEY,
          audience: 'activity-logs',
        }),
      },
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    h = await startActivityLogs();
    base = new URL(h.url).origin;
    dir = await mkdtemp(join(tmpdir(), 'vigil-verify-'));
    // Four batches: four signed heads interleaved in the export.
    for (const size of [3, 1, 4, 2]) {
      const events = Array.from({ length: size }, (_, index) =>
        failedLogin(`acct-${index}`, { metadata: { reason: 'wrong password' } }),
      );
      const { errors } = await h.call(as(['INGEST'], [tenantId]), RECORD, { tenantId, events });
      expect(errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function exportFiles(query = '') {
    const exported = await get(`/activity/export?tenantId=${tenantId}&signedHeads=true${query}`);
    expect(exported.status).toBe(200);
    const keys = await get('/activity/signing-keys', ['AGENT']);
    expect(keys.status).toBe(200);
    const exportPath = join(dir, `export${query.replace(/[^a-z0-9]/gi, '')}.ndjson`);
    const keysPath = join(dir, 'jwks.json');
    await writeFile(exportPath, exported.text);
    await writeFile(keysPath, keys.text);
    return { exportPath, keysPath, lines: exported.text.trimEnd().split('\n') };
  }

  it('publishes the public keys as a JWK set', async () => {
    const { text } = await get('/activity/signing-keys', ['AGENT']);
    const jwks = JSON.parse(text) as { keys: Record<string, string>[] };
    expect(jwks.keys).toEqual([
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: expect.any(String),
        kid: h.subgraph.services.checkpoints.currentKeyId,
        alg: 'EdDSA',
        use: 'sig',
      },
    ]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
    const { data } = await h.call<{ activitySigningKeys: { keys: { kid: string; current: boolean }[]; jwks: string } }>(
      as(['AUDITOR'], [tenantId]),
      '{ activitySigningKeys { keys { kid current } jwks } }',
    );
    expect(data?.activitySigningKeys.keys).toEqual([{ kid: jwks.keys[0]!.kid, current: true }]);
    expect(JSON.parse(data!.activitySigningKeys.jwks)).toEqual(jwks);
  });

  it('exports with signed heads, verifies, then names the line an alteration is on', async () => {
    const { exportPath, keysPath, lines } = await exportFiles();
    expect(lines.filter((line) => line.includes('"kind":"signedHead"'))).toHaveLength(4);
    expect(lines.filter((line) => line.includes('"kind":"event"'))).toHaveLength(10);

    const intact = await runVerifier([exportPath, '--keys', keysPath]);
    expect(intact.output).toContain('OK:');
    expect(intact.output).toContain('events 1..10 proven by signed heads');
    expect(intact.code).toBe(0);

    // One field of one event changed: the verifier fails and names that line.
    const target = lines.findIndex((line) => line.includes('"sequence":6,') && line.includes('"kind":"event"'));
    const altered = [...lines];
    altered[target] = altered[target]!.replace(/"accountId":"acct-\d"/, '"accountId":"acct-x"');
    expect(altered[target]).not.toBe(lines[target]);
    await writeFile(exportPath, `${altered.join('\n')}\n`);
    const broken = await runVerifier([exportPath, '--keys', keysPath]);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain('FAILED');
    expect(broken.output).toContain(`ALTERED: Line ${target + 1}: Event 6 was changed after it was recorded.`);

    // A line removed: the verifier names the gap and where it is.
    const removed = lines.filter((_, index) => index !== target);
    await writeFile(exportPath, `${removed.join('\n')}\n`);
    const missing = await runVerifier([exportPath, '--keys', keysPath, '--json']);
    expect(missing.code).toBe(1);
    const report = JSON.parse(missing.output) as { breaks: { reason: string; line: number; sequence: number }[] };
    expect(report.breaks[0]).toMatchObject({ reason: 'MISSING', sequence: 6, line: target + 1 });
  });

  it('names the line whose recorder was changed: a client event passed off as recorded by Vigil (ADR 145)', async () => {
    const { exportPath, keysPath, lines } = await exportFiles();
    const target = lines.findIndex((line) => line.includes('"sequence":3,') && line.includes('"kind":"event"'));
    expect(JSON.parse(lines[target]!)).toMatchObject({ recordedBy: { kind: 'CLIENT', id: 'tester' } });
    const altered = [...lines];
    altered[target] = altered[target]!.replace(
      '"recordedBy":{"kind":"CLIENT","id":"tester"}',
      '"recordedBy":{"kind":"VIGIL","id":"agent-actions"}',
    );
    expect(altered[target]).not.toBe(lines[target]);
    await writeFile(exportPath, `${altered.join('\n')}\n`);
    const broken = await runVerifier([exportPath, '--keys', keysPath]);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`ALTERED: Line ${target + 1}: Event 3 was changed after it was recorded.`);
  });

  it('catches a rewrite with recomputed hashes through the signed head, and a forged head', async () => {
    const { exportPath, keysPath, lines } = await exportFiles();
    const { appendToChain, GENESIS_HASH } = await import('../src/domain/hash-chain.js');
    const { parseExportLine } = await import('../src/domain/chain-export-format.js');
    // Rewrite event 2 and recompute every later hash in the file, as an attacker without the key would.
    let head: { sequence: number; prevHash: string; hash: string } | null = { sequence: 0, prevHash: '', hash: GENESIS_HASH };
    const rewritten = lines.map((line) => {
      const parsed = parseExportLine(line);
      if (parsed.kind !== 'event' || !parsed.content) return line;
      const record = JSON.parse(line) as Record<string, unknown>;
      if (parsed.sequence === 2) record.outcome = 'SUCCESS';
      const content = parsed.sequence === 2 ? { ...parsed.content, outcome: 'SUCCESS' as const } : parsed.content;
      const [link] = appendToChain(head, [content]);
      head = link!;
      return JSON.stringify({ ...record, prevHash: link!.prevHash, hash: link!.hash });
    });
    await writeFile(exportPath, `${rewritten.join('\n')}\n`);
    const result = await runVerifier([exportPath, '--keys', keysPath]);
    expect(result.code).toBe(1);
    const headLine = lines.findIndex((line) => line.includes('"kind":"signedHead"')) + 1;
    expect(result.output).toContain(
      `CHECKPOINT_MISMATCH: Line ${headLine}: event 3 (line ${headLine - 1}) differs from its signed head`,
    );

    const forged = lines.map((line, index) =>
      index === headLine - 1 ? line.replace(/"signature":"[^"]+"/, `"signature":"${'A'.repeat(86)}"`) : line,
    );
    await writeFile(exportPath, `${forged.join('\n')}\n`);
    const forgedResult = await runVerifier([exportPath, '--keys', keysPath]);
    expect(forgedResult.code).toBe(1);
    expect(forgedResult.output).toContain(`FORGED_CHECKPOINT: Line ${headLine}:`);
  });

  it('starts a partial export at the signed head before it, and refuses to verify without keys', async () => {
    const { exportPath, keysPath, lines } = await exportFiles('&fromSequence=5&toSequence=6');
    // Heads after batches end at 3, 4, 8, 10: the export runs from the head at 4 to the head at 8.
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'signedHead', sequence: 4 });
    expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({ kind: 'signedHead', sequence: 8 });
    const partial = await runVerifier([exportPath, '--keys', keysPath]);
    expect(partial.output).toContain('events 5..8 proven');
    expect(partial.code).toBe(0);
    const noKeys = await runVerifier([exportPath]);
    expect(noKeys.code).toBe(2);
    expect(noKeys.output).toContain('--keys');
    expect(JSON.parse(await readFile(keysPath, 'utf8'))).toHaveProperty('keys');
  });

  it('heads kept from an earlier export catch a rewrite whose heads were removed from the database', async () => {
    const earlier = await exportFiles();
    const headsPath = join(dir, 'kept-heads.ndjson');
    await writeFile(headsPath, `${earlier.lines.filter((line) => line.includes('"kind":"signedHead"')).join('\n')}\n`);

    // Database writer: rewrite event 9, recompute 9..10, remove the heads from 9 on.
    await rewriteChainAfter(h, tenantId, 8, 9);
    await h.db.connection.collection('activity_checkpoints').deleteMany({ tenantId, sequence: { $gte: 9 } });

    // A fresh export now ends at a head signed over the rewrite: on its own it verifies…
    const later = await exportFiles();
    expect((await runVerifier([later.exportPath, '--keys', later.keysPath])).code).toBe(0);
    // …but not against the heads the auditor kept.
    const checked = await runVerifier([later.exportPath, '--keys', later.keysPath, '--heads', headsPath]);
    expect(checked.code).toBe(1);
    expect(checked.output).toContain('CHECKPOINT_MISMATCH');
    expect(checked.output).toMatch(/Line \d+: Event 10 differs from the signed head at that sequence/);
  });
});
