/**
 * R8.7: the edges visits write into the two scope graphs (overrides, merged), held per visit so
 * that a change can withdraw exactly what a re-resolved visit wrote.
 */
import type { Scope } from '../../scope.js';
import { NONE, pushTo } from '../compact/small-lists.js';
import type { RouteFrame } from '../links.js';
import type { KindContext } from './kind-context.js';
import type { Visit } from './visit.js';

/**
 * R8.7 step 1: a route-level visit records its route under each managed parent (and a
 * ListenerSet under its Gateway). Every visit on a route writes the same edges, so the graph
 * counts the route's frame once, however many visits hold it; the edges go when the last holder
 * is withdrawn. They are written before the outcome is checked (R5.2), so a parent is overridden
 * by attachment, not effect (R8.8).
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @param frame - its route's frame
 */
export function holdRouteLinks(ctx: KindContext, v: Visit, frame: RouteFrame): void {
  const holders = ctx.graphs.routeLinkHolders;
  const held = holders.get(frame) ?? 0;
  holders.set(frame, held + 1);
  v.linked = frame;
  if (held > 0) return;
  for (const link of frame.links) {
    if (link.contained) ctx.graphs.overrides.contain(link.contained.gateway, link.contained.listenerSet, 1);
    ctx.graphs.overrides.add(link.scope, frame.scope, 1);
  }
}

function releaseRouteLinks(ctx: KindContext, v: Visit): void {
  const frame = v.linked;
  if (frame === null) return;
  v.linked = null;
  const holders = ctx.graphs.routeLinkHolders;
  const held = (holders.get(frame) ?? 0) - 1;
  if (held > 0) {
    holders.set(frame, held);
    return;
  }
  holders.delete(frame);
  for (const link of frame.links) {
    if (link.contained) ctx.graphs.overrides.contain(link.contained.gateway, link.contained.listenerSet, -1);
    ctx.graphs.overrides.add(link.scope, frame.scope, -1);
  }
}

/**
 * Writes an edge and remembers it on the visit.
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @param graph - which graph
 * @param parent - the parent scope
 * @param child - the child scope
 */
export function addEdge(
  ctx: KindContext,
  v: Visit,
  graph: 'overrides' | 'merged',
  parent: Scope,
  child: Scope,
): void {
  ctx.graphs[graph].add(parent, child, 1);
  v.edges = pushTo(v.edges, { graph, parent, child });
}

/**
 * Records that a ListenerSet is contained in its Gateway, and remembers it on the visit.
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @param gateway - the Gateway scope
 * @param listenerSet - the ListenerSet scope
 */
export function addContainment(ctx: KindContext, v: Visit, gateway: Scope, listenerSet: Scope): void {
  ctx.graphs.overrides.contain(gateway, listenerSet, 1);
  v.containments = pushTo(v.containments, { gateway, listenerSet });
}

/**
 * Withdraws everything a visit wrote into the graphs.
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @param graphGateways - collects the Gateways whose graph changed
 */
export function withdrawEdges(ctx: KindContext, v: Visit, graphGateways: Set<string>): void {
  noteGraphGateways(ctx, v, graphGateways);
  releaseRouteLinks(ctx, v);
  for (const e of v.edges) ctx.graphs[e.graph].add(e.parent, e.child, -1);
  for (const c of v.containments) ctx.graphs.overrides.contain(c.gateway, c.listenerSet, -1);
  v.edges = NONE;
  v.containments = NONE;
}

/**
 * The Gateways whose graph a visit's edges touch (a ListenerSet's under its parent Gateway).
 *
 * @param ctx - the kind's state
 * @param v - the visit
 * @param graphGateways - collects the Gateway keys
 */
export function noteGraphGateways(ctx: KindContext, v: Visit, graphGateways: Set<string>): void {
  if (v.linked) for (const link of v.linked.links) graphGateways.add(gatewayOfScope(ctx, link.scope));
  for (const e of v.edges) graphGateways.add(gatewayOfScope(ctx, e.parent));
}

function gatewayOfScope(ctx: KindContext, s: Scope): string {
  const key = `${s.ref.namespace}/${s.ref.name}`;
  if (s.kind === 'ListenerSet' || s.kind === 'ListenerSetListener')
    return ctx.run.topology.listenerSets.get(key)?.parentGateway ?? '';
  return key;
}
