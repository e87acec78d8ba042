// @vigil/testing: the test kit (dev only). Whole-stack start-up is `@vigil/testing/stack`, gateway tokens are
// `@vigil/testing/gateway` (separate entry points so a subgraph's tests load neither the stack nor the gateway).
export { appendToActivityChain, waitForOffset } from './activity-chain.js';
export { metricSample } from './metric-sample.js';
export { perSuite } from './per-suite.js';
export { prng } from './prng.js';
export { runProcess } from './run-process.js';
export { nodes, walkPages, type CursorPage, type Page } from './connection-page.js';
export { freePort } from './free-port.js';
export { waitForValue, waitUntil } from './wait-for-value.js';
export { TEST_TENANT, identityOf, subgraphCaller, type SubgraphCall } from './identity.js';
export {
  startTestSubgraph,
  type SeedContext,
  type SubgraphStart,
  type TestSubgraph,
  type TestSubgraphOptions,
} from './test-subgraph.js';
export {
  runSubgraphContract,
  type ForeignEntity,
  type PersonalDataProbe,
  type SubgraphContractOptions,
} from './contract/run-subgraph-contract.js';
export { rootFieldProbes, placeholderValue, type RootFieldProbe } from './contract/root-field-probes.js';
export { CHUNK_FRAME, uploadUntilCutOff } from './endless-upload.js';
