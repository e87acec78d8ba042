#!/usr/bin/env node
/**
 * `node stack/dist/serve.js <service>`: one service per process — the production topology in
 * docker-compose.yml. `<service>` is `gateway` or a subgraph name (accounts, activity-logs, recovery-cases, alerts).
 * Subgraphs need MONGODB_URI (a replica set) in production; the gateway reads SUPERGRAPH_CONFIG.
 */
import { connectMongo, createEventBus, createLogger, createPubSub, loadConfig } from '@vigil/core';
import { createGateway, gatewayOptionsFromConfig, loadSupergraphConfig } from '@vigil/gateway';
import { subgraphModule } from './subgraphs.js';
import { wallSiteFor } from './wall-site.js';

async function serve(service: string): Promise<() => Promise<void>> {
  const config = loadConfig();
  const logger = createLogger({ name: service, level: config.LOG_LEVEL });
  if (service === 'gateway') {
    // The web app at /wall/ when the image carries its build (no dev tokens: wallSiteFor checks NODE_ENV).
    const wall = wallSiteFor(config);
    const options = gatewayOptionsFromConfig(config, await loadSupergraphConfig(), logger);
    const gateway = createGateway({ ...options, sites: wall ? [wall] : [] });
    await gateway.start();
    return () => gateway.stop();
  }
  const module = subgraphModule(service);
  const mongo = await connectMongo(config, logger, { dbName: module.dbName });
  const bus = createEventBus(config, logger);
  const pubsub = createPubSub(config, logger);
  const server = await module.create(
    { config, logger, connection: mongo.connection, bus, pubsub },
    { urlOf: () => undefined, env: process.env },
  );
  const { url } = await server.start(module.port(config), '0.0.0.0');
  logger.info({ url }, 'subgraph listening');
  return async () => {
    await server.stop();
    await Promise.all([bus.close(), pubsub.close()]);
    await mongo.close();
  };
}

const service = process.argv[2];
if (!service) {
  console.error('Usage: node stack/dist/serve.js <gateway|accounts|activity-logs|recovery-cases|alerts>');
  process.exit(2);
}
serve(service).then(
  (stop) => {
    const shutdown = () =>
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  },
  (error: unknown) => {
    console.error(`${service} failed to start:`, error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
