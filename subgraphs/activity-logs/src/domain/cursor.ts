/**
 * Opaque cursors for newest-first pagination. The position is (occurredAt, id): occurredAt orders the
 * timeline, the id breaks ties, so a page boundary never skips or repeats events that share a time.
 */
export interface TimelinePosition {
  readonly occurredAt: Date;
  readonly id: string;
}

export function encodeCursor(position: TimelinePosition): string {
  return Buffer.from(`${position.occurredAt.getTime()}:${position.id}`, 'utf8').toString('base64url');
}

/** Null for anything that is not a cursor this service issued (the caller answers BAD_USER_INPUT). */
export function decodeCursor(cursor: string): TimelinePosition | null {
  if (cursor.length > 200) return null;
  const match = /^(\d{1,15}):([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  return { occurredAt: new Date(Number(match[1])), id: match[2]! };
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
