import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/index.js';
import { InMemoryEventBus } from '../src/events/in-memory-event-bus.js';
import { subscriptionTask } from '../src/tasks/subscription-task.js';
import { registerGraphqlEnum } from '../src/server/graphql-enum.js';
import { waitFor } from './wait-for.js';

const logger = createLogger({ name: 'tasks-test', level: 'silent' });

describe('subscriptionTask', () => {
  it('consumes between start and stop, subscribes once, and stops taking messages after stop', async () => {
    const bus = new InMemoryEventBus(logger);
    const seen: number[] = [];
    let subscribed = 0;
    const task = subscriptionTask('test-consumer', () => {
      subscribed += 1;
      return bus.subscribe<number>('tasks-test.topic', 'tasks-test', async (message) => {
        seen.push(message.payload);
      });
    });
    expect(task.name).toBe('test-consumer');
    await task.start();
    await task.start();
    expect(subscribed).toBe(1);
    await bus.publish('tasks-test.topic', 1);
    await waitFor('the first message', () => seen.length === 1);
    await task.stop();
    // Another group sees message 2: by then the stopped consumer would have had it too.
    const witness: number[] = [];
    await bus.subscribe<number>('tasks-test.topic', 'tasks-test-witness', async (message) => {
      witness.push(message.payload);
    });
    await bus.publish('tasks-test.topic', 2);
    await waitFor('the witness to see message 2', () => witness.includes(2));
    expect(seen).toEqual([1]);
    await task.stop();
    await bus.close();
  });
});

describe('registerGraphqlEnum', () => {
  it('turns an `as const` list into the value map type-graphql registers', () => {
    const OUTCOMES = ['SUCCESS', 'FAILURE'] as const;
    expect(registerGraphqlEnum(OUTCOMES, { name: 'TasksTestOutcome' })).toEqual({ SUCCESS: 'SUCCESS', FAILURE: 'FAILURE' });
  });
});
