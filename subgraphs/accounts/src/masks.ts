import { maskEmail, maskPhone, type FieldMasks } from '@vigil/core';

/** A contact address is an email or a phone number (push/web ids are masked like emails: first character). */
function maskContactAddress(address: string): string {
  return /^\+?[\d\s()-]+$/.test(address) ? maskPhone(address) : maskEmail(address);
}

const unmaskedFor = ['ADMIN', 'SUPERVISOR'] as const;

/** Customer contact details read whole only by ADMIN and SUPERVISOR. */
export const masks: FieldMasks = {
  Account: {
    email: { unmaskedFor, mask: maskEmail },
    phone: { unmaskedFor, mask: maskPhone },
  },
  ContactChannel: { address: { unmaskedFor, mask: maskContactAddress } },
  Agent: { email: { unmaskedFor, mask: maskEmail } },
};
