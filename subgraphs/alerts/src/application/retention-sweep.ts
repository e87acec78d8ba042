import { DEFAULT_RULES } from '../domain/rules/index.js';
import type { SuppressionWindows } from './ports.js';
/** The rule state the sweep purges (MongoDetectionHistory). */
export interface PurgeableHistory {
  purgeBefore(cutoff: Date): Promise<number>;
}

const DAY_MS = 86_400_000;

/**
 * Rule state is kept only as long as a rule can look back: the longest default lookback (90 days of
 * transactions / logins) plus a week of margin for tenant overrides. Expired suppression windows go too.
 * Runs hourly on every instance (the `retention-sweep` task); deletes are idempotent.
 */
export class RetentionSweeper {
  constructor(
    private readonly history: PurgeableHistory,
    private readonly suppressions: SuppressionWindows,
    private readonly retentionDays = longestLookbackDays() + 7,
  ) {}

  async sweep(now = new Date()): Promise<{ events: number; suppressions: number }> {
    const events = await this.history.purgeBefore(new Date(now.getTime() - this.retentionDays * DAY_MS));
    const suppressions = await this.suppressions.deleteEndedBefore(new Date(now.getTime() - DAY_MS));
    return { events, suppressions };
  }
}

function longestLookbackDays(): number {
  let days = 0;
  for (const rule of DEFAULT_RULES) {
    for (const [name, value] of Object.entries(rule.params)) {
      if (name.endsWith('Days')) days = Math.max(days, value);
      if (name.endsWith('Minutes')) days = Math.max(days, value / 1_440);
    }
  }
  return Math.ceil(days);
}
