/**
 * Where a timeline page ends. The position is (occurredAt, id): occurredAt orders the timeline, the id breaks
 * ties, so a page boundary never skips or repeats events that share a time. Core's connection helper wraps the
 * key below as an opaque cursor.
 */
export interface TimelinePosition {
  readonly occurredAt: Date;
  readonly id: string;
}

/** Documented page sizes of every timeline (`activityEvents`, `Account.activity`). */
export const TIMELINE_PAGE_LIMITS = { defaultFirst: 50, maxFirst: 200 } as const;

export function positionKey(position: TimelinePosition): string {
  return `${position.occurredAt.getTime()}:${position.id}`;
}

/** Null for anything that is not a key this service issued (the caller answers BAD_USER_INPUT). */
export function positionOf(key: string): TimelinePosition | null {
  const match = /^(\d{1,15}):([0-9a-f]{24})$/.exec(key);
  if (!match) return null;
  return { occurredAt: new Date(Number(match[1])), id: match[2]! };
}
