/**
 * `npm start` keeps its data across restarts: the embedded server journals under MONGO_DATA_DIR, and the demo
 * seed only inserts what is missing, so a change made through the gateway is still there after a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SEED } from '@vigil/accounts';
import { createLogger } from '@vigil/core';
import { afterAll, expect, it } from 'vitest';
import { startStack, type RunningStack } from '../src/index.js';

let dataDir: string | undefined;
const running: RunningStack[] = [];
afterAll(async () => {
  await Promise.all(running.map((stack) => stack.stop()));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function boot(dir: string): Promise<RunningStack> {
  const env = { ...process.env, MONGODB_URI: '', REDIS_URL: '', MONGO_DATA_DIR: dir, NODE_ENV: 'test' };
  const stack = await startStack({ env, ports: 'ephemeral', logger: createLogger({ name: 'restart-test', level: 'silent' }) });
  running.push(stack);
  return stack;
}

async function call(stack: RunningStack, query: string): Promise<Record<string, unknown>> {
  const token = await stack.token({ roles: ['SUPERVISOR'], tenants: [DEMO_SEED.tenants.demo] });
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as Record<string, unknown>;
}

it('keeps a change to seeded data across a restart on the same data directory', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-restart-'));
  const first = await boot(dataDir);
  const changed = await call(
    first,
    `mutation { updateAccount(id: "${DEMO_SEED.accounts.sam}", input: { displayName: "Sam Okafor-Reyes" }) { displayName } }`,
  );
  expect(changed).toEqual({ data: { updateAccount: { displayName: 'Sam Okafor-Reyes' } } });
  await first.stop();
  running.length = 0;

  const second = await boot(dataDir);
  const read = await call(
    second,
    `{ account(id: "${DEMO_SEED.accounts.sam}") { displayName } jordan: account(id: "${DEMO_SEED.accounts.jordan}") { displayName } }`,
  );
  expect(read).toEqual({ data: { account: { displayName: 'Sam Okafor-Reyes' }, jordan: { displayName: 'Jordan Rivera' } } });
});
