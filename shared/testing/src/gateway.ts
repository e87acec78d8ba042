// `@vigil/testing/gateway`: what needs the gateway (kept out of the main entry so subgraph tests do not load it).
export { mintGatewayToken, type GatewayTokenRequest } from './gateway-token.js';
export {
  startTestGraph,
  type GraphAnswer,
  type GraphCaller,
  type GraphMember,
  type TestGraph,
  type TestGraphOptions,
} from './test-graph.js';
