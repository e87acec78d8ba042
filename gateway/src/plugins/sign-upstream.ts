import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { defaultPrintFn } from '@graphql-tools/executor-common';
import { signUpstreamIdentity, UPSTREAM_IDENTITY_EXTENSION, type Identity } from '@vigil/core';
import { unauthenticated } from '../jwt.js';

/**
 * Signs every request the gateway sends to a subgraph, over HTTP and over the upstream WebSocket alike:
 * the caller's Identity and the exact operation (query as the transports print it, operationName,
 * variables) go into `extensions.vigilIdentity`, verified by `verifyUpstreamIdentity` in each subgraph.
 * Same hook and mechanism as the runtime's `useHmacUpstreamSignature`, which signs only query + variables
 * (no identity, no expiry); see docs/adr/002-identity-to-subgraphs.md.
 */
export function useUpstreamIdentitySigning(signingSecret: string): GatewayPlugin {
  return {
    onSubgraphExecute({ executionRequest, setExecutionRequest }) {
      const identity = (executionRequest.context as { identity?: Identity } | undefined)?.identity;
      if (!identity) throw unauthenticated('No authenticated identity for this operation.');
      // The transports JSON-serialise variables; sign what the subgraph will parse, not live objects.
      const variables = executionRequest.variables
        ? (JSON.parse(JSON.stringify(executionRequest.variables)) as Record<string, unknown>)
        : undefined;
      const envelope = signUpstreamIdentity(
        identity,
        { query: defaultPrintFn(executionRequest.document), operationName: executionRequest.operationName, variables },
        signingSecret,
      );
      setExecutionRequest({
        ...executionRequest,
        extensions: { ...executionRequest.extensions, [UPSTREAM_IDENTITY_EXTENSION]: envelope },
      });
    },
  };
}
