/**
 * IP addresses as a sortable key: every address becomes 32 lowercase hex digits (IPv4 as IPv4-mapped
 * IPv6), so a CIDR block is one contiguous string range and an IP/CIDR filter is an index range scan.
 */
import { isIP } from 'node:net';

export interface NormalisedIp {
  /** Canonical text form (IPv4 dotted, IPv6 compressed by the parser below). */
  readonly text: string;
  /** 32 hex digits; IPv4 is mapped to ::ffff:a.b.c.d. */
  readonly key: string;
}

export function normaliseIp(value: string): NormalisedIp | null {
  const trimmed = value.trim();
  const version = isIP(trimmed);
  if (version === 4) return { text: trimmed, key: `00000000000000000000ffff${ipv4Hex(trimmed)}` };
  if (version === 6) {
    const hex = ipv6Hex(trimmed);
    return hex ? { text: trimmed.toLowerCase(), key: hex } : null;
  }
  return null;
}

export interface IpKeyRange {
  /** Inclusive bounds over `NormalisedIp.key`. */
  readonly from: string;
  readonly to: string;
}

/** `10.0.0.0/8`, `2001:db8::/32` or a single address → inclusive key range; null when malformed. */
export function cidrToKeyRange(cidr: string): IpKeyRange | null {
  const [address, prefixText, extra] = cidr.trim().split('/');
  if (address === undefined || extra !== undefined) return null;
  const ip = normaliseIp(address);
  if (!ip) return null;
  const isV4 = isIP(address) === 4;
  const maxPrefix = isV4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefix > maxPrefix) return null;
  const bits = (isV4 ? 96 : 0) + prefix;
  const value = BigInt(`0x${ip.key}`);
  const hostMask = (1n << BigInt(128 - bits)) - 1n;
  const from = value & ~hostMask;
  const to = from | hostMask;
  return { from: from.toString(16).padStart(32, '0'), to: to.toString(16).padStart(32, '0') };
}

function ipv4Hex(ip: string): string {
  return ip
    .split('.')
    .map((octet) => Number(octet).toString(16).padStart(2, '0'))
    .join('');
}

function ipv6Hex(ip: string): string | null {
  let address = ip.toLowerCase();
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two hex groups.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const hex = ipv4Hex(tail);
    address = `${address.slice(0, lastColon + 1)}${hex.slice(0, 4)}:${hex.slice(4)}`;
  }
  const [head, rest] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  if (rest === undefined && missing !== 0) return null;
  const groups = [...headGroups, ...Array.from({ length: rest === undefined ? 0 : missing }, () => '0'), ...restGroups];
  if (groups.length !== 8) return null;
  return groups.map((group) => group.padStart(4, '0')).join('');
}
