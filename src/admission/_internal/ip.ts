/**
 * IP address and CIDR parsing as Go does it: `net.ParseIP` (and the "sloppy" variant of
 * `k8s.io/utils/net` that allows leading zeros in IPv4 octets), `net.ParseCIDR`, and the strict
 * `netip.ParseAddr` the Kubernetes CEL `isIP` uses.
 *
 * @packageDocumentation
 */

/** Parses dotted IPv4; `sloppy` allows leading zeros (`010.1.1.1`), as ParseIPSloppy does. */
export function isIPv4Text(s: string, sloppy: boolean): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) {
      // Go's IPv4 parser reads at most 3 digits per octet; sloppy mode also allows more leading zeros.
      if (!(sloppy && /^[0-9]+$/.test(p) && p.length <= 3)) return false;
    }
    if (!sloppy && p.length > 1 && p[0] === '0') return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

/** Parses IPv6 text (with an optional trailing dotted IPv4), without a zone. */
export function isIPv6Text(s: string, sloppy: boolean): boolean {
  if (s.length < 2 || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  let groups = 0;
  let rest = s;
  let ellipsis = false;
  if (rest.startsWith('::')) {
    ellipsis = true;
    rest = rest.slice(2);
    if (rest === '') return true;
  }
  while (rest !== '') {
    // An embedded IPv4 address takes two groups and must come last.
    const colon = rest.indexOf(':');
    const token = colon === -1 ? rest : rest.slice(0, colon);
    if (token.includes('.')) {
      if (colon !== -1 || !isIPv4Text(token, sloppy)) return false;
      groups += 2;
      rest = '';
      break;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(token)) return false;
    groups += 1;
    if (colon === -1) {
      rest = '';
      break;
    }
    rest = rest.slice(colon + 1);
    if (rest.startsWith(':')) {
      if (ellipsis) return false;
      ellipsis = true;
      rest = rest.slice(1);
      if (rest === '') break;
    } else if (rest === '') return false;
  }
  return ellipsis ? groups < 8 : groups === 8;
}

/**
 * Go's `net.ParseIP(s) != nil` (with leading zeros allowed in IPv4 octets when `sloppy`).
 *
 * @param s - the text
 * @param sloppy - ParseIPSloppy
 * @returns whether it parses
 */
export function parsesAsIP(s: string, sloppy = false): boolean {
  return s.includes(':') ? isIPv6Text(s, sloppy) : isIPv4Text(s, sloppy);
}

/**
 * Go's `net.ParseCIDR` (sloppy: leading zeros allowed in the IPv4 part).
 *
 * @param s - the text
 * @param sloppy - ParseCIDRSloppy
 * @returns whether it parses
 */
export function parsesAsCIDR(s: string, sloppy = false): boolean {
  const slash = s.indexOf('/');
  if (slash === -1) return false;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const v6 = addr.includes(':');
  if (!(v6 ? isIPv6Text(addr, sloppy) : isIPv4Text(addr, sloppy))) return false;
  if (!/^[0-9]{1,3}$/.test(bits) || (bits.length > 1 && bits[0] === '0')) return false;
  return Number(bits) <= (v6 ? 128 : 32);
}

/**
 * The Kubernetes CEL `isIP`: `netip.ParseAddr` succeeds, the address has no zone, and an IPv4
 * address has no leading zeros (netip refuses them).
 *
 * @param s - the text
 * @returns whether it is an IP address
 */
export function isStrictIP(s: string): boolean {
  return s.includes(':') ? isIPv6Text(s, false) : isIPv4Text(s, false);
}
