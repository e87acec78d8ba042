import type { BusSubscription } from '../events/event-bus.js';
import type { BackgroundTask } from '../module/background-task.js';

/**
 * A bus consumer as a background task: `start` subscribes, `stop` closes the subscription (which waits for
 * the message in flight). Use it for every consumer a module descriptor lists.
 */
export function subscriptionTask(name: string, subscribe: () => Promise<BusSubscription>): BackgroundTask {
  let subscription: BusSubscription | undefined;
  return {
    name,
    async start() {
      subscription ??= await subscribe();
    },
    async stop() {
      const closing = subscription;
      subscription = undefined;
      await closing?.close();
    },
  };
}
