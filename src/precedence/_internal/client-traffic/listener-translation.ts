/**
 * `translateClientTrafficPolicyForListener`: what a listener's IR is, the policy's feature errors
 * there, and what the listener keeps of a policy whose features failed (it returns on the error,
 * keeping what it wrote before).
 */
import { computeHosts } from '../../../model/_internal/topology-hostnames.js';
import type { Resource } from '../../../model/resource.js';
import type { ListenerNode, Topology } from '../../../model/topology-types.js';
import type { Policy } from '../../../model/types.js';
import {
  type ClientTrafficCheckContext,
  type ClientTrafficListener,
  clientTrafficListenerErrors,
} from '../features/client-traffic.js';

/**
 * The spec fields an HTTP listener keeps from a ClientTrafficPolicy whose features failed there:
 * Envoy Gateway writes them into the listener IR before it returns on the error (HTTP/2 only
 * when it built, HTTP/3 only on a TLS listener whose client validation does not disable it).
 */
const KEPT_ON_FAILURE: readonly string[] = [
  'clientIPDetection',
  'headers',
  'path',
  'http1',
  'http2',
  'http3',
  'grpc',
  'healthCheck',
  'scheme',
];

/**
 * The policy's feature errors on one listener.
 *
 * @param topology - the graph
 * @param p - the policy
 * @param l - the listener
 * @returns the joined errors, or null
 */
export function translationError(topology: Topology, p: Resource<Policy>, l: ListenerNode): string | null {
  const spec = (p.object.spec ?? {}) as Record<string, unknown>;
  return clientTrafficListenerErrors(spec, checkContext(topology, p, l));
}

/**
 * What a listener keeps of a policy whose features failed there: on an HTTP listener the fields
 * Envoy Gateway has already written (client IP detection, headers, path, HTTP/1, HTTP/2 when it
 * built, HTTP/3 on TLS when not disabled, gRPC, health check, scheme; never keepalive,
 * connection, proxy protocol, timeouts or TLS), and every route answers 500; on a TCP listener
 * nothing, and the routes are dropped.
 *
 * @param topology - the graph
 * @param p - the policy
 * @param l - the listener
 * @returns the kept spec fields and what happens to the routes
 */
export function keptOnFailure(
  topology: Topology,
  p: Resource<Policy>,
  l: ListenerNode,
): { readonly kept: string[]; readonly routes: 'answer500' | 'dropped' } {
  const info = listenerInfo(topology, l);
  if (info.ir !== 'http') return { kept: [], routes: 'dropped' };
  const spec = (p.object.spec ?? {}) as Record<string, unknown>;
  const http2Failed =
    clientTrafficListenerErrors(spec, checkContext(topology, p, l), (feature) => feature === 'HTTP2') !==
    null;
  // The fields the policy sets (names matched case-insensitively, as Go decodes them).
  const set = new Set(
    Object.keys(spec)
      .filter((k) => spec[k] !== undefined && spec[k] !== null)
      .map((k) => k.toLowerCase()),
  );
  const kept = KEPT_ON_FAILURE.filter(
    (f) =>
      set.has(f.toLowerCase()) &&
      (f !== 'http2' || !http2Failed) &&
      (f !== 'http3' || (info.tls && !disablesHttp3(p, l))),
  );
  return { kept, routes: 'answer500' };
}

/**
 * What a listener keeps of a failed policy, in words, for decision reasons.
 *
 * @param topology - the graph
 * @param l - the listener
 * @returns the note
 */
export function failedNote(topology: Topology, l: ListenerNode): string {
  return listenerInfo(topology, l).ir === 'http'
    ? '; Envoy Gateway keeps only the settings it wrote before the error (client IP detection, headers, path, HTTP/1, HTTP/2, HTTP/3, gRPC, health check, scheme: no keepalive, connection, proxy protocol, timeout or TLS settings) and answers 500 on every route of the listener'
    : "; Envoy Gateway writes none of its settings and drops the listener's routes";
}

/**
 * Whether the policy's client validation disables HTTP/3 on an HTTPS listener (Envoy does not
 * support downstream client TLS validation over QUIC).
 *
 * @param p - the policy
 * @param l - the listener
 * @returns whether HTTP/3 is disabled there
 */
export function disablesHttp3(p: Resource<Policy>, l: ListenerNode): boolean {
  if (l.protocol !== 'HTTPS') return false;
  const spec = (p.object.spec ?? {}) as Record<string, unknown>;
  const tls = spec.tls as Record<string, unknown> | undefined | null;
  return (
    spec.http3 !== undefined &&
    spec.http3 !== null &&
    !!tls &&
    tls.clientValidation !== undefined &&
    tls.clientValidation !== null
  );
}

function checkContext(topology: Topology, p: Resource<Policy>, l: ListenerNode): ClientTrafficCheckContext {
  return {
    topology,
    ownerNamespace: () => p.namespace,
    policyNamespace: p.namespace,
    listener: listenerInfo(topology, l),
  };
}

function listenerInfo(topology: Topology, l: ListenerNode): ClientTrafficListener {
  const protocol = l.protocol;
  const ir =
    protocol === 'HTTP' || protocol === 'HTTPS'
      ? 'http'
      : protocol === 'TCP' || protocol === 'TLS'
        ? 'tcp'
        : null;
  const mode = (l.spec.tls as { mode?: unknown } | undefined)?.mode ?? 'Terminate';
  return {
    ir,
    tls: protocol === 'HTTPS' || (protocol === 'TLS' && mode === 'Terminate'),
    hostnames: [l.hostname ?? '*'],
    specificRouteCount: () => specificRouteCount(topology, l),
  };
}

/** IR routes with a non-wildcard hostname on an HTTP listener (`computeHosts` × rules × matches), up to 2. */
function specificRouteCount(topology: Topology, l: ListenerNode): number {
  let count = 0;
  for (const lr of topology.routesOnListener.get(l.key) ?? []) {
    const route = topology.routes.get(lr.route);
    if (!route || (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute')) continue;
    const hosts = computeHosts(route.hostnames, l.hostname, () => false).filter((h) => !h.includes('*'));
    let perHost = 0;
    for (const rule of route.rules) {
      const matches = (rule.spec as { matches?: unknown }).matches;
      perHost += Array.isArray(matches) && matches.length > 0 ? matches.length : 1;
    }
    count += hosts.length * perHost;
    if (count > 1) return 2;
  }
  return count;
}
