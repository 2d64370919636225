/**
 * A ClientTrafficPolicy at a listener point (R9.4: the first one to reach a listener applies), and
 * the HTTP/3 warning (R9.1, R9.2).
 */
import { goQuote } from '../../../go/quote.js';
import { compareBytes } from '../../../go/string-order.js';
import type { Resource } from '../../../model/resource.js';
import type { ListenerNode } from '../../../model/topology-types.js';
import type { Policy } from '../../../model/types.js';
import type { Scope } from '../../scope.js';
import { policyId } from '../keys.js';
import { keptOnFailure } from './listener-translation.js';
import type { CtpState } from './state.js';

/**
 * The policy applies at the listener's point (unless an earlier one does).
 *
 * @param state - the run
 * @param l - the listener
 * @param p - the policy
 * @param s - the scope it targets
 */
export function applyAtListener(state: CtpState, l: ListenerNode, p: Resource<Policy>, s: Scope): void {
  const id = state.run.points.listenerPoint.get(l.key);
  if (id === undefined || state.pointPolicies.has(id)) return;
  state.pointPolicies.set(id, { applied: [policyId(p)], mode: 'replace', scopeKind: s.kind });
}

/**
 * The policy's features failed at the listener (`translateClientTrafficPolicyForListener`
 * returns early): the listener keeps what was written before the error.
 *
 * @param state - the run
 * @param l - the listener
 * @param p - the policy
 * @param s - the scope it targets
 */
export function applyFailedAtListener(state: CtpState, l: ListenerNode, p: Resource<Policy>, s: Scope): void {
  const id = state.run.points.listenerPoint.get(l.key);
  if (id === undefined || state.pointPolicies.has(id)) return;
  state.pointPolicies.set(id, {
    applied: [policyId(p)],
    mode: 'replace',
    scopeKind: s.kind,
    failed: keptOnFailure(state.run.topology, p, l),
  });
}

/**
 * The UnsupportedHTTP3ClientValidation warning text.
 *
 * @param listeners - the listener names HTTP/3 was disabled on
 * @returns the message
 */
export function http3Message(listeners: readonly string[]): string {
  const target =
    listeners.length > 1
      ? `listeners [${[...listeners].sort(compareBytes).join(' ')}]`
      : `listener ${goQuote(listeners[0] ?? '')}`;
  return `HTTP/3 was disabled for ${target} because Envoy does not support downstream client TLS validation over QUIC`;
}
