#!/usr/bin/env node
/** `node gateway/dist/main.js`: the gateway alone, configured from the environment (see gateway/README.md). */
import { createLogger, loadConfig } from '@vigil/core';
import { gatewayOptionsFromConfig } from './config.js';
import { createGateway } from './gateway.js';
import { loadSupergraphConfig } from './supergraph-config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
  const subgraphs = await loadSupergraphConfig();
  const gateway = createGateway(gatewayOptionsFromConfig(config, subgraphs, logger));
  await gateway.start();
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'gateway stopping');
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'gateway did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  // Start-up failures (bad config, composition) are printed whole: they name what to fix.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
