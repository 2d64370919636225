/**
 * IP addresses and CIDR ranges, read with `ipaddr.js` (a small, maintained parser for IPv4 and
 * IPv6; docs/request.md says why): whether a client address is inside a range, as Envoy's
 * address matchers decide it.
 */
import ipaddr from 'ipaddr.js';

/**
 * Whether a text is an IPv4 address in dotted-quad form or an IPv6 address (what Envoy reports
 * as a client address).
 *
 * @param s - the text
 * @returns whether it is an address
 */
export function isIpAddress(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s) || ipaddr.IPv6.isValid(s);
}

/**
 * Whether `ip` lies in `cidr`. An IPv4-mapped IPv6 address counts as its IPv4 address. A value
 * that does not parse is in no range.
 *
 * @param ip - the client address
 * @param cidr - `a.b.c.d/n` or `x::/n`; a bare address is a /32 or /128
 * @returns whether the address is in the range
 */
export function inCidr(ip: string, cidr: string): boolean {
  try {
    let addr = ipaddr.parse(ip);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress())
      addr = (addr as ipaddr.IPv6).toIPv4Address();
    const [range, bits] = cidr.includes('/')
      ? ipaddr.parseCIDR(cidr)
      : [ipaddr.parse(cidr), cidr.includes(':') ? 128 : 32];
    if (addr.kind() !== range.kind()) return false;
    return addr.match(range, bits);
  } catch {
    return false;
  }
}
