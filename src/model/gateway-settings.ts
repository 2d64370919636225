/**
 * `gatewaySettings`: what a Gateway's GatewayClass and EnvoyProxy decide for it — the one place
 * every check that depends on `mergeGateways` or on EnvoyProxy reads it.
 *
 * @packageDocumentation
 */
import type { GatewaySettings, Topology } from './topology-types.js';

/**
 * The settings of one Gateway: its class's `mergeGateways`, its IR key and the EnvoyProxy spec in
 * force for it. A Gateway that is not in the topology gets the settings of a class without an
 * EnvoyProxy (no merging, no EnvoyProxy).
 *
 * @param topology - from `buildTopology`
 * @param gatewayKey - `ns/name`
 * @returns its {@link GatewaySettings}
 * @example
 * gatewaySettings(topology, 'infra/gw').envoyProxy?.dynamicModules; // => [{ name: 'header-mutation', … }]
 */
export function gatewaySettings(topology: Topology, gatewayKey: string): GatewaySettings {
  const found = topology.gateways.get(gatewayKey)?.settings;
  if (found !== undefined) return found;
  return {
    gatewayClass: '',
    mergeGateways: topology.options.mergeGateways ?? false,
    irKey: gatewayKey,
    envoyProxy: null,
    envoyProxySources: [],
  };
}
