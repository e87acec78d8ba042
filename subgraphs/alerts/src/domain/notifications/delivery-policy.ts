/** Outbox retry policy: exponential backoff with jitter, then dead letter. */
export const MAX_DELIVERY_ATTEMPTS = 6;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 10 * 60_000;

/** Delay before attempt `attempt + 1` after `attempt` failures (1-based); jitter in [0.5, 1) spreads retries. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

export function isDeadLetter(attempts: number, maxAttempts = MAX_DELIVERY_ATTEMPTS): boolean {
  return attempts >= maxAttempts;
}
