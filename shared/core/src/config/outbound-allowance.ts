import { z } from 'zod';
import { parseOutboundAllowance } from '../net/outbound.js';

/**
 * `OUTBOUND_ALLOWED_NETWORKS`, for the config sections of services that call URLs (alerts, recovery-cases): CIDRs,
 * IPs and host names that outbound calls may reach although they are loopback, private or link-local, e.g.
 * `10.1.2.0/24,mail.internal`. Unset → none: such destinations are refused (see net/outbound.ts).
 */
export const outboundAllowanceVariable = z
  .string()
  .optional()
  .transform((value, context) => {
    try {
      return parseOutboundAllowance(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
