/**
 * The state of the ClientTrafficPolicy run (R9): what each pass has claimed, the
 * policy at each listener point, and the policy translated for each listener.
 */

import { listenerProblems } from '../../../model/listener-readiness.js';
import { formatRef, type ObjectRef } from '../../../model/object-ref.js';
import type { Resource } from '../../../model/resource.js';
import type { ListenerNode } from '../../../model/topology-types.js';
import type { Policy } from '../../../model/types.js';
import type { PointPolicy } from '../../resolution-types.js';
import { splitKey } from '../keys.js';
import type { RunContext } from '../run-context.js';
import { StatusRecorder } from '../status-recorder.js';
import { disablesHttp3, translationError } from './listener-translation.js';
import { type HttpIrListeners, httpIrListeners } from './port-overlap.js';

/** The ClientTrafficPolicy run. */
export interface CtpState {
  readonly run: RunContext;
  readonly status: StatusRecorder;
  /**
   * R9.1: per Gateway, the listeners claimed by a section (a Gateway section by bare listener
   * name, a ListenerSet section under its ListenerSet), and by a ListenerSet-wide policy (R9.2).
   */
  readonly claimedSections: Map<string, Map<string, ObjectRef>>;
  /** R9.2: per Gateway, the whole ListenerSets and the whole Gateway claimed. */
  readonly claimedScopes: Map<string, Set<string>>;
  /** The policy at each listener point. */
  readonly pointPolicies: Map<number, PointPolicy>;
  /**
   * Listener key → the policy translated for it (port overlap passed). Its clientIPDetection is
   * written to the listener IR before any feature error returns, so a SecurityPolicy's GeoIP check
   * reads it even when the policy is Invalid there.
   */
  readonly translatedBy: Map<string, Resource<Policy>>;
  /** HTTP IR listeners per listener (R9.1 step 4). */
  readonly httpIr: HttpIrListeners;
  /**
   * Whether Envoy Gateway programs a listener (builds its IR listener). A policy translated for
   * one it does not program writes nothing and fails nothing: `translateClientTrafficPolicyForListener`
   * returns nil when the listener has neither an HTTP nor a TCP IR (clienttrafficpolicy.go:700-880).
   */
  readonly programmed: (l: ListenerNode) => boolean;
}

/**
 * A new run.
 *
 * @param run - the resolution run
 * @returns the state
 */
export function newCtpState(run: RunContext): CtpState {
  const notProgrammed = listenerProblems(run.topology);
  return {
    run,
    status: new StatusRecorder('ClientTrafficPolicy', run.profile),
    claimedSections: new Map(),
    claimedScopes: new Map(),
    pointPolicies: new Map(),
    translatedBy: new Map(),
    httpIr: httpIrListeners(run, notProgrammed),
    programmed: (l) => !notProgrammed.has(l.key),
  };
}

/**
 * The claimed sections of a Gateway.
 *
 * @param state - the run
 * @param gatewayKey - `ns/name`
 * @returns the claims, by reference
 */
export function sectionsOf(state: CtpState, gatewayKey: string): Map<string, ObjectRef> {
  let s = state.claimedSections.get(gatewayKey);
  if (!s) {
    s = new Map();
    state.claimedSections.set(gatewayKey, s);
  }
  return s;
}

/**
 * The section claim of a listener as the passes key it: a ListenerSet listener under its
 * ListenerSet, a Gateway listener (or a Gateway section naming any listener) by bare name under
 * the Gateway.
 *
 * @param gateway - `{ namespace, name }` of the Gateway
 * @param listenerSet - `{ namespace, name }` of the ListenerSet, or null
 * @param section - the listener name
 * @returns the reference
 */
export function sectionRef(
  gateway: { readonly namespace: string; readonly name: string },
  listenerSet: { readonly namespace: string; readonly name: string } | null,
  section: string,
): ObjectRef {
  return listenerSet
    ? { kind: 'ListenerSet', namespace: listenerSet.namespace, name: listenerSet.name, section }
    : { kind: 'Gateway', namespace: gateway.namespace, name: gateway.name, section };
}

/**
 * Records a section claim.
 *
 * @param state - the run
 * @param gatewayKey - `ns/name` of the Gateway
 * @param ref - the section reference
 */
export function claimSection(state: CtpState, gatewayKey: string, ref: ObjectRef): void {
  sectionsOf(state, gatewayKey).set(formatRef(ref), ref);
}

/** The section reference of a listener of a Gateway. */
export function listenerSectionRef(l: ListenerNode): ObjectRef {
  const [gwNs, gwName] = splitKey(l.gateway);
  const ls = l.listenerSet === null ? null : splitKey(l.listenerSet);
  return sectionRef(
    { namespace: gwNs, name: gwName },
    ls === null ? null : { namespace: ls[0], name: ls[1] },
    l.name,
  );
}

/** What translating a policy for a listener gives: whether it disables HTTP/3 there, and its feature error. */
export interface ListenerTranslation {
  readonly disablesHttp3: boolean;
  readonly error: string | null;
}

const NOT_PROGRAMMED: ListenerTranslation = { disablesHttp3: false, error: null };

/**
 * Translates a policy for a listener (`translateClientTrafficPolicyForListener`) and records it as
 * the listener's. A listener Envoy Gateway does not program has no IR listener: the policy then
 * writes nothing there, so it gets no HTTP/3 warning and no feature error.
 *
 * @param state - the run
 * @param p - the policy
 * @param l - the listener (past the port-overlap check)
 * @returns the HTTP/3 verdict and the feature error
 */
export function translateForListener(
  state: CtpState,
  p: Resource<Policy>,
  l: ListenerNode,
): ListenerTranslation {
  state.translatedBy.set(l.key, p);
  if (!state.programmed(l)) return NOT_PROGRAMMED;
  return { disablesHttp3: disablesHttp3(p, l), error: translationError(state.run.topology, p, l) };
}
