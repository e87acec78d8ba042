import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { getOperationAST, Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/** Renamed copies kept per planned subgraph document; operation names are client-chosen, so the count is capped. */
const MAX_NAMES_PER_DOCUMENT = 16;

/**
 * Subgraph requests carry the client's operation name, as they did before the Rust query planner (whose fetches
 * are anonymous): subgraph metrics and traces are labelled by it (ADRs 093–095). The planned document's one
 * operation gets the name and `operationName` is set to it. Place before upstream signing: the signature covers
 * the query text and operationName as sent. Renamed documents are reused (the transports print each document once).
 */
export function useSubgraphOperationNames(): GatewayPlugin {
  const clientNames = new WeakMap<object, string>();
  const renamed = new WeakMap<DocumentNode, Map<string, DocumentNode>>();
  const remember = (contextValue: unknown, document: DocumentNode, operationName?: string | null) => {
    const name = getOperationAST(document, operationName)?.name?.value;
    if (name && typeof contextValue === 'object' && contextValue !== null) clientNames.set(contextValue, name);
  };
  const named = (document: DocumentNode, operation: OperationDefinitionNode, name: string): DocumentNode => {
    const known = renamed.get(document)?.get(name);
    if (known) return known;
    const copy: DocumentNode = {
      ...document,
      definitions: document.definitions.map((definition) =>
        definition === operation ? { ...operation, name: { kind: Kind.NAME, value: name } } : definition,
      ),
    };
    const byName = renamed.get(document) ?? new Map<string, DocumentNode>();
    if (byName.size < MAX_NAMES_PER_DOCUMENT) byName.set(name, copy);
    renamed.set(document, byName);
    return copy;
  };
  return {
    onExecute({ args }) {
      remember(args.contextValue, args.document, args.operationName);
    },
    onSubscribe({ args }) {
      remember(args.contextValue, args.document, args.operationName);
    },
    onSubgraphExecute({ executionRequest, setExecutionRequest }) {
      if (executionRequest.operationName || !executionRequest.context) return;
      const name = clientNames.get(executionRequest.context);
      const operation = name ? getOperationAST(executionRequest.document) : null;
      if (!name || !operation || operation.name) return;
      setExecutionRequest({
        ...executionRequest,
        document: named(executionRequest.document, operation, name),
        operationName: name,
      });
    },
  };
}
