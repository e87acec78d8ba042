/**
 * Polls `probe` until it returns a value (not `undefined`) and returns it; throws once `timeoutMs` has passed.
 * For end-to-end tests on a loaded machine: poll for a condition instead of sleeping a fixed time.
 */
export async function waitForValue<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls `condition` until it holds; throws once `timeoutMs` has passed. For asynchronous delivery only. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, intervalMs = 20): Promise<void> {
  await waitForValue(async () => ((await condition()) ? true : undefined), timeoutMs, intervalMs);
}
