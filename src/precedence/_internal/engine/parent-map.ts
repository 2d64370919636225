/**
 * R4.1: before any pass, the first valid policy per Gateway, Gateway listener, ListenerSet and
 * ListenerSet listener is recorded as the merge parent of that scope; R7.2: a merging route policy
 * looks up the closest one per listener.
 */

import { scopeKey } from '../../scope.js';
import { addTo, pushTo } from '../compact/small-lists.js';
import { hasDirectListener, listenerSetHasListener } from '../listeners.js';
import { Pass, targetScope } from '../passes.js';
import { targetsOf } from './enumerate.js';
import type { KindContext } from './kind-context.js';
import type { Entry, Visit } from './visit.js';

/**
 * The parent keys a policy is a candidate for (R4.1): its valid Gateway and ListenerSet targets'
 * scope keys.
 *
 * @param ctx - the kind's state
 * @param e - the policy
 * @returns the keys (possibly repeated)
 */
export function parentKeysOf(ctx: KindContext, e: Entry): string[] {
  const keys: string[] = [];
  const topology = ctx.run.topology;
  for (const t of targetsOf(ctx, e, 'Gateway')) {
    if (t.kind !== 'Gateway') continue;
    const gw = topology.gateways.get(`${t.namespace}/${t.name}`);
    if (!gw?.accepted) continue;
    if (t.sectionName !== null && !hasDirectListener(topology, gw.key, t.sectionName)) continue;
    keys.push(scopeKey(targetScope(t.sectionName === null ? Pass.Gateway : Pass.GatewayListener, t)));
  }
  if (ctx.run.profile.listenerSets) {
    for (const t of targetsOf(ctx, e, 'ListenerSet')) {
      if (t.kind !== 'ListenerSet') continue;
      const ls = topology.listenerSets.get(`${t.namespace}/${t.name}`);
      if (!ls) continue;
      if (t.sectionName !== null && !listenerSetHasListener(ls, t.sectionName)) continue;
      keys.push(
        scopeKey(targetScope(t.sectionName === null ? Pass.ListenerSet : Pass.ListenerSetListener, t)),
      );
    }
  }
  return keys;
}

/** Adds a policy to the candidates of its parent keys. */
export function addParentCandidates(ctx: KindContext, e: Entry): void {
  for (const k of new Set(parentKeysOf(ctx, e))) {
    let list = ctx.parents.candidates.get(k);
    if (!list) {
      list = [];
      ctx.parents.candidates.set(k, list);
    }
    list.push(e);
  }
}

/** Removes a policy from the candidates of its parent keys. */
export function removeParentCandidates(ctx: KindContext, e: Entry): void {
  for (const k of new Set(parentKeysOf(ctx, e))) {
    const list = ctx.parents.candidates.get(k);
    if (list) list.splice(list.indexOf(e), 1);
  }
}

/**
 * Recomputes one parent key: its first candidate in processing order.
 *
 * @param ctx - the kind's state
 * @param k - the key
 * @returns whether its policy changed
 */
export function refreshParentKey(ctx: KindContext, k: string): boolean {
  const list = ctx.parents.candidates.get(k) ?? [];
  let best: Entry | undefined;
  for (const e of list) if (!best || e.rank < best.rank) best = e;
  const prev = ctx.parents.first.get(k);
  if (best) ctx.parents.first.set(k, best);
  else ctx.parents.first.delete(k);
  return prev !== best;
}

/**
 * R7.2: the first parent-map key with a policy, in the given order (most specific first). The keys
 * consulted are remembered, so that a parent-map change re-runs the visit.
 *
 * @param ctx - the kind's state
 * @param v - the merging route visit
 * @param keys - the listener's parent keys in lookup order
 * @returns the position of the key found and its policy, or undefined
 */
export function consultParents(
  ctx: KindContext,
  v: Visit,
  keys: readonly string[],
): { at: number; entry: Entry } | undefined {
  const consultedBy = ctx.parents.consultedBy;
  for (let at = 0; at < keys.length; at++) {
    const k = keys[at]!;
    v.consulted = pushTo(v.consulted, k);
    if (consultedBy) addTo(consultedBy, k, v);
    const e = ctx.parents.first.get(k);
    if (e) return { at, entry: e };
  }
  return undefined;
}
