// A second gateway process over the benchmark stack's subgraphs (two-gateway mode, REDIS_URL): configured from
// the same environment as the stack's gateway, on a free port. SIGTERM stops it.
import { createLogger, loadConfig } from '@vigil/core';
import { createGateway, gatewayOptionsFromConfig } from '@vigil/gateway';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const subgraphs = JSON.parse(process.env.WALLS_SUBGRAPHS ?? '[]');
const gateway = createGateway({
  ...gatewayOptionsFromConfig(config, subgraphs, createLogger({ name: 'walls-gateway-2', level: 'silent' })),
  port: 0,
  host: '127.0.0.1',
});
await gateway.start();
process.send({ type: 'ready', gatewayUrl: gateway.url });
process.on('message', (message) => {
  if (message?.type === 'shared') process.send({ type: 'shared', ...gateway.sharedSubscriptions });
});
process.once('SIGTERM', async () => {
  await gateway.stop();
  process.exit(0);
});
