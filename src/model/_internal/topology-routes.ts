/**
 * The route nodes of the topology: each route's parentRefs resolved to listeners
 * (topology-parent-refs.ts), its rules with their backends, the routes on each listener, and the
 * backend nodes with the routes that reference them.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { Resource } from '../resource.js';
import { resourceKey } from '../resource.js';
import type { BackendNode, ListenerRoute, RouteNode, RuleNode } from '../topology-types.js';
import type { Backend, Route, RouteKind, RouteRule, Service } from '../types.js';
import { ENVOY_GATEWAY_GROUP, ROUTE_KINDS } from '../types.js';
import { ruleBackendRefs } from './topology-backends.js';
import { diagnosticAt } from './topology-diagnostics.js';
import { type ParentRefContext, resolveParentRef } from './topology-parent-refs.js';
import { asArray, asRecord, asString } from './topology-read.js';

/** The routes of a topology and what hangs off them. */
export interface RouteGraph {
  /** Route nodes by resource key, in input order. */
  readonly routes: Map<string, RouteNode>;
  /** Route nodes per kind, in input order. */
  readonly routesByKind: Map<RouteKind, RouteNode[]>;
  /** Per listener key, the routes (and parentRef index) attached to it. */
  readonly routesOnListener: Map<string, ListenerRoute[]>;
  /** Backend nodes by backend key, in order of first reference. */
  readonly backends: Map<string, BackendNode>;
}

/**
 * Builds the route nodes, their rules and the backends they reference.
 *
 * @param routeResources - the routes, in input order
 * @param ctx - what parentRef resolution reads (Gateways, ListenerSets, listeners, namespaces)
 * @param enableBackend - Envoy Gateway's `extensionApis.enableBackend`
 * @param diagnostics - where problems go
 * @returns the {@link RouteGraph}
 */
export function buildRoutes(
  routeResources: readonly Resource<Route>[],
  ctx: ParentRefContext,
  enableBackend: boolean,
  diagnostics: Diagnostic[],
): RouteGraph {
  const { byKey } = ctx;
  const routes = new Map<string, RouteNode>();
  const routesByKind = new Map<RouteKind, RouteNode[]>(ROUTE_KINDS.map((k) => [k, []]));
  const routesOnListener = new Map<string, ListenerRoute[]>();
  const backends = new Map<string, { node: BackendNode; routes: string[] }>();
  for (const r of routeResources) {
    const kind = r.kind as RouteKind;
    const spec = asRecord(r.object.spec) ?? {};
    if (spec.parentRefs !== undefined && !Array.isArray(spec.parentRefs)) {
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-MALFORMED-FIELD',
          'warning',
          'spec.parentRefs is not a list',
          r,
          '/spec/parentRefs',
        ),
      );
    }
    const hostnames = asArray(spec.hostnames).filter((h): h is string => typeof h === 'string');
    const parentRefs = asArray(spec.parentRefs).map((p, i) =>
      resolveParentRef(r, kind, hostnames, p, i, ctx),
    );
    const relevant = parentRefs.some((p) => p.managed);
    for (const p of parentRefs) {
      if (p.notAttachedReason === 'UnsupportedValue') {
        diagnostics.push(
          diagnosticAt(
            'GWP-TOPO-PARENTREF-UNSUPPORTED',
            'warning',
            `parentRef ${p.group}/${p.kind} is neither a Gateway nor a ListenerSet of gateway.networking.k8s.io; it is ignored`,
            r,
            `/spec/parentRefs/${p.index}`,
          ),
        );
      } else if (p.managed && p.notAttachedReason !== null) {
        diagnostics.push(
          diagnosticAt(
            'GWP-TOPO-ROUTE-NOT-ATTACHED',
            'info',
            `parentRef to ${p.kind} ${p.namespace}/${p.name} attaches to no listener (${p.notAttachedReason})`,
            r,
            `/spec/parentRefs/${p.index}`,
          ),
        );
      }
    }

    const key = r.key;
    const rules: RuleNode[] = [];
    const ruleByName = new Map<string, RuleNode>();
    asArray(spec.rules).forEach((raw, i) => {
      const rule = (asRecord(raw) ?? {}) as RouteRule;
      const name = asString(rule.name) || null;
      const ruleBackends: string[] = [];
      const inRule = new Set<string>();
      for (const b of ruleBackendRefs(raw, i, r.namespace)) {
        if (!inRule.has(b.key)) ruleBackends.push(b.key);
        inRule.add(b.key);
        let entry = backends.get(b.key);
        if (entry === undefined) {
          const found =
            b.kind === 'Service' || b.kind === 'Backend'
              ? byKey.get(resourceKey(b.kind, b.namespace, b.name))
              : undefined;
          const routeList: string[] = [];
          entry = {
            routes: routeList,
            node: {
              key: b.key,
              kind: b.kind,
              namespace: b.namespace,
              name: b.name,
              resource: (found ?? null) as Resource<Service> | Resource<Backend> | null,
              routes: routeList,
            },
          };
          backends.set(b.key, entry);
        }
        if (entry.routes[entry.routes.length - 1] !== key) entry.routes.push(key);
        if (relevant && !enableBackend && b.kind === 'Backend' && b.group === ENVOY_GATEWAY_GROUP) {
          diagnostics.push(
            diagnosticAt(
              'GWP-TOPO-BACKEND-DISABLED',
              'warning',
              'Backend is disabled in Envoy Gateway configuration',
              r,
              b.pointer,
            ),
          );
        }
      }
      const node: RuleNode = { index: i, name, spec: rule, backends: ruleBackends };
      rules.push(node);
      if (name !== null && !ruleByName.has(name)) ruleByName.set(name, node);
    });

    const node: RouteNode = {
      key,
      kind,
      namespace: r.namespace,
      name: r.name,
      resource: r,
      relevant,
      parentRefs,
      hostnames,
      rules,
      ruleByName,
    };
    routes.set(key, node);
    routesByKind.get(kind)?.push(node);
    for (const p of parentRefs) {
      for (const l of p.listeners) {
        const list = routesOnListener.get(l);
        const entry: ListenerRoute = { route: key, parentRefIndex: p.index };
        if (list === undefined) routesOnListener.set(l, [entry]);
        else list.push(entry);
      }
    }
  }
  return {
    routes,
    routesByKind,
    routesOnListener,
    backends: new Map([...backends].map(([k, v]) => [k, v.node])),
  };
}
