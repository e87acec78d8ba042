/** Delay before redelivering a message whose handler failed `attempt` times: 50 ms doubling, capped at 5 s. */
export function redeliveryDelayMs(attempt: number): number {
  return Math.min(5000, 50 * 2 ** Math.max(0, attempt - 1));
}
