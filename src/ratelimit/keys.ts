import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/**
 * The key of a client address. IPv4 (also when written as an IPv4-mapped IPv6 address) is its
 * address; IPv6 is its network of `ipv6PrefixLength` bits, since one subscriber usually holds a
 * whole /64 and could otherwise step through addresses to escape a limit. A missing or unreadable
 * address shares the key "unknown".
 */
export function addressKey(ip: string | null | undefined, ipv6PrefixLength = 64): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4' || ipv6PrefixLength >= 128) return address.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${ipv6PrefixLength}`);
  return `${network.toString()}/${ipv6PrefixLength}`;
}

/**
 * The key of an account: its domain and name as the login compares them (NFKC, case-insensitive),
 * hashed so that the store holds no user names and keys stay short whatever a client sends. The
 * same key results whether the account exists or not, so a limit tells nothing about existence.
 */
export function accountKey(domain: string, name: string): string {
  const canonical = `${domain.toLowerCase()}\n${name.normalize('NFKC').toLowerCase()}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * True when `entry` names proxies the way fastify's `trustProxy` list understands them: an IP
 * address, a CIDR range, or one of the names loopback, linklocal and uniquelocal.
 */
export function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  return ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry);
}
