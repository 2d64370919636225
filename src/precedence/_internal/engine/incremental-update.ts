/**
 * The incremental update of one kind, beside the full run: after the kind's processing order
 * changed (policies removed, added, or edited, which is both), only the exact scopes (R5.1),
 * parent keys (R4.1), graph readers (R8.7), rule claims (R8.6) and points (R6) the change touches
 * are recomputed. The result equals a full run on the new order.
 */
import type { Resource } from '../../../model/resource.js';
import type { Policy } from '../../../model/types.js';
import type { PointPolicy } from '../../resolution-types.js';
import { addTo, NONE } from '../compact/small-lists.js';
import { isRouteLevel, Pass } from '../passes.js';
import { applyVisit } from './apply-visit.js';
import { collectPoints, computePoint } from './claims.js';
import { resolveScope } from './conflicts.js';
import { allVisits, assignObjects, countIdentity, enumerate, newEntry } from './enumerate.js';
import { noteGraphGateways, withdrawEdges } from './graph-edges.js';
import type { KindContext } from './kind-context.js';
import type { PointTable } from './output.js';
import { addParentCandidates, parentKeysOf, refreshParentKey, removeParentCandidates } from './parent-map.js';
import { finishParentVisit } from './parent-status.js';
import { compareVisits, type Entry, type Visit } from './visit.js';

/** What an incremental update touched. */
export interface EngineDelta {
  /** Point ids whose policy may have changed. */
  readonly points: ReadonlySet<number>;
  /** Policy ids whose status operations may have changed. */
  readonly policies: ReadonlySet<string>;
}

/**
 * Brings the state to a new processing order: the entries not in `order` are removed, the
 * resources without an entry are added, and what they touch is re-resolved.
 *
 * @param ctx - the kind's state (after a full run or an update)
 * @param order - the kind's new processing order (admitted policies)
 * @returns what was touched, and the policies now at the touched points (the result lists are
 *   `engineResult(allVisits(ctx), …)`, built only when wanted)
 */
