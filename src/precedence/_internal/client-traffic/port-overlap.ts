/**
 * `validatePortOverlapForClientTrafficPolicy` (R9.1 step 4, R9.2 step 4): a ClientTrafficPolicy
 * may not apply to an HTTP (non-HTTPS) listener that shares its port with another HTTP listener of
 * the same IR (a Gateway, or the GatewayClass with mergeGateways), unless the Gateway-wide or
 * ListenerSet-wide policy covers them all. The IR holds programmed listeners only, each on its
 * container port (`listenersWithSameHTTPPort` compares `ir.HTTPListener.Port`).
 */
import { containerPort } from '../../../model/container-port.js';
import { gatewaySettings } from '../../../model/gateway-settings.js';
import type { ListenerNode } from '../../../model/topology-types.js';
import { isHttpListener } from '../listeners.js';
import type { RunContext } from '../run-context.js';

/** An HTTP IR listener: the listener and the port Envoy binds it to. */
export interface HttpIrListener {
  readonly listener: ListenerNode;
  /** The container port (`servicePortToContainerPort`): 80 is 10080 unless the EnvoyProxy keeps it. */
  readonly port: number;
}

/**
 * HTTP IR listeners per listener key: the listener's IR key, its container port, and every HTTP
 * listener of that IR, in IR order.
 */
export type HttpIrListeners = ReadonlyMap<
  string,
  { readonly irKey: string; readonly port: number; readonly list: readonly HttpIrListener[] }
>;

/**
 * The HTTP IR listeners of a run, per listener: those Envoy Gateway programs (`ProcessListeners`
 * skips a listener that is not ready, listener.go:318-323), with their container ports.
 *
 * @param run - the run
 * @param notProgrammed - the listeners Envoy Gateway does not program (`listenerProblems`)
 * @returns the IR listeners
 */
export function httpIrListeners(
  run: RunContext,
  notProgrammed: ReadonlyMap<string, string>,
): HttpIrListeners {
  const byListener = new Map<string, { irKey: string; port: number; list: HttpIrListener[] }>();
  const byIrKey = new Map<string, HttpIrListener[]>();
  for (const gw of run.graph.gateways) {
    if (!gw.accepted) continue;
    // Per GatewayClass: the IR key is the class under its mergeGateways, else the Gateway.
    const irKey = gatewaySettings(run.topology, gw.key).irKey;
    let list = byIrKey.get(irKey);
    if (!list) {
      list = [];
      byIrKey.set(irKey, list);
    }
    for (const l of run.graph.listeners.get(gw.key) ?? []) {
      if (!isHttpListener(l) || notProgrammed.has(l.key)) continue;
      const port = containerPort(run.topology, l);
      list.push({ listener: l, port });
      byListener.set(l.key, { irKey, port, list });
    }
  }
  return byListener;
}

/**
 * The port-overlap error of applying a policy to a listener, or null.
 *
 * @param ir - the HTTP IR listeners
 * @param l - the listener
 * @param kind - how the policy targets it: a section, a whole Gateway, a whole ListenerSet
 * @returns the error, or null
 */
export function portOverlap(
  ir: HttpIrListeners,
  l: ListenerNode,
  kind: 'section' | 'gateway' | 'listenerSet',
): string | null {
  // A listener without an IR listener (not programmed) has nothing to overlap with.
  const own = ir.get(l.key);
  if (!own || l.protocol === 'HTTPS') return null;
  const same = own.list.filter((o) => o.listener !== l && o.port === own.port).map((o) => o.listener.key);
  if (same.length === 0) return null;
  let conflicting = same;
  if (kind !== 'section') {
    // String-prefix checks on IR names; the Gateway prefix has no trailing slash (R9.2 quirk).
    const parts = l.key.split('/');
    const prefix =
      kind === 'gateway' ? `${parts[0]}/${parts[1]}` : `${parts[0]}/${parts[1]}/${parts[2]}/${parts[3]}/`;
    conflicting = same.filter((n) => !n.startsWith(prefix));
  }
  if (conflicting.length === 0) return null;
  return `ClientTrafficPolicy is being applied to multiple http (non https) listeners (${conflicting.join(', ')}) on the same port, which is not allowed`;
}
