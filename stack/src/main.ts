#!/usr/bin/env node
/**
 * `npm start`: the whole graph in one process on the embedded defaults — MongoDB-compatible server with its
 * data under `.data/mongo`, in-memory bus and PubSub (Redis when REDIS_URL is set), four subgraphs, the gateway,
 * demo data, and a dev token per role. Ctrl-C stops everything cleanly.
 */
import { DEMO_SEED } from '@vigil/accounts';
import type { Role } from '@vigil/core';
import { startStack } from './stack.js';

const DEMO_SUBJECTS: Record<Role, string> = {
  ADMIN: DEMO_SEED.agents.admin,
  SUPERVISOR: DEMO_SEED.agents.supervisor,
  AGENT: DEMO_SEED.agents.agent,
  SECURITY_ANALYST: DEMO_SEED.agents.analyst,
  AUDITOR: DEMO_SEED.agents.auditor,
  INGEST: 'svc-demo-idp',
  PARTNER: 'partner-demo-crm',
};

async function main(): Promise<void> {
  const stack = await startStack({ ports: 'config' });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Vigil…`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Vigil did not stop cleanly:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  const tenant = DEMO_SEED.tenants.demo;
  console.log(`\nVigil is up.\n  GraphQL (HTTP + graphql-ws): ${stack.gatewayUrl}`);
  console.log(stack.wallUrl ? `  Wall and analyst console:    ${stack.wallUrl}` : '  (web app not built: npm run build -w wall)');
  for (const [name, subgraph] of stack.subgraphs) console.log(`  subgraph ${name.padEnd(15)} ${subgraph.url}`);
  console.log(`\nDev tokens for tenant "${tenant}" (8 h; send as "Authorization: Bearer <token>"):`);
  for (const [role, subject] of Object.entries(DEMO_SUBJECTS) as Array<[Role, string]>) {
    const token = await stack.token({ roles: [role], tenants: [tenant], subject });
    console.log(`\n  ${role} (sub ${subject}):\n  ${token}`);
  }
  console.log(`\nTry:\n  curl -s ${stack.gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`);
  console.log(`    -d '{"query":"{ account(id: \\"${DEMO_SEED.accounts.jordan}\\") { displayName email phone } }"}'`);
  console.log('\nCtrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error('Vigil failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
