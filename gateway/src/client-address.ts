import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * The client's address, as the per-IP rate limit counts it. By default the TCP peer: a header is anyone's to write,
 * so `X-Forwarded-For` from an arbitrary client would let it take a fresh budget per request. Behind a load balancer
 * or reverse proxy every peer is the proxy, and every client would share one budget — an anonymous flood of 1,200
 * requests a minute would then lock the whole floor out. So: when the peer is one of the configured trusted proxies
 * (GATEWAY_TRUSTED_PROXIES), the client is the right-most `X-Forwarded-For` entry that is not itself a trusted proxy
 * (each proxy appends the address it received from; entries left of the first untrusted one are the client's own
 * claims). A malformed entry stops the walk at the proxy that passed it on.
 */
export class ClientAddresses {
  private constructor(private readonly proxies: BlockList | undefined) {}

  /** No proxy trusted: the TCP peer is the client. */
  static direct(): ClientAddresses {
    return new ClientAddresses(undefined);
  }

  /** From addresses and CIDR ranges (`10.0.0.0/8`, `::1`); throws naming the first entry that is neither. */
  static trusting(entries: readonly string[]): ClientAddresses {
    if (entries.length === 0) return ClientAddresses.direct();
    const proxies = new BlockList();
    for (const entry of entries) {
      const [address = '', prefix, extra] = entry.split('/');
      const family = isIP(address);
      const bits = prefix === undefined ? undefined : Number(prefix);
      const maxBits = family === 4 ? 32 : 128;
      const validPrefix = bits === undefined || (/^\d{1,3}$/.test(prefix ?? '') && bits <= maxBits);
      if (family === 0 || extra !== undefined || !validPrefix)
        throw new Error(`GATEWAY_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (10.0.0.0/8, fd00::/8).`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) proxies.addAddress(address, type);
      else proxies.addSubnet(address, bits, type);
    }
    return new ClientAddresses(proxies);
  }

  /** The client's address for this request, undefined when the socket has none (already closed). */
  of(request: {
    readonly socket: { readonly remoteAddress?: string };
    readonly headers: IncomingHttpHeaders;
  }): string | undefined {
    const peer = request.socket.remoteAddress;
    if (peer === undefined || !this.trusted(peer)) return peer === undefined ? undefined : plain(peer);
    const header = request.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    let client = plain(peer);
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      const hop = hops[index]!;
      if (isIP(hop) === 0) break;
      client = plain(hop);
      if (!this.trusted(hop)) break;
    }
    return client;
  }

  private trusted(address: string): boolean {
    if (this.proxies === undefined) return false;
    const bare = plain(address);
    return this.proxies.check(bare, isIP(bare) === 6 ? 'ipv6' : 'ipv4');
  }
}

/** `::ffff:10.1.2.3` (an IPv4 client on a dual-stack socket) as `10.1.2.3`, so one client has one key and one match. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}
