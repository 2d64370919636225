/**
 * Listener facts the rules ask for: which listeners a section name can name (R5.3, R9.1), and
 * which listeners Envoy Gateway builds an HTTP IR listener for.
 */
import type { ListenerNode, ListenerSetNode, Topology } from '../../model/topology-types.js';

/**
 * R5.3: whether a Gateway has a listener of its own (not a ListenerSet's) with this name.
 *
 * @param topology - the graph
 * @param gatewayKey - `ns/name` of the Gateway
 * @param section - the listener name
 * @returns whether it has one
 */
export function hasDirectListener(topology: Topology, gatewayKey: string, section: string): boolean {
  const gw = topology.gateways.get(gatewayKey);
  return !!gw?.directListeners.some((lk) => topology.listeners.get(lk)?.name === section);
}

/**
 * R5.3: whether a ListenerSet has a listener with this name, as its spec is written (Envoy Gateway
 * validates a section against `spec.listeners`, not the accepted listeners).
 *
 * @param ls - the ListenerSet
 * @param section - the listener name
 * @returns whether it has one
 */
export function listenerSetHasListener(ls: ListenerSetNode, section: string): boolean {
  const listeners = ls.resource.object.spec?.listeners;
  return Array.isArray(listeners) && listeners.some((l) => l?.name === section);
}

/**
 * A listener Envoy Gateway builds an HTTP IR listener for.
 *
 * @param l - the listener
 * @returns whether its protocol is HTTP or HTTPS
 */
export function isHttpListener(l: ListenerNode): boolean {
  return l.protocol === 'HTTP' || l.protocol === 'HTTPS';
}
