/**
 * Masked forms of personal values: enough for an agent to confirm with a caller or to see "same network,
 * same device, same country", never enough to contact or track the person.
 */
import type { ValueKind } from './policy.js';

/** `jordan.rivera@example.com` → `j***@example.com`: the domain helps an agent confirm, the name stays private. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * `+15555550123` → `+1******0123`: country code and last four digits, as agents read them back to callers. A number
 * already masked keeps its form (its stars count as the digits they hide): evidence stored masked is read again.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d*]/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const country = phone.startsWith('+') ? `+${digits[0]}` : '';
  const hidden = digits.length - 4 - (country ? 1 : 0);
  return `${country}${'*'.repeat(hidden)}${digits.slice(-4)}`;
}

/**
 * A contact address: an email, a phone number, or (for notification deliveries) a client's webhook URL, which
 * is the client's system rather than a person's and stays whole. Push and web ids are masked like emails.
 */
export function maskContactAddress(address: string): string {
  if (/^https?:\/\//i.test(address)) return address;
  return /^\+?[\d\s().*-]+$/.test(address) ? maskPhone(address) : maskEmail(address);
}

/** 203.0.113.77 → 203.0.113.x ; 2001:db8:1:2::5 → 2001:db8:1:x (enough to see "same network"). */
export function maskIp(ip: string): string {
  if (ip.includes('.') && !ip.includes(':')) return `${ip.split('.').slice(0, 3).join('.')}.x`;
  return `${ip.split(':').slice(0, 3).join(':')}:x`;
}

/** `device-123456` → `****3456`: enough to tell two devices apart on one account. */
export function maskDeviceId(deviceId: string): string {
  return deviceId.length <= 4 ? '****' : `****${deviceId.slice(-4)}`;
}

/** `Jordan Rivera` → `J*** R***`. */
export function maskPersonName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${part[0]}***`)
    .join(' ');
}

/** A location object keeps its country (agents need "is this the customer's country"), nothing finer. */
export function maskLocation(location: unknown): unknown {
  if (location === null || typeof location !== 'object' || Array.isArray(location)) return undefined;
  const country = (location as { country?: unknown }).country;
  return typeof country === 'string' ? { country } : {};
}

/**
 * The masked form of `value` as a `kind`, or undefined when the kind has no masked form (a user agent or
 * free-form evidence is either shown or withheld).
 */
export function maskValue(kind: ValueKind, value: unknown): unknown {
  if (kind === 'LOCATION') return typeof value === 'string' ? '***' : maskLocation(value);
  if (typeof value !== 'string') return undefined;
  switch (kind) {
    case 'EMAIL':
      return maskEmail(value);
    case 'PHONE':
      return maskPhone(value);
    case 'CONTACT_ADDRESS':
      return maskContactAddress(value);
    case 'PERSON_NAME':
      return maskPersonName(value);
    case 'IP_ADDRESS':
      return maskIp(value);
    case 'DEVICE_ID':
      return maskDeviceId(value);
    case 'USER_AGENT':
    case 'EVIDENCE':
      return undefined;
  }
}
