/**
 * The port Envoy binds a Gateway listener to (`servicePortToContainerPort`,
 * internal/gatewayapi/listener.go:1401-1425 at v1.9.0): a privileged port (below 1024) is shifted
 * by 10000 so the proxy needs no `CAP_NET_BIND_SERVICE`, unless the Gateway's EnvoyProxy sets
 * `provider.kubernetes.useListenerPortAsContainerPort: true` (`NeedToSwitchPorts`,
 * api/v1alpha1/envoyproxy_helpers.go:61-75). The IR listener carries this port, so listeners on
 * 80 and 10080 share one Envoy port.
 *
 * Not modelled: Envoy Gateway running on a host or with a remotely managed fleet (a `Custom`
 * provider with `Host` or `Remote` infrastructure), where no port is shifted.
 *
 * @packageDocumentation
 */
import { goJsonView } from '../go/json-fields.js';
import { gatewaySettings } from './gateway-settings.js';
import type { ListenerNode, Topology } from './topology-types.js';

/** `minEphemeralPort` (translator.go:47). */
const MIN_EPHEMERAL_PORT = 1024;
/** `wellKnownPortShift` (translator.go:50). */
const WELL_KNOWN_PORT_SHIFT = 10000;

/**
 * The container port of a listener: what Envoy Gateway writes as the IR listener's `Port`.
 *
 * @param topology - the graph (the Gateway's EnvoyProxy)
 * @param l - the listener
 * @returns its port, shifted by 10000 when privileged and the EnvoyProxy does not keep it
 * @example
 * containerPort(topology, listenerOnPort80); // => 10080
 */
export function containerPort(topology: Topology, l: ListenerNode): number {
  if (l.port >= MIN_EPHEMERAL_PORT) return l.port;
  const spec = gatewaySettings(topology, l.gateway).envoyProxy;
  if (spec !== null) {
    const view = goJsonView(spec) as {
      provider?: { kubernetes?: { useListenerPortAsContainerPort?: unknown } };
    };
    if (view.provider?.kubernetes?.useListenerPortAsContainerPort === true) return l.port;
  }
  return l.port + WELL_KNOWN_PORT_SHIFT;
}
