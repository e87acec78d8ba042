import { connectionType, pageInfoType, type Connection } from '@vigil/core';
import { Alert } from './alert.types.js';
import { NotificationDelivery } from './notification.types.js';

// alerts' lists, in the paging convention (ADR 015). Each list keeps its own page info type name.
const END_CURSOR = 'Pass as `after` for the next page; null on an empty page.';
const CURSOR = 'Opaque: its position in the list.';

export const AlertConnection = connectionType(Alert, {
  name: 'Alert',
  pageInfo: pageInfoType('AlertPageInfo', { endCursorDescription: END_CURSOR }),
  description: 'A page of alerts, newest first.',
  cursorDescription: CURSOR,
});
export type AlertConnection = Connection<Alert>;

export const NotificationDeliveryConnection = connectionType(NotificationDelivery, {
  name: 'NotificationDelivery',
  pageInfo: pageInfoType('NotificationDeliveryPageInfo', { endCursorDescription: END_CURSOR }),
  description: 'A page of notification deliveries, newest first.',
  cursorDescription: CURSOR,
});
export type NotificationDeliveryConnection = Connection<NotificationDelivery>;
