// Process: Vigil's gateway (createGateway, as `npm start` builds it) over the bench subgraphs' signed ports, with
// JWT authentication (HS256 secret BENCH_JWT_SECRET), depth/cost limits, rate limits (in memory, budgets above what
// one run sends: a benchmark is a deliberate flood from one token), CSRF/CORS and upstream signing all on.
import { parseGatewaySigningKey } from '@vigil/core';
import { createGateway } from '@vigil/gateway';

const base = Number(process.env.SIGNED_PORT_BASE);
const names = ['accounts', 'inventory', 'products', 'reviews'];
const quiet = () => {};
const gateway = createGateway({
  subgraphs: names.map((name, i) => ({ name, url: `http://127.0.0.1:${base + i}/graphql` })),
  port: Number(process.env.PORT),
  host: '127.0.0.1',
  jwt: { secret: process.env.BENCH_JWT_SECRET },
  signingKey: parseGatewaySigningKey(process.env.BENCH_GATEWAY_SIGNING_KEY),
  // The bench query is 8 levels deep; its estimated cost (lists of 10 assumed) is about 1.2 million.
  limits: { maxDepth: 10, maxCost: 5_000_000 },
  rateLimits: { perIp: 100_000_000, perSubject: 100_000_000, perTenant: 100_000_000 },
  logger: { debug: quiet, info: quiet, warn: (d, m) => console.error(m, d), error: (d, m) => console.error(m, d) },
});
await gateway.start();
console.log('ready');
// Stop cleanly so that --cpu-prof (BENCH_PROFILE=1) writes its profile.
process.once('SIGINT', () => {
  gateway.stop().finally(() => process.exit(0));
});
