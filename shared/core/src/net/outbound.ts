/**
 * Outbound requests to addresses someone else chose (a tenant's alert webhook, a provider or SMTP URL from config)
 * must not reach Vigil's own network: loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT,
 * unspecified, multicast, reserved, IPv6 unique-local, and IPv4 hidden in IPv6 (mapped `::ffff:a.b.c.d`,
 * compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`). Names are resolved and every address checked, at registration and
 * again at send time on the very lookup the connection uses (`guardedLookup`), so a DNS answer that changes
 * between the two (rebinding) is caught. An explicit allowance (`OUTBOUND_ALLOWED_NETWORKS`: CIDRs and host names)
 * opens what an operator means to reach, e.g. an SMTP relay on the private network, or 127.0.0.1 in tests.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const BLOCKED_V4 = [
  ['0.0.0.0', 8, 'unspecified / "this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved / broadcast'],
] as const;
const BLOCKED_V6 = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fc00::', 7, 'unique-local'],
  ['ff00::', 8, 'multicast'],
] as const;

/** Why `address` (an IP literal) may not be reached, or undefined when it may. */
export function blockedAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) {
    return reasonIn(BLOCKED_V4, address, 'ipv4');
  }
  if (family !== 6) return 'not an IP address';
  const embedded = embeddedIPv4(address);
  if (embedded) return blockedAddressReason(embedded);
  return reasonIn(BLOCKED_V6, address, 'ipv6');
}

/** The reason of the first blocked range holding `address`, or undefined when none does. */
function reasonIn(
  ranges: readonly (readonly [string, number, string])[],
  address: string,
  family: 'ipv4' | 'ipv6',
): string | undefined {
  for (const [network, prefix, reason] of ranges) {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    if (list.check(address, family)) return reason;
  }
  return undefined;
}

/** The IPv4 address inside a mapped (::ffff:0:0/96), compatible (::/96) or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIPv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address.replace(/^\[|\]$/g, '').split('%')[0]!);
  if (!bytes) return undefined;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  const mapped = zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
  const compatible = zeros(0, 12) && !zeros(12, 15);
  const nat64 = bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12);
  return mapped || compatible || nat64 ? bytes.slice(12).join('.') : undefined;
}

function ipv6Bytes(address: string): number[] | undefined {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1]!.split('.').map(Number);
    text = `${text.slice(0, -v4[1]!.length)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = tail === undefined ? groups(head) : [...groups(head), ...Array<string>(missing).fill('0'), ...groups(tail)];
  if (all.length !== 8) return undefined;
  return all.flatMap((group) => {
    const value = parseInt(group || '0', 16);
    return [value >> 8, value & 0xff];
  });
}

/** What an operator explicitly allows despite the ranges above: CIDRs (`127.0.0.1/32`, `fd00::/8`) and host names. */
export interface OutboundAllowance {
  readonly networks: BlockList;
  readonly hosts: ReadonlySet<string>;
}

/** Parses `OUTBOUND_ALLOWED_NETWORKS` (comma-separated CIDRs, IPs and host names); throws naming a bad entry. */
export function parseOutboundAllowance(value: string | undefined): OutboundAllowance {
  const networks = new BlockList();
  const hosts = new Set<string>();
  for (const entry of (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [address, prefixText] = entry.split('/') as [string, string | undefined];
    const family = isIP(address);
    if (family === 0) {
      if (prefixText !== undefined || !/^[a-z0-9.-]{1,253}$/i.test(entry))
        throw new Error(`"${entry}" is not a CIDR, IP or host name`);
      hosts.add(entry.toLowerCase());
      continue;
    }
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${entry}" has a bad prefix length`);
    networks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return { networks, hosts };
}

export const NO_OUTBOUND_ALLOWANCE: OutboundAllowance = parseOutboundAllowance(undefined);

/** Refused outbound destination; the message names the host and why (never the full URL: it may carry a token). */
export class OutboundAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundAddressError';
  }
}

function allowedExplicitly(address: string, allowance: OutboundAllowance): boolean {
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  return allowance.networks.check(address, family);
}

/** Throws OutboundAddressError when `address`, resolved from `host`, is in a blocked range and not allowed. */
export function assertAddressAllowed(host: string, address: string, allowance: OutboundAllowance): void {
  if (allowance.hosts.has(host.toLowerCase()) || allowedExplicitly(address, allowance)) return;
  const reason = blockedAddressReason(address);
  if (reason)
    throw new OutboundAddressError(`${host} resolves to a ${reason} address (${address}); outbound calls may not reach it.`);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) / net.connect: resolves as usual, then refuses (ENOTFOUND-like error) when any address
 * is blocked. The connection goes to the address checked here, so a rebinding DNS answer cannot slip in after it.
 */
export function guardedLookup(allowance: OutboundAllowance) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        for (const { address } of addresses) assertAddressAllowed(hostname, address, allowance);
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Resolves `host` (a name or an IP literal) and checks every address; for registration and for senders without a lookup hook. */
export async function assertHostAllowed(host: string, allowance: OutboundAllowance): Promise<void> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return assertAddressAllowed(bare, bare, allowance);
  if (allowance.hosts.has(bare.toLowerCase())) return;
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(bare, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
  );
  for (const { address } of addresses) assertAddressAllowed(bare, address, allowance);
}
