/**
 * What the graph contributes to every visit on it, derived once per node and kept for the run:
 * a route's ancestorRefs (R8.2) and the links it records under its managed parents (R8.7 step 1);
 * a listener's parent scopes in the order a merging route policy looks them up (R7.2). Parents are
 * found through the route's parentRefs, in any namespace (R10.2), on every Gateway (R10.3).
 */
import type { ObjectRef } from '../../model/object-ref.js';
import type { ListenerNode, ParentRefNode, RouteNode, Topology } from '../../model/topology-types.js';
import { ancestorRef, sameAncestorRef } from '../ancestor-ref.js';
import type { AncestorRef } from '../resolution-types.js';
import { type Scope, scope } from '../scope.js';
import { keyOf } from './compact/scope-keys.js';
import { splitKey } from './keys.js';

/**
 * What one managed parentRef contributes: the scope the route is recorded under, its ancestorRef,
 * and for a ListenerSet its containment in the parent Gateway.
 */
export interface ParentLink {
  readonly scope: Scope;
  readonly ancestor: AncestorRef;
  /** For a ListenerSet parent: the ListenerSet and its Gateway (R8.7 containment). */
  readonly contained: { readonly listenerSet: Scope; readonly gateway: Scope } | null;
}

/** What a route's managed parentRefs contribute to every visit on it (R8.2, R8.7 step 1). */
export interface RouteFrame {
  /** The ancestorRefs, duplicates once. */
  readonly ancestors: readonly AncestorRef[];
  /** The parentRefs with a parent. */
  readonly parentRefs: readonly ParentRefNode[];
  readonly links: readonly ParentLink[];
  /** The route's scope (the child of every link's edge). */
  readonly scope: Scope;
}

/** What a listener offers a merging route policy (R7.2). */
export interface ListenerLink {
  /** Its parent-map keys in lookup order (most specific first). */
  readonly keys: readonly string[];
  /** The scopes of those keys. */
  readonly scopes: readonly Scope[];
  readonly ancestor: AncestorRef;
  /** `[ancestor]`, shared by every status operation on this listener alone. */
  readonly ancestors: readonly AncestorRef[];
}

/** The links of one run, per graph node. */
export interface LinkCache {
  readonly frames: Map<RouteNode, RouteFrame>;
  readonly parents: Map<ParentRefNode, ParentLink | null>;
  readonly listeners: Map<ListenerNode, ListenerLink>;
  readonly routeScopes: Map<RouteNode, Scope>;
  readonly ruleScopeKeys: Map<RouteNode, readonly (readonly [string, string])[]>;
}

/** An empty cache. */
export function newLinkCache(): LinkCache {
  return {
    frames: new Map(),
    parents: new Map(),
    listeners: new Map(),
    routeScopes: new Map(),
    ruleScopeKeys: new Map(),
  };
}

/**
 * A route's frame: ancestors (duplicates once), the parentRefs with a parent, and their links.
 * The lists are shared by the status operations, which never modify them.
 *
 * @param cache - the run's links
 * @param topology - the graph
 * @param route - the route
 * @returns the frame
 */
export function routeFrameOf(cache: LinkCache, topology: Topology, route: RouteNode): RouteFrame {
  const hit = cache.frames.get(route);
  if (hit) return hit;
  const ancestors: AncestorRef[] = [];
  const parentRefs: ParentRefNode[] = [];
  const links: ParentLink[] = [];
  for (const pr of route.parentRefs) {
    if (!pr.managed) continue;
    const link = parentLinkOf(cache, topology, pr);
    if (!link) continue; // §11.10: a missing ListenerSet is skipped for ancestors.
    links.push(link);
    if (!ancestors.some((a) => sameAncestorRef(a, link.ancestor))) ancestors.push(link.ancestor);
    parentRefs.push(pr);
  }
  const frame: RouteFrame = { ancestors, parentRefs, links, scope: routeScopeOf(cache, route) };
  cache.frames.set(route, frame);
  return frame;
}

/**
 * What a managed parentRef contributes (R8.2, R8.7 step 1); null for kinds other than Gateway and
 * ListenerSet, or a missing ListenerSet.
 */
function parentLinkOf(cache: LinkCache, topology: Topology, pr: ParentRefNode): ParentLink | null {
  const hit = cache.parents.get(pr);
  if (hit !== undefined) return hit;
  let link: ParentLink | null = null;
  const ref = (kind: string): ObjectRef =>
    pr.sectionName === null
      ? { kind, namespace: pr.namespace, name: pr.name }
      : { kind, namespace: pr.namespace, name: pr.name, section: pr.sectionName };
  if (pr.kind === 'Gateway') {
    link = {
      scope: scope(pr.sectionName !== null ? 'GatewayListener' : 'Gateway', ref('Gateway')),
      ancestor: ancestorRef('Gateway', pr.namespace, pr.name, pr.sectionName),
      contained: null,
    };
  } else if (pr.kind === 'ListenerSet') {
    const ls = topology.listenerSets.get(`${pr.namespace}/${pr.name}`);
    if (ls) {
      const [gwNs, gwName] = splitKey(ls.parentGateway);
      link = {
        scope: scope(pr.sectionName !== null ? 'ListenerSetListener' : 'ListenerSet', ref('ListenerSet')),
        ancestor: ancestorRef('ListenerSet', pr.namespace, pr.name, pr.sectionName),
        contained: {
          listenerSet: scope('ListenerSet', { kind: 'ListenerSet', namespace: ls.namespace, name: ls.name }),
          gateway: scope('Gateway', { kind: 'Gateway', namespace: gwNs, name: gwName }),
        },
      };
    }
  }
  cache.parents.set(pr, link);
  return link;
}

