// A second process for the cross-process test: the alerts subgraph and a gateway in front of it, on
// Redis pub/sub, against the test's MongoDB. Runs the compiled packages (dist), as a deployment would.
// Prints `{"gatewayUrl": …}` on stdout once listening; stops on SIGTERM.
import { connectMongo, createEventBus, createLogger, createPubSub, loadConfig } from '@vigil/core';
import { createAlertsSubgraph } from '@vigil/alerts';
import { createGateway, gatewayOptionsFromConfig } from '@vigil/gateway';

const config = loadConfig(process.env);
const logger = createLogger({ name: 'redis-peer', level: 'warn' });
const mongo = await connectMongo(config, logger, { dbName: 'vigil_alerts_test', uri: config.MONGODB_URI });
const bus = createEventBus(config, logger);
const pubsub = createPubSub(config, logger);
const alerts = await createAlertsSubgraph(
  { config, logger, connection: mongo.connection, bus, pubsub },
  { recipients: null, env: {} },
);
const { url } = await alerts.start(0);
const gateway = createGateway({
  ...gatewayOptionsFromConfig(config, [{ name: 'alerts', url }], logger),
  port: 0,
  host: '127.0.0.1',
});
await gateway.start();
process.stdout.write(`${JSON.stringify({ gatewayUrl: gateway.url })}\n`);

process.once('SIGTERM', async () => {
  await gateway.stop();
  await alerts.stop();
  await pubsub.close();
  await bus.close();
  await mongo.close();
  process.exit(0);
});
