import { invalidInput } from '@vigil/core/domain';
import type { NotificationDeliveryRecord } from '../adapters/mongo/notification-delivery.model.js';

/** Page sizes of `notificationDeliveries`: a `first` above the maximum is BAD_USER_INPUT, never capped. */
export const DELIVERIES_PAGE = { defaultFirst: 50, maxFirst: 200 } as const;

/** Where a page of deliveries ended: the list is newest first, the id breaks ties on `createdAt`. */
export interface DeliveryPosition {
  readonly createdAt: Date;
  readonly id: string;
}

/** A delivery's cursor key: `createdAt` in ms, then the id. */
export function deliveryKey(delivery: Pick<NotificationDeliveryRecord, '_id' | 'createdAt'>): string {
  return `${new Date(delivery.createdAt).getTime()}:${delivery._id}`;
}

/** The position in a cursor key, or BAD_USER_INPUT when the key is not one `deliveryKey` wrote. */
export function parseDeliveryKey(key: string): DeliveryPosition {
  const match = /^(\d{1,15}):(.{1,128})$/.exec(key);
  if (match === null) throw invalidInput('after is not a cursor from this list.', { after: 'invalid cursor' });
  return { createdAt: new Date(Number(match[1])), id: match[2] as string };
}

/**
 * An alert's deliveries (all loaded in one batch) in the order and from the position of `notificationDeliveries`:
 * newest first, the id breaking ties, only those after `after`. The few deliveries of one alert are cut in memory.
 */
export function deliveriesAfter<T extends Pick<NotificationDeliveryRecord, '_id' | 'createdAt'>>(
  deliveries: readonly T[],
  after: DeliveryPosition | undefined,
): T[] {
  const time = (delivery: T) => new Date(delivery.createdAt).getTime();
  const newestFirst = [...deliveries].sort((a, b) => time(b) - time(a) || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0));
  if (after === undefined) return newestFirst;
  const at = after.createdAt.getTime();
  return newestFirst.filter((delivery) => time(delivery) < at || (time(delivery) === at && delivery._id < after.id));
}
