import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionArgs, type OperationDefinitionNode } from 'graphql';
import { measureOperationVariableUse, type OperationComplexity } from '../operation-complexity.js';
import type { OperationLimits } from '../options.js';

const DEFAULT_LIST_SIZE = 10;

/**
 * Rejects operations deeper than `maxDepth` or estimated costlier than `maxCost` before any subgraph is
 * called (queries, mutations and subscriptions). Runs at execute time rather than validation so that list
 * sizes given as variables count. The runtime's `demandControl` was not used: it estimates per subgraph
 * call during execution and adds up per context, so a rejected operation may have half-run (mutations) and
 * a long subscription would pile up cost per event until it is cut off.
 */
export function useOperationLimits(limits: OperationLimits): GatewayPlugin {
  // The runtime parses each distinct query text once and hands the same DocumentNode to every request with it, so
  // figures that do not depend on variables are measured once per document and operation (and die with the
  // document). Figures that read a variable list size are measured per request.
  const measured = new WeakMap<DocumentNode, Map<string, OperationComplexity>>();
  const measure = (args: ExecutionArgs, operation: OperationDefinitionNode): OperationComplexity => {
    const byOperation = measured.get(args.document);
    const known = byOperation?.get(args.operationName ?? '');
    if (known) return known;
    const figures = measureOperationVariableUse(
      args.schema,
      args.document,
      operation,
      args.variableValues ?? {},
      limits.defaultListSize ?? DEFAULT_LIST_SIZE,
    );
    if (!figures.readVariables) {
      if (byOperation) byOperation.set(args.operationName ?? '', figures);
      else measured.set(args.document, new Map([[args.operationName ?? '', figures]]));
    }
    return figures;
  };
  const check = (args: ExecutionArgs): GraphQLError | undefined => {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return undefined; // the executor reports a missing/ambiguous operation itself
    const { depth, cost } = measure(args, operation);
    if (depth > limits.maxDepth) {
      return new GraphQLError(
        `Operation is ${depth} levels deep; the limit is ${limits.maxDepth}. Select fewer nested fields or split the operation.`,
        { extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth } },
      );
    }
    if (cost > limits.maxCost) {
      return new GraphQLError(
        `Operation cost is estimated at ${cost}; the limit is ${limits.maxCost}. Ask for fewer items (first/limit) or fewer fields.`,
        { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: limits.maxCost } },
      );
    }
    return undefined;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
