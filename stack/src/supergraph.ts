#!/usr/bin/env node
/**
 * `npm run supergraph`: prints the composed supergraph SDL on stdout — for other routers and for schema checks in CI.
 * Starts our four subgraphs in-process on free ports (embedded server in memory, nothing seeded), composes them with
 * the partner subgraphs of SUPERGRAPH_CONFIG (which must be running, as for `npm start`) under their contracts, and
 * stops. The gateway takes GATEWAY_PORT, so partners find its JWKS where they expect it. Logs go to stderr.
 */
import { createLogger } from '@vigil/core';
import { startStack } from './stack.js';

const logger = createLogger({ name: 'supergraph', level: process.env.LOG_LEVEL || 'warn', destination: process.stderr });
const env = { ...process.env, MONGO_DATA_DIR: '' };
try {
  const stack = await startStack({
    env,
    ports: 'ephemeral',
    gatewayPort: Number(process.env.GATEWAY_PORT || 4000),
    seed: false,
    logger,
  });
  process.stdout.write(`${stack.supergraphSdl.trimEnd()}\n`);
  await stack.stop();
  process.exit(0);
} catch (error) {
  console.error('Could not compose the supergraph:', error instanceof Error ? error.message : error);
  process.exit(1);
}
