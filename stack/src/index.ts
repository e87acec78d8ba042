export { startStack, type RunningStack, type RunningSubgraph, type StackOptions } from './stack.js';
export { SUBGRAPHS, subgraphModule, type SubgraphModule } from './subgraphs.js';
export { createTokenMinter, type TokenRequest } from './dev-tokens.js';
export { createWallSite, wallSiteFor, WALL_DIST, WALL_PREFIX, type WallSiteOptions } from './wall-site.js';
