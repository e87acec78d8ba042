import type { Logger } from 'pino';
import { DEFAULT_RULES } from '../domain/rule-catalog.js';
import type { AlertSuppressionModel } from '../adapters/mongo/alert-suppression.model.js';
import type { MongoDetectionHistory } from '../adapters/mongo/mongo-detection-history.js';

const DAY_MS = 86_400_000;

/**
 * Rule state is kept only as long as a rule can look back: the longest default lookback (90 days of
 * transactions / logins) plus a week of margin for tenant overrides. Expired suppression windows go too.
 * Runs hourly on every instance; deletes are idempotent.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly history: MongoDetectionHistory,
    private readonly suppressions: AlertSuppressionModel,
    private readonly logger: Logger,
    private readonly retentionDays = longestLookbackDays() + 7,
  ) {}

  async sweep(now = new Date()): Promise<{ events: number; suppressions: number }> {
    const events = await this.history.purgeBefore(new Date(now.getTime() - this.retentionDays * DAY_MS));
    const expired = await this.suppressions.deleteMany({ until: { $lt: new Date(now.getTime() - DAY_MS) } });
    return { events, suppressions: expired.deletedCount };
  }

  start(intervalMs = 3_600_000): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.error({ err: error }, 'rule state sweep failed'));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
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
