import { maskEmail, maskPhone, type FieldMasks } from '@vigil/core';

/** Webhook URLs are the client's systems, not personal data; emails and phone numbers are masked. */
function maskAddress(address: string): string {
  if (/^https?:\/\//.test(address)) return address;
  return /^\+?[\d\s()-]+$/.test(address) ? maskPhone(address) : maskEmail(address);
}

export const masks: FieldMasks = {
  NotificationDelivery: { address: { unmaskedFor: ['ADMIN', 'SUPERVISOR'], mask: maskAddress } },
};
