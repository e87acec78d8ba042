import type { ExecutionResult, OperationTypeNode } from 'graphql';
import { fetchFailure } from './errors.js';
import { fetchDocument } from './fetch-documents.js';
import type { ResponsePath, Run } from './types.js';

/** A planned subgraph operation (Fetch or BatchFetch node). */
interface PlannedFetch {
  readonly serviceName: string;
  readonly operation: string;
  readonly operationName?: string;
  readonly operationKind?: 'query' | 'mutation' | 'subscription';
}

/**
 * Sends one planned operation through `onSubgraphExecute`, exactly as router-runtime does, so that every gateway
 * plugin (upstream signing, subgraph operation names, metrics, tracing) sees the request. A call that throws is
 * recorded as an error at `failurePath` and answers undefined; a streamed answer (never planned for a query or a
 * mutation) is refused the same way.
 */
export async function callSubgraph(
  run: Run,
  node: PlannedFetch,
  variables: Record<string, unknown> | undefined,
  failurePath: ResponsePath | undefined,
): Promise<ExecutionResult | undefined> {
  const { request } = run;
  try {
    const result = await run.execute(node.serviceName, {
      document: fetchDocument(node).document,
      variables,
      operationType: (node.operationKind as OperationTypeNode | undefined) ?? run.operation.operation,
      operationName: node.operationName,
      extensions: request.extensions,
      rootValue: request.rootValue,
      context: request.context,
      subgraphName: node.serviceName,
      info: request.info,
      signal: request.signal,
    });
    if (Symbol.asyncIterator in result) throw new Error(`Subgraph "${node.serviceName}" answered a stream.`);
    return result;
  } catch (error) {
    run.errors.push(fetchFailure(error, node.serviceName, failurePath));
    return undefined;
  }
}
