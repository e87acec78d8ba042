// The whole stack in a child process, for tests that kill it (kill -9) and start it again on the same data.
// Runs the compiled packages (dist), like `npm start`, on free ports, with the environment it was given
// (MONGO_DATA_DIR, REDIS_URL, REDIS_KEY_PREFIX). Prints `{"gatewayUrl": …}` once listening; SIGTERM stops it.
import { createLogger } from '@vigil/core';
import { startStack } from '@vigil/stack';

const stack = await startStack({
  env: process.env,
  ports: 'ephemeral',
  logger: createLogger({ name: 'stack-child', level: process.env.LOG_LEVEL ?? 'warn' }),
});
process.stdout.write(`${JSON.stringify({ gatewayUrl: stack.gatewayUrl })}\n`);
process.once('SIGTERM', async () => {
  await stack.stop();
  process.exit(0);
});
