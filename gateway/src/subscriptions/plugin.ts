import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { ExecutionResult } from 'graphql';
import type { AuthenticatedContext } from '../plugins/authenticate.js';
import { WALL_OPERATION, type WallOperation } from './frames.js';
import type { SharedSubscriptions, UpstreamStart } from './shared-subscriptions.js';
import { subscriptionKey, upstreamIdentity, type SharingScope } from './subscription-key.js';

/**
 * Shares upstream subscriptions (ADR 100). Must come last in the plugin list: every per-caller step (token,
 * rate limits, operation limits, validation, metrics) has run for this caller when the subscribe function is
 * called, and only that call is replaced: the caller joins the group of its key, whose upstream runs the
 * runtime's own subscribe once, as the group's identity (`upstreamIdentity`), which the upstream signer signs.
 * Results without errors are written to each caller's socket directly, serialised once; results with errors
 * flow through each caller's own result hooks (error masking, metrics), see member-stream.ts.
 */
export function useSharedSubscriptions(
  shared: SharedSubscriptions,
  scope: Exclude<SharingScope, 'off'>,
): GatewayPlugin<AuthenticatedContext> {
  return {
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn((args) => {
        const context = args.contextValue as AuthenticatedContext & { [WALL_OPERATION]?: WallOperation };
        const { identity } = context;
        const key = subscriptionKey(scope, args, identity);
        const open = () =>
          subscribeFn({ ...args, contextValue: { ...context, identity: upstreamIdentity(scope, identity) } }) as
            Promise<UpstreamStart> | UpstreamStart;
        return shared.join(key, identity.expiresAt, open, context[WALL_OPERATION]) as Promise<
          AsyncIterable<ExecutionResult> | ExecutionResult
        >;
      });
    },
  };
}