export function updateTo(
  ctx: KindContext,
  order: readonly Resource<Policy>[],
): { readonly delta: EngineDelta; readonly pointPolicies: PointTable } {
  const { consultedBy, visitsByRoute } = reresolutionIndexes(ctx);
  const inOrder = new Set(order);
  const removed = ctx.entries.filter((e) => !inOrder.has(e.resource));
  const touchedScopes = new Map<string, Visit>();
  const touchedKeys = new Set<string>();
  const redo = new Set<Visit>();
  const affectedPoints = new Set<number>();
  const affectedPolicies = new Set<string>();
  const graphGateways = new Set<string>();

  // 1. Drop the removed entries and their visits.
  for (const e of removed) {
    affectedPolicies.add(e.id);
    for (const k of parentKeysOf(ctx, e)) touchedKeys.add(k);
    removeParentCandidates(ctx, e);
    for (const v of e.visits) {
      touchedScopes.set(v.key, v);
      collectPoints(ctx, v, affectedPoints);
      withdrawEdges(ctx, v, graphGateways);
      const list = ctx.byScope.get(v.key);
      if (list) list.splice(list.indexOf(v), 1);
      unindex(ctx, v);
    }
    ctx.entryOf.delete(e.resource);
    countIdentity(ctx, e.id, -1);
  }

  // 2. New order and ranks; enumerate the added entries.
  const added: Entry[] = [];
  ctx.entries = order.map((r, i) => {
    let e = ctx.entryOf.get(r);
    if (e === undefined) {
      e = newEntry(ctx, r, i);
      added.push(e);
    }
    e.rank = i;
    return e;
  });
  for (const e of added) {
    affectedPolicies.add(e.id);
    addParentCandidates(ctx, e);
    for (const k of parentKeysOf(ctx, e)) touchedKeys.add(k);
    enumerate(ctx, e);
    for (const v of e.visits) {
      touchedScopes.set(v.key, v);
      ctx.byScope.get(v.key)!.sort(compareVisits);
      redo.add(v);
    }
  }

  // 3. Parent maps (R4.1) for the keys the change touched; the visits that consulted them.
  for (const k of touchedKeys) {
    if (refreshParentKey(ctx, k)) for (const v of consultedBy.get(k) ?? []) redo.add(v);
  }

  // 4. Conflicts (R5.1) on the scopes the change touched; R8.6: whole-route visits read the rule
  // claims of their route.
  const rulesChanged = new Set<string>();
  for (const [key, rep] of touchedScopes) {
    if (rep.pass === Pass.RouteRule) {
      ctx.rules.byRoute.delete(rep.routeKey);
      rulesChanged.add(rep.routeKey);
    }
    for (const v of resolveScope(ctx, key)) redo.add(v);
  }
  for (const rk of rulesChanged) for (const v of visitsByRoute.get(rk) ?? []) redo.add(v);

  // 5. Re-apply what changed (R4.4 objects first: a handled identity may have moved; only
  // repeated identities can move, so the common case skips the walk).
  if (ctx.identities.repeated > 0) assignObjects(allVisits(ctx));
  else for (const e of added) for (const v of e.visits) v.obj = e.resource;
  const redoneParents = new Set<Visit>();
  for (const v of [...redo].sort(compareVisits)) {
    affectedPolicies.add(v.entry.id);
    collectPoints(ctx, v, affectedPoints);
    withdrawEdges(ctx, v, graphGateways);
    unindex(ctx, v);
    applyVisit(ctx, v);
    collectPoints(ctx, v, affectedPoints);
    noteGraphGateways(ctx, v, graphGateways);
    if (!isRouteLevel(v.pass)) redoneParents.add(v);
  }
  // 6. Parent-level messages (R8.7) that read a changed part of the graph.
  for (const g of graphGateways)
    for (const v of ctx.graphs.parentVisitsByGateway.get(g) ?? []) redoneParents.add(v);
  for (const v of [...redoneParents].sort(compareVisits)) {
    affectedPolicies.add(v.entry.id);
    finishParentVisit(ctx, v);
  }
  // 7. Claims (R6) on the points touched.
  for (const id of affectedPoints) {
    ctx.claims.delete(id);
    if (id < ctx.run.points.size) computePoint(ctx, id);
  }
  // Point policies only for the points the change touched: the caller keeps the others.
  const changed = new Map<number, PointPolicy>();
  for (const id of affectedPoints) {
    const pp = ctx.claims.get(id);
    if (pp) changed.set(id, pp);
  }
  return { delta: { points: affectedPoints, policies: affectedPolicies }, pointPolicies: changed };
}

/**
 * The indexes only re-resolution reads (which visits consulted a parent key, the whole-route
 * visits of a route), built from the visits the first time and kept current afterwards: a full
 * run never pays for them.
 */
function reresolutionIndexes(ctx: KindContext): {
  consultedBy: Map<string, Set<Visit>>;
  visitsByRoute: Map<string, Set<Visit>>;
} {
  let consultedBy = ctx.parents.consultedBy;
  let visitsByRoute = ctx.rules.visitsByRoute;
  if (consultedBy === null || visitsByRoute === null) {
    consultedBy = new Map();
    visitsByRoute = new Map();
    for (const e of ctx.entries) {
      for (const v of e.visits) {
        for (const k of v.consulted) addTo(consultedBy, k, v);
        if (v.pass === Pass.Route) addTo(visitsByRoute, v.routeKey, v);
      }
    }
    ctx.parents.consultedBy = consultedBy;
    ctx.rules.visitsByRoute = visitsByRoute;
  }
  return { consultedBy, visitsByRoute };
}

/** Takes a visit out of the re-resolution indexes (it is put back when applied again). */
function unindex(ctx: KindContext, v: Visit): void {
  const consultedBy = ctx.parents.consultedBy;
  if (consultedBy) for (const k of v.consulted) consultedBy.get(k)?.delete(v);
  v.consulted = NONE;
  if (!isRouteLevel(v.pass)) {
    for (const set of ctx.graphs.parentVisitsByGateway.values()) set.delete(v);
  }
  if (v.pass === Pass.Route) ctx.rules.visitsByRoute?.get(v.routeKey)?.delete(v);
}
