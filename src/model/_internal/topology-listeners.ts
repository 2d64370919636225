/**
 * Listener rules: which route kinds a listener accepts, which namespaces may attach routes to it,
 * and whether a Gateway accepts a ListenerSet. Facts from Envoy Gateway v1.9 (see docs/topology.md).
 */
import { matchesLabelSelector } from '../label-selector.js';
import type { LabelSelector, RouteKind } from '../types.js';
import { GATEWAY_API_GROUP } from '../types.js';
import { asArray, asRecord, asString } from './topology-read.js';

/** Labels of a namespace that exists (`{}` when it has none), or null when it does not exist. */
export type NamespaceLookup = (name: string) => Readonly<Record<string, string>> | null;

/** Route kinds a protocol accepts by default (`allowedRouteKindsForProtocol`, listener.go:226-243). */
function protocolKinds(protocol: string, tlsMode: string | undefined): readonly RouteKind[] {
  switch (protocol) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TLS':
      return tlsMode === 'Passthrough' ? ['TLSRoute'] : ['TCPRoute', 'TLSRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'UDP':
      return ['UDPRoute'];
    default:
      return [];
  }
}

/**
 * A listener's supported route kinds (`validateAllowedRoutes`, validate.go:805-866): the
 * protocol's kinds when `allowedRoutes.kinds` is empty, else the listed kinds the protocol
 * supports, skipping entries whose group is set to anything but `gateway.networking.k8s.io`.
 */
export function supportedKinds(listener: Readonly<Record<string, unknown>>): readonly RouteKind[] {
  const protocol = asString(listener.protocol) ?? '';
  const tlsMode = asString(asRecord(listener.tls)?.mode);
  const canSupport = protocolKinds(protocol, tlsMode);
  const kinds = asArray(asRecord(listener.allowedRoutes)?.kinds);
  if (kinds.length === 0) return canSupport;
  const out: RouteKind[] = [];
  for (const k of kinds) {
    const rec = asRecord(k);
    if (rec === undefined) continue;
    if (rec.group !== undefined && rec.group !== null && rec.group !== GATEWAY_API_GROUP) continue;
    const kind = canSupport.find((c) => c === rec.kind);
    if (kind !== undefined) out.push(kind);
  }
  return out;
}

/**
 * Whether a route namespace may attach to a listener (`ListenerContext.AllowsNamespace`,
 * contexts.go:254-275). `ownerNamespace` is the namespace of the listener's Gateway, or of its
 * ListenerSet for a ListenerSet listener. A namespace that does not exist is never allowed.
 */
export function allowsNamespace(
  listener: Readonly<Record<string, unknown>>,
  ownerNamespace: string,
  routeNamespace: string,
  lookup: NamespaceLookup,
): boolean {
  const labels = lookup(routeNamespace);
  if (labels === null) return false;
  const namespaces = asRecord(asRecord(listener.allowedRoutes)?.namespaces);
  switch (namespaces?.from) {
    case 'All':
      return true;
    case 'Selector': {
      const selector = asRecord(namespaces.selector);
      return selector !== undefined && matchesLabelSelector(labels, selector as LabelSelector);
    }
    default: // unset, Same, or an unknown value
      return ownerNamespace === routeNamespace;
  }
}

/**
 * Whether a Gateway accepts a ListenerSet from a namespace (`isListenerSetAllowed`,
 * listenerset.go:195-228). With `allowedListeners.namespaces.from` unset the answer is no (None).
 */
export function listenerSetAllowed(
  gatewaySpec: Readonly<Record<string, unknown>>,
  gatewayNamespace: string,
  listenerSetNamespace: string,
  lookup: NamespaceLookup,
): boolean {
  const namespaces = asRecord(asRecord(gatewaySpec.allowedListeners)?.namespaces);
  switch (namespaces?.from) {
    case 'All':
      return true;
    case 'Same':
      return gatewayNamespace === listenerSetNamespace;
    case 'Selector': {
      const selector = asRecord(namespaces.selector);
      if (selector === undefined) return false;
      const labels = lookup(listenerSetNamespace);
      return labels !== null && matchesLabelSelector(labels, selector as LabelSelector);
    }
    default: // unset or None
      return false;
  }
}
