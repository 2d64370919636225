/**
 * R4.2: the visits of each policy in the six passes, and R4.4: the identity each visit is
 * processed under (Envoy Gateway keys handled policies by namespace/name, so a repeated identity
 * is processed as the first object handled).
 */
import type { Resource } from '../../../model/resource.js';
import type { Policy } from '../../../model/types.js';
import { composeTargets, plainTargetRefs, type TargetRef } from '../../resolve-targets.js';
import { withKey } from '../compact/scope-keys.js';
import { NONE } from '../compact/small-lists.js';
import { policyId } from '../keys.js';
import {
  inPass,
  isRouteLevel,
  PASSES,
  Pass,
  passRuns,
  selectorCandidates,
  targetRouteKey,
  targetScope,
  targetScopeKey,
} from '../passes.js';
import type { KindContext } from './kind-context.js';
import { type Entry, newVisit, type Visit } from './visit.js';

/**
 * A new entry for a policy at a rank, registered under its identity.
 *
 * @param ctx - the kind's state
 * @param r - the policy
 * @param rank - its position in processing order
 * @returns the entry (no visits yet)
 */
export function newEntry(ctx: KindContext, r: Resource<Policy>, rank: number): Entry {
  const e: Entry = { resource: r, id: policyId(r), rank, visits: NONE, targets: [] };
  ctx.entryOf.set(r, e);
  countIdentity(ctx, e.id, 1);
  return e;
}

/** R4.4: counts the entries per identity (an entry added, +1, or removed, -1). */
export function countIdentity(ctx: KindContext, id: string, delta: 1 | -1): void {
  const counts = ctx.identities.counts;
  const before = counts.get(id) ?? 0;
  const after = before + delta;
  if (after === 0) counts.delete(id);
  else counts.set(id, after);
  if (before <= 1 && after > 1) ctx.identities.repeated++;
  else if (before > 1 && after <= 1) ctx.identities.repeated--;
}

/** The target list of an entry for a pass's selector candidates (R2.4), computed once. */
export function targetsOf(
  ctx: KindContext,
  e: Entry,
  candidates: 'Gateway' | 'ListenerSet' | 'routes' | null,
): TargetRef[] {
  const k = candidates === null ? 0 : candidates === 'routes' ? 1 : candidates === 'ListenerSet' ? 2 : 3;
  let v = e.targets[k];
  if (!v) {
    const selectors = e.resource.object.spec?.targetSelectors;
    v =
      candidates === null
        ? plainTargetRefs(e.resource.object, e.resource.namespace)
        : Array.isArray(selectors) && selectors.length > 0
          ? composeTargets(
              ctx.run.topology,
              e.resource,
              candidates,
              targetsOf(ctx, e, null),
              ctx.run.graph.rank,
            )
          : // Without selectors every pass reads the plain refs: one list, shared.
            targetsOf(ctx, e, null);
    e.targets[k] = v;
  }
  return v;
}

/**
 * R4.2 / R3.6: the visits of one entry in the six passes, appended to their scopes' lists.
 *
 * @param ctx - the kind's state
 * @param e - the entry
 */
export function enumerate(ctx: KindContext, e: Entry): void {
  e.visits = [];
  for (const pass of PASSES) {
    if (!passRuns(pass, ctx.listenerSetsExist)) continue;
    const targets = targetsOf(ctx, e, selectorCandidates(pass));
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i]!;
      if (!inPass(pass, t)) continue;
      const key = targetScopeKey(pass, t);
      let list = ctx.byScope.get(key);
      // The visits of one exact scope share its key, route key and scope objects.
      const first = list?.[0];
      const v = first
        ? newVisit(e, pass, i, t, first.key, first.routeKey, first.scope)
        : newVisit(
            e,
            pass,
            i,
            t,
            key,
            isRouteLevel(pass) ? targetRouteKey(t) : '',
            withKey(targetScope(pass, t), key),
          );
      e.visits.push(v);
      if (pass === Pass.RouteRule) ctx.rules.routesWithRuleVisits.add(v.routeKey);
      if (!list) {
        list = [];
        ctx.byScope.set(v.key, list);
      }
      list.push(v);
    }
  }
}

/**
 * Every visit in processing order: entries are in rank order, so bucketing by pass sorts them.
 *
 * @param ctx - the kind's state
 * @returns the visits
 */
export function allVisits(ctx: KindContext): Visit[] {
  const buckets: Visit[][] = [[], [], [], [], [], [], []];
  for (const e of ctx.entries) for (const v of e.visits) buckets[v.pass]!.push(v);
  return buckets.flat();
}

/**
 * R4.4: the object used for a visit is the first one handled with that identity.
 *
 * @param all - every visit, in processing order
 */
export function assignObjects(all: readonly Visit[]): void {
  const first = new Map<string, Resource<Policy>>();
  for (const v of all) {
    const seen = first.get(v.entry.id);
    if (seen) v.obj = seen;
    else {
      first.set(v.entry.id, v.entry.resource);
      v.obj = v.entry.resource;
    }
  }
}
