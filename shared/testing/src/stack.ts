import { createLogger } from '@vigil/core';
import { startStack, type RunningStack } from '@vigil/stack';

/**
 * Boots the whole graph for a test file: memory-only embedded MongoDB, in-memory bus and PubSub, every server on
 * a free port, demo data seeded. `extraEnv` adds variables (e.g. REDIS_URL for the multi-process test).
 */
export async function startTestStack(extraEnv: Record<string, string> = {}): Promise<RunningStack> {
  const env = {
    ...process.env,
    MONGODB_URI: '',
    REDIS_URL: '',
    MONGO_DATA_DIR: '',
    NODE_ENV: 'test',
    // These tests drive the graph as many callers from one address; the rate limits have their own tests.
    GATEWAY_RATE_LIMIT_PER_IP: '1000000',
    GATEWAY_RATE_LIMIT_PER_SUBJECT: '1000000',
    GATEWAY_RATE_LIMIT_PER_TENANT: '1000000',
    ...extraEnv,
  };
  return startStack({
    env,
    ports: 'ephemeral',
    logger: createLogger({ name: 'stack-test', level: process.env.E2E_LOG_LEVEL ?? 'silent' }),
    // Tests count a subgraph's commands (`mongo.commands`) to prove batching.
    monitorCommands: true,
  });
}
