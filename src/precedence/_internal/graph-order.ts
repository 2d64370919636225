/**
 * R2.1: the order Envoy Gateway sees GatewayClasses, Gateways, ListenerSets and routes in. In a cluster the
 * provider sorts every kind (creationTimestamp, then namespace, then name) before translation;
 * the translator's tests keep the file order. The topology is built in input order; the passes
 * read the graph through this view, so `buildTopology` + `resolvePolicies` answers as a cluster
 * would however the manifests were ordered.
 */
import type { Resource } from '../../model/resource.js';
import type { GatewayNode, ListenerNode, ListenerRoute, Topology } from '../../model/topology-types.js';
import { orderPolicies } from '../order-policies.js';
import type { SemanticsProfile } from '../profile.js';
import type { OrderMode } from '../resolution-types.js';

/** The graph in processing order. */
export interface GraphOrder {
  /** Cluster rank of every Gateway, ListenerSet and route (for selector results); null in input order. */
  readonly rank: ReadonlyMap<Resource, number> | null;
  /** Every Gateway, in processing order. */
  readonly gateways: readonly GatewayNode[];
  /** Per Gateway key: its listeners, its own in spec order, then each ListenerSet's in ListenerSet order. */
  readonly listeners: ReadonlyMap<string, readonly ListenerNode[]>;
  /** Per listener key: the routes attached to it, in route order (parentRef order within a route). */
  readonly routesOnListener: ReadonlyMap<string, readonly ListenerRoute[]>;
  /**
   * The GatewayClass names in the order Envoy Gateway's runner translates them (in a cluster:
   * creationTimestamp, then name; `input`: input order).
   */
  readonly gatewayClasses: readonly string[];
}

/**
 * The graph of a topology in an ordering mode's order.
 *
 * @param topology - the graph (input order)
 * @param order - the ordering mode
 * @param profile - the semantics profile (tie-break key)
 * @returns the ordered view
 */
export function graphOrder(topology: Topology, order: OrderMode, profile: SemanticsProfile): GraphOrder {
  const rank = order === 'cluster' ? clusterRank(topology, profile) : null;
  const byRank = <T>(of: (x: T) => Resource): ((a: T, b: T) => number) =>
    rank === null ? () => 0 : (a, b) => (rank.get(of(a)) ?? 0) - (rank.get(of(b)) ?? 0);

  const gateways = [...topology.gateways.values()];
  if (rank !== null) gateways.sort(byRank((g: GatewayNode) => g.resource));
  const listeners = new Map<string, ListenerNode[]>();
  for (const gw of gateways) {
    const list: ListenerNode[] = [];
    for (const lk of gw.directListeners) {
      const l = topology.listeners.get(lk);
      if (l) list.push(l);
    }
    const sets = gw.listenerSets.map((k) => topology.listenerSets.get(k)).filter((ls) => ls !== undefined);
    if (rank !== null) sets.sort(byRank((ls) => ls.resource));
    for (const ls of sets) {
      for (const lk of ls.listeners) {
        const l = topology.listeners.get(lk);
        if (l) list.push(l);
      }
    }
    listeners.set(gw.key, list);
  }

  let routesOnListener = topology.routesOnListener;
  if (rank !== null) {
    const routeRank = new Map<string, number>();
    for (const r of topology.routes.values()) routeRank.set(r.key, rank.get(r.resource) ?? 0);
    const sorted = new Map<string, readonly ListenerRoute[]>();
    for (const [lk, list] of topology.routesOnListener) sorted.set(lk, inRouteOrder(list, routeRank));
    routesOnListener = sorted;
  }
  return {
    rank,
    gateways,
    listeners,
    routesOnListener,
    gatewayClasses: gatewayClassOrder(topology, order, profile),
  };
}

/**
 * R2.1 for GatewayClasses: the order Envoy Gateway's runner translates them in (in a cluster:
 * creationTimestamp, then name; `input`: input order).
 *
 * @param topology - the graph
 * @param order - the ordering mode
 * @param profile - the semantics profile (tie-break key)
 * @returns the class names
 */
export function gatewayClassOrder(topology: Topology, order: OrderMode, profile: SemanticsProfile): string[] {
  const classes = [...topology.gatewayClasses.values()];
  return (order === 'cluster' ? orderPolicies(classes, 'cluster', profile) : classes).map((c) => c.name);
}

/** A listener's routes in rank order (stable: a route's entries keep their parentRef order). */
function inRouteOrder(
  list: readonly ListenerRoute[],
  routeRank: ReadonlyMap<string, number>,
): readonly ListenerRoute[] {
  let inOrder = true;
  for (let i = 1; i < list.length && inOrder; i++)
    inOrder = (routeRank.get(list[i - 1]!.route) ?? 0) <= (routeRank.get(list[i]!.route) ?? 0);
  if (inOrder) return list;
  return list
    .map((lr, i) => ({ lr, i, r: routeRank.get(lr.route) ?? 0 }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.lr);
}

/** R2.1: the cluster order of Gateways, ListenerSets and routes, as one rank. */
function clusterRank(topology: Topology, profile: SemanticsProfile): ReadonlyMap<Resource, number> {
  const candidates: Resource[] = [
    ...[...topology.gateways.values()].map((g) => g.resource),
    ...[...topology.listenerSets.values()].map((l) => l.resource),
    ...[...topology.routes.values()].map((r) => r.resource),
  ];
  const rank = new Map<Resource, number>();
  orderPolicies(candidates, 'cluster', profile).forEach((r, i) => {
    rank.set(r, i);
  });
  return rank;
}
