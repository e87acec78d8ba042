import { EventQueue } from './event-queue.js';
import { publishTarget, channelOf, type VigilPubSub } from './pubsub.js';

/** One process (`npm start`, tests): subscribers get the very payload object that was published. */
export class InMemoryPubSub implements VigilPubSub {
  private readonly channels = new Map<string, Set<EventQueue<unknown>>>();

  publish(routingKey: string, ...args: unknown[]): void {
    const { channel, payload } = publishTarget(routingKey, args);
    for (const queue of this.channels.get(channel) ?? []) queue.push(payload);
  }

  /** A channel is kept only while it has a subscriber (see the queue's return below). */
  listens(routingKey: string, dynamicId?: unknown): boolean {
    return this.channels.has(channelOf(routingKey, dynamicId));
  }

  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterableIterator<unknown> {
    const channel = channelOf(routingKey, dynamicId);
    const listeners = this.channels.get(channel) ?? new Set<EventQueue<unknown>>();
    this.channels.set(channel, listeners);
    const queue: EventQueue<unknown> = new EventQueue(() => {
      listeners.delete(queue);
      if (listeners.size === 0) this.channels.delete(channel);
    });
    listeners.add(queue);
    return queue;
  }

  async close(): Promise<void> {
    for (const listeners of [...this.channels.values()]) {
      for (const queue of [...listeners]) await queue.return();
    }
  }
}
