/**
 * Which Gateway a request arrives at: the one named (`Gateway/ns/name` or `ns/name`), the parent
 * of the ListenerSet named, or the only accepted Gateway of the input.
 *
 * @packageDocumentation
 */
import { gatewayKeyOf } from '../../explain/query-references.js';
import { nearestNames } from '../../model/_internal/nearest-names.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Topology } from '../../model/topology-types.js';
import type { RouteRequestOptions } from '../request-types.js';

/**
 * The key (`ns/name`) of the Gateway the request arrives at, or null with a
 * `GWP-REQUEST-UNKNOWN-GATEWAY` diagnostic (with the nearest names when a name is unknown).
 *
 * @param topology - the graph
 * @param options - the request's `gateway` and `listenerSet`
 * @param diagnostics - sink
 * @returns the Gateway key, or null
 */
export function arrivalGateway(
  topology: Topology,
  options: RouteRequestOptions,
  diagnostics: Diagnostic[],
): string | null {
  // `Gateway/ns/name` (the one format) or `ns/name`; the same for a ListenerSet.
  const given = options.gateway;
  let gateway = given === undefined ? null : (gatewayKeyOf(given) ?? given);
  if (options.listenerSet !== undefined) {
    const lsKey = options.listenerSet.replace(/^ListenerSet\/(?=[^/]+\/[^/]+$)/, '');
    const ls = topology.listenerSets.get(lsKey);
    if (ls === undefined) {
      const near = nearestNames(lsKey, topology.listenerSets.keys());
      diagnostics.push({
        code: 'GWP-REQUEST-UNKNOWN-GATEWAY',
        severity: 'error',
        message: `ListenerSet ${options.listenerSet} is not in the input${near.length === 0 ? '' : ` (did you mean ${near.join(', ')}?)`}`,
      });
      return null;
    }
    if (gateway !== null && gateway !== ls.parentGateway) {
      diagnostics.push({
        code: 'GWP-REQUEST-UNKNOWN-GATEWAY',
        severity: 'error',
        message: `ListenerSet ${ls.key} belongs to Gateway ${ls.parentGateway}, not ${gateway}`,
      });
      return null;
    }
    gateway = ls.parentGateway;
  }
  if (gateway === null) {
    const accepted = [...topology.gateways.values()].filter((g) => g.accepted);
    if (accepted.length === 1) return accepted[0]!.key;
    diagnostics.push({
      code: 'GWP-REQUEST-UNKNOWN-GATEWAY',
      severity: 'error',
      message:
        accepted.length === 0
          ? 'the input has no Gateway that Envoy Gateway accepts'
          : `the input has ${accepted.length} Gateways; say which one receives the request (${accepted.map((g) => g.key).join(', ')})`,
    });
    return null;
  }
  const gw = topology.gateways.get(gateway);
  if (gw === undefined || !gw.accepted) {
    const near = gw === undefined ? nearestNames(gateway, topology.gateways.keys()) : [];
    diagnostics.push({
      code: 'GWP-REQUEST-UNKNOWN-GATEWAY',
      severity: 'error',
      message:
        gw === undefined
          ? `Gateway ${gateway} is not in the input${near.length === 0 ? '' : ` (did you mean ${near.join(', ')}?)`}`
          : `Gateway ${gateway} is not accepted by Envoy Gateway (not managed, or invalid)`,
    });
    return null;
  }
  return gateway;
}
