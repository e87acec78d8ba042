// The walls benchmark's graph: gateway, four subgraphs and embedded MongoDB in this one process (startStack).
// Answers the orchestrator over IPC: tokens, the subgraph endpoints (for a second gateway), shared-subscription
// counts. SIGTERM stops it.
import { startStack } from '@vigil/stack';

const TENANT = process.env.WALLS_TENANT ?? 'demo';
const stack = await startStack({
  ports: 'ephemeral',
  env: { ...process.env, LOG_LEVEL: 'silent', MONGO_DATA_DIR: '' },
});
const subject = (i) => `wall-${i}`;
const walls = await Promise.all(
  // A few subjects: walls of different agents with the same role and tenant (what a floor looks like).
  Array.from({ length: 10 }, (_, i) => stack.token({ roles: ['SECURITY_ANALYST'], tenants: [TENANT], subject: subject(i) })),
);
process.send({
  type: 'ready',
  gatewayUrl: stack.gatewayUrl,
  subgraphs: [...stack.subgraphs.values()].map(({ name, url, server }) => ({ name, url, httpRoutes: server.httpPaths ?? [] })),
  tokens: {
    walls,
    ingest: await stack.token({ roles: ['INGEST'], tenants: [TENANT], subject: 'walls-bench-idp' }),
    admin: await stack.token({ roles: ['ADMIN'], tenants: [TENANT], subject: 'walls-bench-admin' }),
  },
});
process.on('message', (message) => {
  if (message?.type === 'shared') process.send({ type: 'shared', ...stack.sharedSubscriptions });
});
process.once('SIGTERM', async () => {
  await stack.stop();
  process.exit(0);
});
