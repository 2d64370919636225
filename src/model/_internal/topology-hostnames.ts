/**
 * Listener/route hostname intersection, as Envoy Gateway computes it (`computeHosts`,
 * `wildcardHostnameMatchesHostname`, internal/gatewayapi/helpers.go:296-416).
 */

/** Whether `wildcard` (`*.suffix`) matches `hostname`, itself possibly a wildcard. */
export function wildcardMatches(wildcard: string, hostname: string): boolean {
  const suffix = wildcard.slice(1);
  if (!hostname.startsWith('*')) {
    return hostname.endsWith(suffix) && hostname.length > suffix.length;
  }
  const hostSuffix = hostname.slice(1);
  if (!hostSuffix.endsWith(suffix)) return false;
  const remaining = hostSuffix.slice(0, hostSuffix.length - suffix.length);
  return remaining.length > 0 && remaining.startsWith('.');
}

/**
 * The hostnames a route serves on a listener. Empty means no intersection.
 *
 * @param routeHostnames - the route's `spec.hostnames`
 * @param listenerHostname - the listener's hostname, or null
 * @param takenElsewhere - whether another listener of the same Gateway on the same port has
 *   exactly this hostname (such hostnames are left to that listener)
 */
export function computeHosts(
  routeHostnames: readonly string[],
  listenerHostname: string | null,
  takenElsewhere: (hostname: string) => boolean,
): readonly string[] {
  const lh = listenerHostname ?? '';
  if (routeHostnames.length === 0) return [lh === '' ? '*' : lh];
  const hosts = new Set<string>();
  for (const rh of routeHostnames) {
    if (lh === '' || lh === rh) {
      hosts.add(rh);
    } else if (lh.startsWith('*') && rh.startsWith('*')) {
      if (wildcardMatches(rh, lh)) hosts.add(lh);
      if (wildcardMatches(lh, rh)) hosts.add(rh);
    } else if (lh.startsWith('*')) {
      if (wildcardMatches(lh, rh)) hosts.add(rh);
    } else if (rh.startsWith('*')) {
      if (wildcardMatches(rh, lh)) hosts.add(lh);
    }
  }
  return [...hosts].filter((h) => !takenElsewhere(h)).sort();
}
