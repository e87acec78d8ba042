import { createLogger } from '@vigil/core';
import { startStack, type RunningStack } from '@vigil/stack';

/**
 * Boots the whole graph for a test file: memory-only embedded MongoDB, in-memory bus and PubSub, every server on
 * a free port, demo data seeded. `extraEnv` adds variables (e.g. REDIS_URL for the multi-process test).
 */
export async function bootStack(extraEnv: Record<string, string> = {}): Promise<RunningStack> {
  const env = { ...process.env, MONGODB_URI: '', REDIS_URL: '', MONGO_DATA_DIR: '', NODE_ENV: 'test', ...extraEnv };
  return startStack({
    env,
    ports: 'ephemeral',
    logger: createLogger({ name: 'e2e', level: process.env.E2E_LOG_LEVEL ?? 'silent' }),
  });
}
