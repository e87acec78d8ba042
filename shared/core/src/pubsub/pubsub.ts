import type { PubSub } from 'type-graphql';

/**
 * The GraphQL PubSub: type-graphql 2's `PubSub` plus `close()`.
 * `publish(routingKey, payload)` reaches `subscribe(routingKey)`;
 * `publish(routingKey, id, payload)` reaches `subscribe(routingKey, id)` (e.g. alerts of one tenant).
 */
export interface VigilPubSub extends PubSub {
  publish(routingKey: string, ...args: unknown[]): void;
  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterableIterator<unknown>;
  /**
   * False only when a publish to this channel can reach no one, so a publisher may skip building its payload
   * (ADR 160: activity-logs built one per ingested event). Only a pubsub whose subscribers are all in this
   * process can know; one shared between processes answers true.
   */
  listens(routingKey: string, dynamicId?: unknown): boolean;
  close(): Promise<void>;
}

/** The channel a publish or subscribe addresses: the routing key, narrowed by the dynamic id if any. */
export function channelOf(routingKey: string, dynamicId?: unknown): string {
  return dynamicId === undefined ? routingKey : `${routingKey}:${String(dynamicId)}`;
}

/** Splits `publish(routingKey, payload)` / `publish(routingKey, id, payload)` arguments. */
export function publishTarget(routingKey: string, args: readonly unknown[]): { channel: string; payload: unknown } {
  if (args.length >= 2) return { channel: channelOf(routingKey, args[0]), payload: args[1] };
  return { channel: channelOf(routingKey), payload: args[0] };
}
