/**
 * The audit chain as an outside auditor meets it, through the gateway: the public keys at
 * /activity/signing-keys, a verifiable export with its signed heads, and `npx vigil-verify` proving it
 * offline — then failing, with the line number, once one line is altered.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SEED } from '@vigil/accounts';
import type { RunningStack } from '@vigil/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootStack } from './support/stack.js';
import { runProcess } from '@vigil/testing';

const { tenants, accounts } = DEMO_SEED;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
let stack: RunningStack;
let origin: string;
let dir: string;

beforeAll(async () => {
  stack = await bootStack();
  origin = new URL(stack.gatewayUrl).origin;
  dir = await mkdtemp(join(tmpdir(), 'vigil-audit-export-'));
});
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const npxVigilVerify = (args: readonly string[]) =>
  runProcess('npx', ['--no-install', 'vigil-verify', ...args], { cwd: repoRoot });

describe('verifying an audit export offline, through the gateway', () => {
  it('refuses a client the reserved types, then proves the export and names an altered line', async () => {
    const ingest = await stack.token({ roles: ['INGEST'], tenants: [tenants.demo], subject: 'svc-idp' });
    const body = [
      { accountId: accounts.priya, type: 'user.authentication.failed', occurredAt: new Date(Date.now() - 60_000).toISOString() },
      {
        accountId: accounts.priya,
        type: 'system.privacy.account_erased',
        occurredAt: new Date(Date.now() - 50_000).toISOString(),
      },
      { accountId: accounts.priya, type: 'agent.action.reset.issued', occurredAt: new Date(Date.now() - 40_000).toISOString() },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const ingested = await fetch(`${origin}/activity/events?tenantId=${tenants.demo}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    const report = (await ingested.json()) as { recorded: number; errors: { line: number; message: string }[] };
    expect(report.recorded).toBe(1);
    expect(report.errors.map((error) => error.line)).toEqual([2, 3]);
    expect(report.errors[0]!.message).toContain('reserved');

    const auditor = await stack.token({ roles: ['AUDITOR'], tenants: [tenants.demo], subject: 'auditor-1' });
    const keys = await fetch(`${origin}/activity/signing-keys`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(keys.status).toBe(200);
    const exported = await fetch(`${origin}/activity/export?tenantId=${tenants.demo}&signedHeads=true`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).trimEnd().split('\n');
    expect(lines.some((line) => line.includes('"kind":"signedHead"'))).toBe(true);
    const exportPath = join(dir, 'export.ndjson');
    const keysPath = join(dir, 'jwks.json');
    await writeFile(keysPath, await keys.text());
    await writeFile(exportPath, `${lines.join('\n')}\n`);

    const proven = await npxVigilVerify([exportPath, '--keys', keysPath]);
    expect(proven.output).toContain('OK:');
    expect(proven.code).toBe(0);

    const target = lines.findIndex((line) => line.includes('"type":"user.authentication.failed"'));
    lines[target] = lines[target]!.replace('"outcome":"FAILURE"', '"outcome":"SUCCESS"');
    await writeFile(exportPath, `${lines.join('\n')}\n`);
    const altered = await npxVigilVerify([exportPath, '--keys', keysPath]);
    expect(altered.code).toBe(1);
    expect(altered.output).toContain(`Line ${target + 1}:`);
  });
});
