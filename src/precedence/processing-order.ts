/**
 * `processingTopology`: the topology of a resolution in the order Envoy Gateway processes it
 * (R2.1), for the readers of a resolution whose answers depend on that order (policy status per
 * GatewayClass, request routing). `buildTopology` keeps the input order; in `cluster` ordering a
 * cluster's provider sorts every kind (creationTimestamp, then namespace, then name) before
 * translation, whatever order the manifests were given in.
 *
 * @packageDocumentation
 */
import type { Resource } from '../model/resource.js';
import type { GatewayNode, RouteNode, Topology } from '../model/topology-types.js';
import type { RouteKind } from '../model/types.js';
import { gatewayClassOrder, graphOrder } from './_internal/graph-order.js';
import type { Resolution } from './resolution-types.js';

/**
 * The resolution's topology with its GatewayClasses, Gateways (and each Gateway's listeners and
 * ListenerSets), ListenerSets, listeners and routes in processing order: the order the precedence
 * engine visited them in. The topology itself in `input` ordering or when it is in that order
 * already.
 *
 * @param resolution - from `resolvePolicies` or `simulate`
 * @returns the topology in processing order (same nodes, maps in another order)
 * @example
 * [...processingTopology(resolution).gateways.keys()]; // => ['infra/older', 'infra/newer']
 */
export function processingTopology(resolution: Pick<Resolution, 'topology' | 'order' | 'profile'>): Topology {
  const { topology, order, profile } = resolution;
  const graph = graphOrder(topology, order, profile);
  const rank = graph.rank;
  if (rank === null) return topology;
  const byRank = <T>(of: (x: T) => Resource): ((a: T, b: T) => number) => {
    return (a, b) => (rank.get(of(a)) ?? 0) - (rank.get(of(b)) ?? 0);
  };
  const gateways = new Map<string, GatewayNode>();
  let moved = !sameOrder(topology.gateways.values(), graph.gateways);
  for (const gw of graph.gateways) {
    const lsRank = (k: string | null | undefined): number => {
      const ls = k == null ? undefined : topology.listenerSets.get(k);
      return ls === undefined ? -1 : (rank.get(ls.resource) ?? 0);
    };
    // The Gateway's own listeners, then its ListenerSets' in ListenerSet order (sort is stable).
    const listeners = [...gw.listeners].sort(
      (a, b) =>
        lsRank(topology.listeners.get(a)?.listenerSet) - lsRank(topology.listeners.get(b)?.listenerSet),
    );
    const listenerSets = [...gw.listenerSets].sort((a, b) => lsRank(a) - lsRank(b));
    const same = sameOrder(gw.listeners, listeners) && sameOrder(gw.listenerSets, listenerSets);
    if (!same) moved = true;
    gateways.set(gw.key, same ? gw : { ...gw, listeners, listenerSets });
  }
  const listenerSets = sortedMap(
    topology.listenerSets,
    byRank((ls) => ls.resource),
  );
  const routes = sortedMap(
    topology.routes,
    byRank((r: RouteNode) => r.resource),
  );
  const classes = new Map(graph.gatewayClasses.map((n) => [n, topology.gatewayClasses.get(n)!] as const));
  const routesOnListener = graph.routesOnListener;
  moved ||=
    listenerSets !== topology.listenerSets ||
    routes !== topology.routes ||
    !sameOrder(topology.gatewayClasses.keys(), graph.gatewayClasses) ||
    [...routesOnListener].some(([k, list]) => !sameOrder(topology.routesOnListener.get(k) ?? [], list));
  if (!moved) return topology;
  const routesByKind = new Map<RouteKind, readonly RouteNode[]>();
  for (const [kind, list] of topology.routesByKind)
    routesByKind.set(kind, [...list].sort(byRank((r: RouteNode) => r.resource)));
  const listeners = new Map(
    [...gateways.values()].flatMap((gw) => gw.listeners.map((k) => [k, topology.listeners.get(k)!] as const)),
  );
  // Listeners of no Gateway in the graph (none today) keep their place at the end.
  for (const [k, l] of topology.listeners) if (!listeners.has(k)) listeners.set(k, l);
  const classOrder = new Map(graph.gatewayClasses.map((n, i) => [n, i]));
  return {
    ...topology,
    gatewayClassSettings: [...topology.gatewayClassSettings].sort(
      (a, b) => (classOrder.get(a.name) ?? 0) - (classOrder.get(b.name) ?? 0),
    ),
    gatewayClasses: classes,
    gateways,
    listenerSets,
    listeners,
    routes,
    routesByKind,
    routesOnListener,
  };
}

/** Two sequences with the same elements in the same order. */
function sameOrder<T>(a: Iterable<T>, b: readonly T[]): boolean {
  let i = 0;
  for (const x of a) if (x !== b[i++]) return false;
  return i === b.length;
}

/** A map sorted by value (stable), or the map itself when it is in that order. */
function sortedMap<K, V>(m: ReadonlyMap<K, V>, compare: (a: V, b: V) => number): ReadonlyMap<K, V> {
  const entries = [...m];
  let inOrder = true;
  for (let i = 1; i < entries.length && inOrder; i++)
    inOrder = compare(entries[i - 1]![1], entries[i]![1]) <= 0;
  if (inOrder) return m;
  return new Map(entries.sort((a, b) => compare(a[1], b[1])));
}

/**
 * The GatewayClass names of a resolution in the order Envoy Gateway's runner translates them (in
 * `cluster` ordering: creationTimestamp, then name; `input`: input order). Policy status
 * concatenates the classes' ancestor lists in this order.
 *
 * @param resolution - from `resolvePolicies` or `simulate`
 * @returns the class names
 * @example
 * gatewayClasses(resolution); // => ['older-class', 'newer-class']
 */
export function gatewayClasses(resolution: Pick<Resolution, 'topology' | 'order' | 'profile'>): string[] {
  return gatewayClassOrder(resolution.topology, resolution.order, resolution.profile);
}
