import { afterAll, beforeAll } from 'vitest';

/**
 * Starts something (a subgraph harness, a server) before the tests of the enclosing `describe` or file and
 * stops it after them. Call at that level; the returned function reads it inside the tests.
 */
export function perSuite<T extends { stop(): Promise<void> }>(start: () => Promise<T>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (!started) throw new Error('perSuite: read inside a test, after beforeAll has started it.');
    return started;
  };
}
