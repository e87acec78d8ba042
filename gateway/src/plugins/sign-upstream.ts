import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { defaultPrintFn } from '@graphql-tools/executor-common';
import { UPSTREAM_IDENTITY_EXTENSION, type GatewaySigningKey, type Identity } from '@vigil/core';
import { isJsonShaped } from '../json-shaped.js';
import { unauthenticated } from '../jwt.js';
import { UpstreamSignatureCache } from '../upstream-signature-cache.js';

/**
 * Signs every request the gateway sends to a subgraph, over HTTP and over the upstream WebSocket alike:
 * the caller's Identity, the subgraph it goes to (`aud`) and the exact operation (query as the transports print
 * it, operationName, variables) go into `extensions.vigilIdentity` as an Ed25519 JWS, verified with the public
 * key only (`verifyUpstreamIdentity` in our subgraphs, any JOSE library at a partner's). Same hook as the
 * runtime's `useHmacUpstreamSignature`, which signs only query + variables with a shared secret; see
 * docs/adr/010-asymmetric-upstream-identity.md. Signatures are reused per caller + subgraph + operation for a
 * bounded time (upstream-signature-cache.ts, docs/adr/101-gateway-throughput.md).
 */
export function useUpstreamIdentitySigning(signingKey: GatewaySigningKey): GatewayPlugin {
  const signatures = new UpstreamSignatureCache(signingKey);
  return {
    onSubgraphExecute({ subgraphName, executionRequest, setExecutionRequest }) {
      const identity = (executionRequest.context as { identity?: Identity } | undefined)?.identity;
      if (!identity) throw unauthenticated('No authenticated identity for this operation.');
      // The transports JSON-serialise variables: sign what the subgraph will parse. Variables that already are
      // that (the plan executor's representations are parsed JSON) are signed as they are (ADR 158).
      const given = executionRequest.variables;
      const variables = given && !isJsonShaped(given) ? (JSON.parse(JSON.stringify(given)) as Record<string, unknown>) : given;
      const envelope = signatures.sign(identity, subgraphName, {
        query: defaultPrintFn(executionRequest.document),
        operationName: executionRequest.operationName,
        variables,
      });
      setExecutionRequest({
        ...executionRequest,
        extensions: { ...executionRequest.extensions, [UPSTREAM_IDENTITY_EXTENSION]: envelope },
      });
    },
  };
}
