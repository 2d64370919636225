/**
 * Attachment points and their indexes, computed once per topology.
 */
import type { Topology } from '../../model/topology-types.js';
import type { PolicyKind } from '../../model/types.js';
import type { Point, PointPolicy } from '../resolution-types.js';

/** A mutable point while resolution runs; frozen into {@link Point} at the end. */
export interface PointSlot {
  /** Position in {@link PointIndex.all}: per-kind state lives in arrays indexed by it. */
  readonly id: number;
  readonly key: string;
  readonly gateway: string;
  readonly listener: string;
  readonly listenerName: string;
  readonly listenerSet: string | null;
  readonly route: string | null;
  readonly ruleIndex: number | null;
  readonly ruleName: string | null;
  readonly family: Point['family'];
}

/** All points, indexed by route and by listener. */
export interface PointIndex {
  readonly all: readonly PointSlot[];
  readonly byRoute: ReadonlyMap<string, readonly PointSlot[]>;
  /** Route-rule points of a listener. */
  readonly byListener: ReadonlyMap<string, readonly PointSlot[]>;
  /** The listener-only point of each listener (ClientTrafficPolicy). */
  readonly listenerPoint: ReadonlyMap<string, PointSlot>;
}

const FAMILY: Readonly<Record<string, Point['family']>> = {
  HTTPRoute: 'http',
  GRPCRoute: 'http',
  TLSRoute: 'tcp',
  TCPRoute: 'tcp',
  UDPRoute: 'udp',
};

/**
 * Builds every point: for each accepted Gateway (input order), each of its listeners (Gateway's
 * own, then ListenerSet ones), the listener point, then each attached route's rules.
 *
 * @param topology - the graph
 * @returns the points and their indexes
 */
export function buildPoints(topology: Topology): PointIndex {
  const all: PointSlot[] = [];
  const byRoute = new Map<string, PointSlot[]>();
  const byListener = new Map<string, PointSlot[]>();
  const listenerPoint = new Map<string, PointSlot>();
  for (const gw of topology.gateways.values()) {
    if (!gw.accepted) continue;
    for (const lk of gw.listeners) {
      const l = topology.listeners.get(lk);
      if (!l) continue;
      const lp: PointSlot = {
        id: all.length,
        key: lk,
        gateway: gw.key,
        listener: lk,
        listenerName: l.name,
        listenerSet: l.listenerSet,
        route: null,
        ruleIndex: null,
        ruleName: null,
        family: 'listener',
      };
      all.push(lp);
      listenerPoint.set(lk, lp);
      const onListener: PointSlot[] = [];
      byListener.set(lk, onListener);
      const seen = new Set<string>();
      for (const att of topology.routesOnListener.get(lk) ?? []) {
        if (seen.has(att.route)) continue;
        seen.add(att.route);
        const route = topology.routes.get(att.route);
        if (!route) continue;
        const family = FAMILY[route.kind] ?? 'http';
        for (const rule of route.rules) {
          const p: PointSlot = {
            id: all.length,
            key: `${lk}|${route.key}|${rule.index}`,
            gateway: gw.key,
            listener: lk,
            listenerName: l.name,
            listenerSet: l.listenerSet,
            route: route.key,
            ruleIndex: rule.index,
            ruleName: rule.name,
            family,
          };
          all.push(p);
          onListener.push(p);
          let list = byRoute.get(route.key);
          if (!list) {
            list = [];
            byRoute.set(route.key, list);
          }
          list.push(p);
        }
      }
    }
  }
  return { all, byRoute, byListener, listenerPoint };
}

const indexCache = new WeakMap<object, PointIndex>();

/**
 * The point index of a topology, built once per graph structure (a topology copied with other
 * policies shares its listeners and route attachments, hence its points).
 *
 * @param topology - the graph
 * @returns the point index
 */
export function pointIndexOf(topology: Topology): PointIndex {
  let idx = indexCache.get(topology.routesOnListener);
  if (!idx) {
    idx = buildPoints(topology);
    indexCache.set(topology.routesOnListener, idx);
  }
  return idx;
}

/**
 * Freezes slots into plain {@link Point} objects with each kind's point policies.
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
  return index.all.map((s) => {
    const policies: Partial<Record<PolicyKind, PointPolicy>> = {};
    for (let i = 0; i < kinds.length; i++) {
      const pp = tables[i]!.get(s.id);
      if (pp) policies[kinds[i]!] = pp;
    }
    return {
      key: s.key,
      gateway: s.gateway,
      listener: s.listener,
      listenerName: s.listenerName,
      listenerSet: s.listenerSet,
      route: s.route,
      ruleIndex: s.ruleIndex,
      rule: s.route === null ? null : (s.ruleName ?? String(s.ruleIndex)),
      family: s.family,
      policies,
    };
  });
}