/**
 * R7.2: the parent scopes of a listener in lookup order: a ListenerSet listener's own scope, its
 * ListenerSet, then the Gateway; a Gateway listener's own scope, then the Gateway.
 *
 * @param cache - the run's links
 * @param l - the listener
 * @returns its link
 */
export function listenerLinkOf(cache: LinkCache, l: ListenerNode): ListenerLink {
  let link = cache.listeners.get(l);
  if (link) return link;
  const [gwNs, gwName] = splitKey(l.gateway);
  const gateway = { kind: 'Gateway', namespace: gwNs, name: gwName };
  let ancestor: AncestorRef;
  let scopes: Scope[];
  if (l.listenerSet !== null) {
    const [lsNs, lsName] = splitKey(l.listenerSet);
    const ls = { kind: 'ListenerSet', namespace: lsNs, name: lsName };
    ancestor = ancestorRef('ListenerSet', lsNs, lsName, l.name);
    scopes = [
      scope('ListenerSetListener', { ...ls, section: l.name }),
      scope('ListenerSet', ls),
      scope('Gateway', gateway),
    ];
  } else {
    ancestor = ancestorRef('Gateway', gwNs, gwName, l.name);
    scopes = [scope('GatewayListener', { ...gateway, section: l.name }), scope('Gateway', gateway)];
  }
  link = { keys: scopes.map(keyOf), scopes, ancestor, ancestors: [ancestor] };
  cache.listeners.set(l, link);
  return link;
}

/**
 * The Route scope of a route node.
 *
 * @param cache - the run's links
 * @param route - the route
 * @returns its scope
 */
export function routeScopeOf(cache: LinkCache, route: RouteNode): Scope {
  let s = cache.routeScopes.get(route);
  if (!s) {
    s = scope('Route', { kind: route.kind, namespace: route.namespace, name: route.name });
    cache.routeScopes.set(route, s);
  }
  return s;
}

/**
 * The named rules of a route and their RouteRule scope keys.
 *
 * @param cache - the run's links
 * @param route - the route
 * @returns `[rule name, scope key]` per named rule
 */
export function ruleScopeKeysOf(cache: LinkCache, route: RouteNode): readonly (readonly [string, string])[] {
  let keys = cache.ruleScopeKeys.get(route);
  if (keys === undefined) {
    keys = route.rules.flatMap((r) =>
      r.name === null
        ? []
        : [
            [
              r.name,
              keyOf(
                scope('RouteRule', {
                  kind: route.kind,
                  namespace: route.namespace,
                  name: route.name,
                  section: r.name,
                }),
              ),
            ] as const,
          ],
    );
    cache.ruleScopeKeys.set(route, keys);
  }
  return keys;
}

/**
 * A route's managed parentRefs and ancestors split by the GatewayClass of their Gateway, in the
 * order of the classes, or null when they are all of one class (the common case): Envoy Gateway
 * translates one GatewayClass at a time.
 *
 * @param topology - the graph
 * @param frame - the route's frame
 * @param classOrder - the GatewayClass names in processing order (`GraphOrder.gatewayClasses`)
 * @returns the groups, or null
 */
export function frameByGatewayClass(
  topology: Topology,
  frame: RouteFrame,
  classOrder: readonly string[],
): { readonly parentRefs: ParentRefNode[]; readonly ancestors: AncestorRef[] }[] | null {
  const classOf = (pr: ParentRefNode): string =>
    (pr.gateway === null ? undefined : topology.gateways.get(pr.gateway)?.gatewayClassName) ?? '';
  const first = frame.parentRefs[0];
  if (first === undefined || frame.parentRefs.every((pr) => classOf(pr) === classOf(first))) return null;
  const groups = new Map<string, { parentRefs: ParentRefNode[]; ancestors: AncestorRef[] }>();
  frame.parentRefs.forEach((pr, i) => {
    const c = classOf(pr);
    let g = groups.get(c);
    if (!g) {
      g = { parentRefs: [], ancestors: [] };
      groups.set(c, g);
    }
    g.parentRefs.push(pr);
    const ancestor = frame.links[i]!.ancestor;
    if (!g.ancestors.some((a) => sameAncestorRef(a, ancestor))) g.ancestors.push(ancestor);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => classOrder.indexOf(a) - classOrder.indexOf(b))
    .map(([, g]) => g);
}
