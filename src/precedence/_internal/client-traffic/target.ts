/**
 * What a ClientTrafficPolicy target names (R9.1, R9.2): a ListenerSet of an accepted Gateway, or,
 * for any other kind, a Gateway; a section must name a listener (of the ListenerSet as written, or
 * any listener of the Gateway, ListenerSet ones included, unlike BTP/SP/EEP).
 */
import { goQuote } from '../../../go/quote.js';
import type { GatewayNode, ListenerSetNode } from '../../../model/topology-types.js';
import type { TargetRef } from '../../resolve-targets.js';
import { listenerSetHasListener } from '../listeners.js';
import type { RunContext } from '../run-context.js';

/** A resolved target: its Gateway, its ListenerSet (or null), and the section error (or null). */
export interface CtpTarget {
  readonly gw: GatewayNode;
  readonly ls: ListenerSetNode | null;
  readonly error: string | null;
}

/**
 * Resolves a target, or null when it names nothing this controller manages (R3.5).
 *
 * @param run - the run
 * @param t - the target
 * @returns the resolved target, or null
 */
export function resolveCtpTarget(run: RunContext, t: TargetRef): CtpTarget | null {
  const topology = run.topology;
  if (t.kind === 'ListenerSet') {
    const ls = topology.listenerSets.get(`${t.namespace}/${t.name}`);
    if (!ls) return null;
    const gw = topology.gateways.get(ls.parentGateway);
    if (!gw?.accepted) return null;
    if (t.sectionName !== null && !listenerSetHasListener(ls, t.sectionName)) {
      return {
        gw,
        ls,
        error: `ListenerSet ${ls.namespace}/${ls.name} does not have a listener named ${goQuote(t.sectionName)}`,
      };
    }
    return { gw, ls, error: null };
  }
  // R9.1: any other kind is looked up as a Gateway.
  const gw = topology.gateways.get(`${t.namespace}/${t.name}`);
  if (!gw?.accepted) return null;
  if (t.sectionName !== null) {
    // All listeners, ListenerSet ones included (unlike BTP/SP/EEP).
    const found = (run.graph.listeners.get(gw.key) ?? []).some((l) => l.name === t.sectionName);
    if (!found)
      return { gw, ls: null, error: `No section name ${t.sectionName} found for Gateway ${gw.key}` };
  }
  return { gw, ls: null, error: null };
}

/**
 * R3.5: the reason of a target that names nothing.
 *
 * @param t - the target
 * @returns the reason
 */
export function ctpNotFoundReason(t: TargetRef): string {
  return `R3.5: no ${t.kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway'} ${t.namespace}/${t.name} managed by this controller; the target is silently skipped`;
}
