// Process: the four bench subgraphs. Each listens twice: on SIGNED_PORT_BASE + i it requires the Vigil gateway's
// signed identity (verifyUpstreamIdentity against the public key in BENCH_GATEWAY_JWK, audience = subgraph name,
// exactly as Vigil subgraphs check it); on PLAIN_PORT_BASE + i it answers unsigned calls (for @apollo/gateway,
// which has no such signing). Prints "ready" once all listen.
import { gatewayKeys, verifyUpstreamIdentity } from '@vigil/core';
import { serveGraphql } from './graphql-server.js';
import { subgraphSchemas } from './subgraph-schemas.js';

const signedBase = Number(process.env.SIGNED_PORT_BASE);
const plainBase = Number(process.env.PLAIN_PORT_BASE);
const keys = gatewayKeys({ keys: [JSON.parse(process.env.BENCH_GATEWAY_JWK)] });
const schemas = subgraphSchemas();
let index = 0;
for (const [name, schema] of Object.entries(schemas)) {
  const verify = (request) => verifyUpstreamIdentity(request, { keys, audience: name });
  await serveGraphql(schema, signedBase + index, { verify });
  await serveGraphql(schema, plainBase + index);
  index += 1;
}
console.log('ready');
// Exit on SIGINT so that --cpu-prof (BENCH_PROFILE=1) writes its profile.
process.once('SIGINT', () => process.exit(0));
