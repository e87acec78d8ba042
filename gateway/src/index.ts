export { createGateway, type Gateway } from './gateway.js';
export { composeSupergraph, SupergraphCompositionError } from './compose.js';
export { createTokenVerifier, type TokenVerifier } from './jwt.js';
export { CLOSE_UNAUTHENTICATED } from './websocket.js';
export { DEFAULT_SUPERGRAPH_CONFIG, loadSupergraphConfig, parseSupergraphConfig } from './supergraph-config.js';
export { measureOperation, type OperationComplexity } from './operation-complexity.js';
export type * from './options.js';
export { gatewayOptionsFromConfig } from './config.js';
export { mintDevToken, parseRole, parseTtl, type DevTokenRequest } from './dev-token.js';
