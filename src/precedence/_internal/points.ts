/**
 * Attachment points (R4.3: a route rule on a listener, or a listener for ClientTrafficPolicy) and
 * their indexes, computed once per resolution from the graph in processing order.
 */
import { formatRef } from '../../model/object-ref.js';
import type { Topology } from '../../model/topology-types.js';
import type { PolicyKind } from '../../model/types.js';
import type { Point, PointPolicy } from '../resolution-types.js';
import type { GraphOrder } from './graph-order.js';

/**
 * All points as columns indexed by point id (their position in the result's `points`), with
 * indexes by route and by listener. Columns of shared strings, not an object per point: the
 * index lives as long as its topology, and the result's points are built from it once, at the end.
 */
export interface PointIndex {
  readonly size: number;
  /** Listener key of each point. */
  readonly listener: readonly string[];
  /** `Gateway/ns/name` of each point. */
  readonly gateway: readonly string[];
  readonly listenerName: readonly string[];
  /** `ListenerSet/ns/name`, or null. */
  readonly listenerSet: readonly (string | null)[];
  /** Route key, null for the listener point. */
  readonly route: readonly (string | null)[];
  /** Rule index, -1 for the listener point. */
  readonly ruleIndex: Int32Array;
  readonly ruleName: readonly (string | null)[];
  readonly family: readonly Point['family'][];
  /** Point ids of each route's rules, on every listener. */
  readonly byRoute: ReadonlyMap<string, readonly number[]>;
  /** Route-rule point ids of a listener. */
  readonly byListener: ReadonlyMap<string, readonly number[]>;
  /** The listener-only point id of each listener (ClientTrafficPolicy). */
  readonly listenerPoint: ReadonlyMap<string, number>;
}

const FAMILY: Readonly<Record<string, Point['family']>> = {
  HTTPRoute: 'http',
  GRPCRoute: 'http',
  TLSRoute: 'tcp',
  TCPRoute: 'tcp',
  UDPRoute: 'udp',
};

/**
 * Builds every point: for each accepted Gateway (processing order), each of its listeners
 * (Gateway's own, then ListenerSet ones), the listener point, then each attached route's rules.
 *
 * @param topology - the graph
 * @param graph - the graph in processing order
 * @returns the points and their indexes
 */
export function buildPoints(topology: Topology, graph: GraphOrder): PointIndex {
  const listener: string[] = [];
  const gateway: string[] = [];
  const listenerName: string[] = [];
  const listenerSet: (string | null)[] = [];
  const route: (string | null)[] = [];
  const ruleIndexes: number[] = [];
  const ruleName: (string | null)[] = [];
  const family: Point['family'][] = [];
  const byRoute = new Map<string, number[]>();
  const byListener = new Map<string, number[]>();
  const listenerPoint = new Map<string, number>();
  const add = (
    lk: string,
    gw: string,
    l: { readonly name: string },
    ls: string | null,
    rk: string | null,
    ri: number,
    rn: string | null,
    f: Point['family'],
  ): number => {
    const id = listener.length;
    listener.push(lk);
    gateway.push(gw);
    listenerName.push(l.name);
    listenerSet.push(ls);
    route.push(rk);
    ruleIndexes.push(ri);
    ruleName.push(rn);
    family.push(f);
    return id;
  };
  for (const gw of graph.gateways) {
    if (!gw.accepted) continue;
    // The identities of the result, one string per Gateway and ListenerSet (formatRef).
    const gwRef = formatRef({ kind: 'Gateway', namespace: gw.namespace, name: gw.name });
    const lsRefs = new Map<string, string>();
    for (const l of graph.listeners.get(gw.key) ?? []) {
      const lk = l.key;
      let ls: string | null = null;
      if (l.listenerSet !== null) {
        ls = lsRefs.get(l.listenerSet) ?? `ListenerSet/${l.listenerSet}`;
        lsRefs.set(l.listenerSet, ls);
      }
      listenerPoint.set(lk, add(lk, gwRef, l, ls, null, -1, null, 'listener'));
      const onListener: number[] = [];
      byListener.set(lk, onListener);
      const seen = new Set<string>();
      for (const att of graph.routesOnListener.get(lk) ?? []) {
        if (seen.has(att.route)) continue;
        seen.add(att.route);
        const r = topology.routes.get(att.route);
        if (!r) continue;
        const f = FAMILY[r.kind] ?? 'http';
        let list = byRoute.get(r.key);
        if (!list) {
          list = [];
          byRoute.set(r.key, list);
        }
        for (const rule of r.rules) {
          const id = add(lk, gwRef, l, ls, r.key, rule.index, rule.name, f);
          onListener.push(id);
          list.push(id);
        }
      }
    }
  }
  return {
    size: listener.length,
    listener,
    gateway,
    listenerName,
    listenerSet,
    route,
    ruleIndex: Int32Array.from(ruleIndexes),
    ruleName,
    family,
    byRoute,
    byListener,
    listenerPoint,
  };
}

/**
 * Builds the plain {@link Point} objects of a resolution, with each kind's point policies.
 *
 * @param index - the point index
 * @param perKind - point id → policy, per kind
 * @returns plain points
 */
export function freezePoints(
  index: PointIndex,
  perKind: ReadonlyMap<PolicyKind, { get(id: number): PointPolicy | undefined }>,
): Point[] {
  // The kinds and their tables as arrays: no iterator per point.
  const kinds = [...perKind.keys()];
  const tables = [...perKind.values()];
  const out: Point[] = new Array(index.size);
  for (let id = 0; id < index.size; id++) {
    const policies: Partial<Record<PolicyKind, PointPolicy>> = {};
    for (let i = 0; i < kinds.length; i++) {
      const pp = tables[i]!.get(id);
      if (pp) policies[kinds[i]!] = pp;
    }
    const lk = index.listener[id]!;
    const route = index.route[id] ?? null;
    const ruleIndex = route === null ? null : index.ruleIndex[id]!;
    const ruleName = index.ruleName[id] ?? null;
    out[id] = {
      key: route === null ? lk : `${lk}|${route}|${ruleIndex}`,
      gateway: index.gateway[id]!,
      listener: lk,
      listenerName: index.listenerName[id]!,
      listenerSet: index.listenerSet[id] ?? null,
      route,
      ruleIndex,
      rule: route === null ? null : (ruleName ?? String(ruleIndex)),
      family: index.family[id]!,
      policies,
    };
  }
  return out;
}
