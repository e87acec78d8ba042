import { BlockList, isIP } from 'node:net';

/**
 * IP / CIDR allowlist (office NAT, VPN egress): events from these sources are not counted by the
 * IP-driven rules, so one attacker behind a shared NAT does not page the whole floor, and an office
 * full of legitimate logins does not look like a spray.
 */
export class IpAllowlist {
  private readonly list = new BlockList();
  readonly entries: readonly string[];

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const parsed = parseCidr(entry);
      if (parsed === null) throw new Error(`"${entry}" is not an IP address or CIDR block (e.g. 203.0.113.0/24)`);
      this.list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    this.entries = [...entries];
  }

  contains(ip: string | undefined): boolean {
    // Most tenants list nothing, and the credential rules ask about every event of their windows (thousands a page).
    if (ip === undefined || this.entries.length === 0) return false;
    const family = isIP(ip);
    if (family === 0) return false;
    return this.list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }
}

interface ParsedCidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

export function parseCidr(entry: string): ParsedCidr | null {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  if (extra !== undefined) return null;
  const family = isIP(address);
  if (family === 0) return null;
  const maxPrefix = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix || (prefixText !== undefined && !/^\d+$/.test(prefixText))) {
    return null;
  }
  return { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}
