/** Reconnection waits: 0.5 s, 1 s, 2 s, … capped at 15 s, each with ±50 % jitter so a floor of walls does not reconnect in step. */
export function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.min(retries, 10));
  return Math.round(base * (0.5 + random()));
}
