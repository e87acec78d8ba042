import type { Severity, WallAlertFieldsFragment } from '../gql/graphql';

export type WallAlert = WallAlertFieldsFragment;

export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

const HOUR_MS = 60 * 60 * 1000;

export interface HourCounts {
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Rule name and count, most frequent first. */
  readonly byRule: ReadonlyArray<readonly [string, number]>;
}

/**
 * What the wall shows, kept in memory: every alert raised in the last hour (for the counts) and, for the list,
 * only the `visibleCap` newest. A burst of 1,000 alerts an hour keeps a bounded DOM: the counts grow, the list
 * does not. An update (acknowledged, resolved) replaces the alert in place; an alert older than the hour is
 * forgotten at the next `prune`, unless it is among the newest rows.
 */
export class AlertBoard {
  private readonly alerts = new Map<string, WallAlert>();

  constructor(
    readonly visibleCap = 60,
    private readonly windowMs = HOUR_MS,
    /** Hard bound on memory whatever the rate: the oldest beyond it are dropped. */
    private readonly maxKept = 5_000,
  ) {}

  /** Adds or replaces; returns false when nothing changed (a duplicate delivery). */
  upsert(alert: WallAlert): boolean {
    const known = this.alerts.get(alert.id);
    if (known && known.status === alert.status && known.occurrences === alert.occurrences) return false;
    this.alerts.set(alert.id, alert);
    // Drop a tenth at once, so a flood sorts once per hundreds of alerts, not once per alert.
    if (this.alerts.size > this.maxKept) this.dropOldest(this.alerts.size - Math.floor(this.maxKept * 0.9));
    return true;
  }

  /** Forgets alerts raised before the window that are not among the visible rows. */
  prune(now = Date.now()): void {
    const keep = new Set(this.rows().map((alert) => alert.id));
    for (const [id, alert] of this.alerts) {
      if (!keep.has(id) && Date.parse(alert.raisedAt) <= now - this.windowMs) this.alerts.delete(id);
    }
  }

  /** The newest `visibleCap` alerts, newest first. */
  rows(): WallAlert[] {
    return this.sorted().slice(0, this.visibleCap);
  }

  get size(): number {
    return this.alerts.size;
  }

  counts(now = Date.now()): HourCounts {
    const bySeverity: Record<Severity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
    const byRule = new Map<string, number>();
    let total = 0;
    for (const alert of this.alerts.values()) {
      if (Date.parse(alert.raisedAt) <= now - this.windowMs) continue;
      total += 1;
      bySeverity[alert.severity] += 1;
      byRule.set(alert.ruleName, (byRule.get(alert.ruleName) ?? 0) + 1);
    }
    return { total, bySeverity, byRule: [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) };
  }

  private sorted(): WallAlert[] {
    return [...this.alerts.values()].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.id.localeCompare(a.id));
  }

  private dropOldest(count: number): void {
    for (const alert of this.sorted().slice(-count)) this.alerts.delete(alert.id);
  }
}
