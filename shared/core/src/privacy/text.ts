/**
 * Free text that embeds personal values — alert explanations ("5 failed logins from 203.0.113.5"), notes,
 * notification previews — masked value by value at the reader's visibility of each value's kind.
 */
import { isIP } from 'node:net';
import type { Role } from '../auth/identity.js';
import { maskEmail, maskIp, maskPhone } from './maskers.js';
import { visibilityFor, type ValueKind } from './policy.js';

/** What replaces an embedded value the reader may not see at all. */
export const REDACTED = '[redacted]';

interface EmbeddedPattern {
  readonly kind: ValueKind;
  readonly pattern: RegExp;
  readonly mask: (value: string) => string;
  /** A stricter check than the pattern, where a regular expression alone would over-match. */
  readonly accept?: (value: string) => boolean;
}

// Order matters: emails before IPs (a mail domain may be an IP literal), IPs before phone numbers (dotted quads).
const EMBEDDED: readonly EmbeddedPattern[] = [
  {
    kind: 'EMAIL',
    // Every run is bounded (a local part of at most 64 characters, labels of 63, at most ten of them): with unbounded
    // runs each start position re-scanned the rest of the text, quadratic in a long hostile string.
    pattern: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,63}/g,
    mask: maskEmail,
  },
  {
    kind: 'IP_ADDRESS',
    pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g,
    mask: maskIp,
    accept: (value) => isIP(value) === 6 && /[0-9A-Fa-f]/.test(value),
  },
  {
    kind: 'IP_ADDRESS',
    pattern: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.]*\d)/g,
    mask: maskIp,
  },
  {
    kind: 'PHONE',
    // International numbers (+ and 7–15 digits with the usual separators) and North American (555) 555-0123.
    pattern: /(?<![\w+])\+\d[\d ().-]{5,18}\d(?!\w)|(?<![\w(])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\w)/g,
    mask: maskPhone,
  },
];

/** `text` with every embedded email, IP address and phone number shown as `roles` may see that kind. */
export function maskText(text: string, roles: readonly Role[]): string {
  let result = text;
  for (const embedded of EMBEDDED) {
    const visibility = visibilityFor(roles, embedded.kind);
    if (visibility === 'CLEAR') continue;
    result = result.replace(embedded.pattern, (match) => {
      if (embedded.accept && !embedded.accept(match)) return match;
      return visibility === 'MASKED' ? embedded.mask(match) : REDACTED;
    });
  }
  return result;
}
