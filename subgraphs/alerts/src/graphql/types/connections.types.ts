import { connectionType, pageInfoType, type Connection } from '@vigil/core';
import type { ClassType } from 'type-graphql';
import { Alert } from './alert.types.js';
import { NotificationDelivery } from './notification.types.js';

/** alerts' lists in the paging convention (ADR 015): each with its own page info type, all newest first. */
function newestFirstConnection<TNode extends object>(node: ClassType<TNode>, name: string, items: string) {
  return connectionType(node, {
    name,
    pageInfo: pageInfoType(`${name}PageInfo`, {
      endCursorDescription: 'Pass as `after` for the next page; null on an empty page.',
    }),
    description: `A page of ${items}, newest first.`,
    cursorDescription: 'Opaque: its position in the list.',
  });
}

export const AlertConnection = newestFirstConnection(Alert, 'Alert', 'alerts');
export type AlertConnection = Connection<Alert>;

export const NotificationDeliveryConnection = newestFirstConnection(
  NotificationDelivery,
  'NotificationDelivery',
  'notification deliveries',
);
export type NotificationDeliveryConnection = Connection<NotificationDelivery>;
