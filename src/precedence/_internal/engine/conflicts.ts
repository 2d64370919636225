/**
 * R5: one policy per exact scope, first come first served (R5.1); a scope that does not exist is
 * silence (R3.5) and a section that does not exist is TargetNotFound (R5.3); the conflict
 * messages (R5.4).
 */
import type { RouteNode } from '../../../model/topology-types.js';
import type { TargetRef } from '../../resolve-targets.js';
import { describeScope } from '../../scope.js';
import { hasDirectListener, listenerSetHasListener } from '../listeners.js';
import { isListenerSetLevel, isRouteLevel, Pass } from '../passes.js';
import { decide } from './decisions.js';
import type { KindContext } from './kind-context.js';
import type { Outcome, Visit } from './visit.js';

/**
 * Recomputes the outcomes of the visits on one exact scope.
 *
 * @param ctx - the kind's state
 * @param key - the scope key
 * @returns the visits whose outcome (or holder) changed
 */
export function resolveScope(ctx: KindContext, key: string): Visit[] {
  const list = ctx.byScope.get(key);
  if (!list || list.length === 0) return [];
  const first = list[0]!;
  // R8.6: a rule scope's outcome changes its route's rule claims (none are cached in a full run).
  if (first.pass === Pass.RouteRule && ctx.rules.byRoute.size > 0) ctx.rules.byRoute.delete(first.routeKey);
  const status = scopeStatus(ctx, first);
  const changed: Visit[] = [];
  let holder: string | null = null;
  for (const v of list) {
    let outcome: Outcome;
    let h: string | null = null;
    if (status === 'notFound' || status === 'silent') outcome = 'notFound';
    else if (status === 'targetNotFound') outcome = 'targetNotFound';
    else if (holder === null) {
      holder = v.entry.id;
      outcome = 'ok';
    } else {
      outcome = 'conflicted';
      h = holder;
    }
    if (v.outcome !== outcome || v.holder !== h) changed.push(v);
    v.outcome = outcome;
    v.holder = h;
  }
  return changed;
}

/** Whether a scope exists, its section is valid, or it is silent (a ListenerSet with an unaccepted parent). */
function scopeStatus(ctx: KindContext, v: Visit): 'notFound' | 'targetNotFound' | 'silent' | 'ok' {
  const t = v.target;
  const topology = ctx.run.topology;
  if (isRouteLevel(v.pass)) {
    const route = routeOf(ctx, v);
    if (!route?.relevant) return 'notFound';
    if (t.sectionName !== null && !route.rules.some((r) => r.name === t.sectionName)) return 'targetNotFound';
    return 'ok';
  }
  if (isListenerSetLevel(v.pass)) {
    const ls = topology.listenerSets.get(`${t.namespace}/${t.name}`);
    if (!ls) return 'notFound';
    // R3.4: resolution (and its claim) happens before the parent check; an unaccepted parent silences every visit.
    if (!topology.gateways.get(ls.parentGateway)?.accepted) return 'silent';
    if (t.sectionName !== null && !listenerSetHasListener(ls, t.sectionName)) return 'targetNotFound';
    return 'ok';
  }
  const gw = topology.gateways.get(`${t.namespace}/${t.name}`);
  if (!gw?.accepted) return 'notFound';
  // R5.3: BTP/SP/EEP check only the Gateway's direct listeners.
  if (t.sectionName !== null && !hasDirectListener(topology, gw.key, t.sectionName)) return 'targetNotFound';
  return 'ok';
}

/**
 * The route a route-level visit targets (relevant or not), looked up once.
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @returns the route node, or null
 */
export function routeOf(ctx: KindContext, v: Visit): RouteNode | null {
  if (v.route === undefined) v.route = ctx.run.topology.routes.get(v.routeKey) ?? null;
  return v.route;
}

/**
 * R5.4: the Conflicted message (`Unable to target <word> <target>, another <Kind> has already
 * attached to it`).
 *
 * @param ctx - the kind's state
 * @param word - what is targeted (`RouteRule`, `HTTPRoute`, `Listener`, `Gateway`, …)
 * @param target - how it is named
 * @returns the message
 */
export function conflictMessage(ctx: KindContext, word: string, target: string): string {
  return `Unable to target ${word} ${target}, another ${ctx.kind} has already attached to it`;
}

/**
 * R5.4: the Conflicted message of a Gateway-level or ListenerSet-level target.
 *
 * @param ctx - the kind's state
 * @param t - the target
 * @param isListenerSet - whether it is a ListenerSet target
 * @returns the message
 */
export function parentConflictMessage(ctx: KindContext, t: TargetRef, isListenerSet: boolean): string {
  if (t.sectionName === null) return conflictMessage(ctx, isListenerSet ? 'ListenerSet' : 'Gateway', t.name);
  // R5.4: only BTP's Gateway-listener message carries the Gateway namespace.
  if (!isListenerSet && ctx.kp.listenerConflictWithNamespace)
    return conflictMessage(ctx, 'Listener', `${t.namespace}/${t.name}/${t.sectionName}`);
  return conflictMessage(ctx, 'Listener', `${t.name}/${t.sectionName}`);
}

/** R5.1: the decision of a visit that lost its exact scope to an earlier one. */
export function decideConflict(v: Visit): void {
  decide(
    v,
    'conflicted',
    `R5.1: ${v.holder} came first in processing order and already claims ${describeScope(v.scope)}`,
    v.holder!,
  );
}
