import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * The Rust query planner's executor (`@graphql-hive/router-runtime`) leaves `data` out when every root field was
 * skipped (`@include(if: false)`): the GraphQL spec answers an executed operation with `data: {}`. Restores it
 * for error-free results only; results with errors stay as the executor built them.
 */
export function useEmptyDataWhenAllSkipped(): GatewayPlugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          if (result.data === undefined && !result.errors?.length) setResult({ ...result, data: {} });
        },
      };
    },
  };
}
