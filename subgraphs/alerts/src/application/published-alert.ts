import type { AlertRecord } from '../adapters/mongo/alert.model.js';

/** GraphQL PubSub routing keys of the live alert subscriptions. */
export const ALERT_RAISED = 'ALERT_RAISED';
export const ALERT_UPDATED = 'ALERT_UPDATED';

/**
 * The alert as it travels through the PubSub: plain JSON (Redis pub/sub serialises it), dates as ISO
 * strings. Subscribers revive it with `reviveAlert`.
 */
export type PublishedAlert = Omit<
  AlertRecord,
  | 'detectedAt'
  | 'raisedAt'
  | 'lastSeenAt'
  | 'acknowledgedAt'
  | 'closedAt'
  | 'publishedAt'
  | 'notificationsQueuedAt'
  | 'history'
  | 'comments'
> & {
  comments?: (Omit<AlertRecord['comments'][number], 'at'> & { at: string })[];
  detectedAt: string;
  raisedAt: string;
  lastSeenAt: string;
  acknowledgedAt?: string;
  closedAt?: string;
  history: (Omit<AlertRecord['history'][number], 'at'> & { at: string })[];
};

export function publishable(record: AlertRecord): PublishedAlert {
  return JSON.parse(JSON.stringify({ ...record, publishedAt: undefined, notificationsQueuedAt: undefined })) as PublishedAlert;
}

export function reviveAlert(published: PublishedAlert): AlertRecord {
  const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));
  return {
    ...published,
    detectedAt: new Date(published.detectedAt),
    raisedAt: new Date(published.raisedAt),
    lastSeenAt: new Date(published.lastSeenAt),
    acknowledgedAt: date(published.acknowledgedAt),
    closedAt: date(published.closedAt),
    history: published.history.map((change) => ({ ...change, at: new Date(change.at) })),
    comments: (published.comments ?? []).map((comment) => ({ ...comment, at: new Date(comment.at) })),
  };
}
