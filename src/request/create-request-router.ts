/**
 * `createRequestRouter`: the routing index of one resolution, built once and reused by every
 * `routeRequest` call: Envoy Gateway's IR routes per listener in Envoy's order, the Envoy
 * listeners per port with their route configurations and domain indexes, the attachment points by
 * key, and a point explainer.
 *
 * @packageDocumentation
 */
import { createPointExplainer, type ExplainPoint } from '../explain/explain.js';
import { createRouteFailureJudge, type RouteFailure } from '../explain/route-failure.js';
import { listenerProblems } from '../model/listener-readiness.js';
import type { PolicyKind } from '../model/types.js';
import { processingTopology } from '../precedence/processing-order.js';
import type { Point, Resolution } from '../precedence/resolution-types.js';
import { buildEnvoyPorts, type EnvoyPort } from './_internal/envoy-listeners.js';
import { buildIrRoutes, type IrRouteTable } from './_internal/ir-routes.js';
import { RegexCache } from './_internal/regex-cache.js';

/** The routing index of a resolution. Opaque: its layout may change between releases. */
export interface RequestRouter {
  readonly resolution: Resolution;
  /** @internal */
  readonly index: RequestRouterIndex;
}

/** Opaque routing index (see {@link RequestRouter}). */
export interface RequestRouterIndex {
  readonly kind: 'RequestRouterIndex';
}

/** The index's real shape, for this folder only. */
export interface RouterIndex extends RequestRouterIndex {
  /** Listener key → why Envoy Gateway does not program it. */
  readonly problems: ReadonlyMap<string, string>;
  readonly ir: IrRouteTable;
  /** Fleet (Gateway, or GatewayClass under mergeGateways) → port → listeners there. */
  readonly ports: ReadonlyMap<string, ReadonlyMap<number, EnvoyPort>>;
  /** Point key → point. */
  readonly points: ReadonlyMap<string, Point>;
  /** Rules Envoy Gateway drops, by route key. */
  readonly droppedByRoute: ReadonlyMap<
    string,
    readonly { readonly ruleIndex: number; readonly reason: string }[]
  >;
  readonly explainPoint: (point: Point) => ExplainPoint;
  /** What a failed policy does to its routes, judged once per policy (status computed on first use). */
  readonly routeFailure: (kind: PolicyKind, id: string) => RouteFailure | null;
  readonly regexes: RegexCache;
}

/**
 * Builds the routing index of a resolution once, so each request is answered from indexes
 * (`routeRequest` accepts the router in place of the resolution). Cost: linear in routes and
 * listeners; nothing is kept in module state.
 *
 * @param resolution - from `resolvePolicies` or `simulate`
 * @returns the router
 * @example
 * const router = createRequestRouter(resolution);
 * routeRequest(router, { method: 'GET', url: 'https://shop.acme.example/cart' }, { gateway: 'infra/public-gw' }).route;
 * // => 'HTTPRoute/shop/cart'
 */
export function createRequestRouter(resolution: Resolution): RequestRouter {
  // R2.1: Gateways and routes in the order Envoy Gateway processes them (a cluster sorts them).
  const topology = processingTopology(resolution);
  const regexes = new RegexCache();
  const problems = listenerProblems(topology);
  const ready = (l: string): boolean => !problems.has(l);
  const ir = buildIrRoutes(topology, ready);
  const ports = buildEnvoyPorts(topology, ready, (l) => ir.byListener.get(l) ?? []);
  const points = new Map<string, Point>();
  for (const p of resolution.points) points.set(p.key, p);
  const droppedByRoute = new Map<string, { ruleIndex: number; reason: string }[]>();
  for (const d of ir.dropped.values()) {
    const list = droppedByRoute.get(d.route) ?? [];
    list.push({ ruleIndex: d.ruleIndex, reason: d.reason });
    droppedByRoute.set(d.route, list);
  }
  const index: RouterIndex = {
    kind: 'RequestRouterIndex',
    problems,
    ir,
    ports,
    points,
    droppedByRoute,
    explainPoint: createPointExplainer(resolution),
    routeFailure: createRouteFailureJudge(resolution),
    regexes,
  };
  return { resolution, index };
}
