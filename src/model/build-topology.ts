/**
 * Builds the topology graph (Gateways, listeners, ListenerSets, routes, rules, backends) with
 * every index the precedence engine needs.
 *
 * @packageDocumentation
 */

import { policyBackendRefs } from './_internal/topology-backends.js';
import { diagnosticAt } from './_internal/topology-diagnostics.js';
import { configFieldPointer, resolveEnvoyGatewaySettings } from './_internal/topology-envoy-gateway.js';
import { classSettingsResolver } from './_internal/topology-envoy-proxy.js';
import { buildGateways } from './_internal/topology-gateways.js';
import { buildLabelIndex } from './_internal/topology-label-index.js';
import { buildListenerSets } from './_internal/topology-listener-sets.js';
import type { NamespaceLookup } from './_internal/topology-listeners.js';
import { missingKindWarnings } from './_internal/topology-missing-kinds.js';
import { asLabels, asRecord, groupOf } from './_internal/topology-read.js';
import { buildRoutes } from './_internal/topology-routes.js';
import {
  cacheMisses,
  leaveOutUnwatched,
  namespaceLabelLookup,
  selectsByNameOnly,
  watchScope,
} from './_internal/topology-watch.js';
import type { Diagnostic } from './diagnostic.js';
import { fail } from './errors.js';
import type { DuplicateResource, LoadResult } from './load-types.js';
import type { Resource } from './resource.js';
import { kindInfo } from './resource.js';
import type { ListenerNode, Topology, TopologyOptions } from './topology-types.js';
import type {
  Gateway,
  GatewayClass,
  ListenerSet,
  Namespace,
  Policy,
  PolicyKind,
  ReferenceGrant,
  Route,
} from './types.js';
import { POLICY_KINDS, ROUTE_KINDS } from './types.js';

/** The GatewayClass name Envoy Gateway's translator test harness uses. */
const HARNESS_GATEWAY_CLASS = 'envoy-gateway-class';
/** The Namespaces Envoy Gateway's translator test harness adds to every case. */
const HARNESS_NAMESPACES: readonly string[] = ['default', 'envoy-gateway'];

const ROUTE_KIND_SET: ReadonlySet<string> = new Set(ROUTE_KINDS);
const POLICY_KIND_SET: ReadonlySet<string> = new Set(POLICY_KINDS);

function isLoadResult(input: LoadResult | readonly Resource[]): input is LoadResult {
  return !Array.isArray(input);
}

/**
 * Builds the immutable topology graph of a set of resources: managed Gateways and their listeners
 * (ListenerSet listeners included, under Envoy Gateway's IR names), route parentRefs resolved to
 * listeners by the Gateway API attachment rules, rules, backends, namespaces, ReferenceGrants,
 * policies, and a label index (`selectObjects`). Never throws on user input and never mutates it;
 * problems become `diagnostics`. Cost is linear in the input. Resources are taken in the order
 * given; `resolvePolicies` applies the cluster order (R2.1) itself.
 *
 * @param input - a {@link LoadResult} (its test-data flags set option defaults) or resources
 * @param options - controller name, Backend support, mergeGateways, GatewayClass, namespaces
 * @returns the topology
 * @example
 * const t = buildTopology(loadManifests(text));
 * t.gateways.get('default/eg')?.listeners; // => ['default/eg/http', 'default/eg/default/ls/extra']
 */
export function buildTopology(
  input: LoadResult | readonly Resource[],
  options: TopologyOptions = {},
): Topology {
  const resources: readonly Resource[] = isLoadResult(input) ? input.resources : input;
  const testData = isLoadResult(input) && input.testDataLayout;
  const diagnostics: Diagnostic[] = [];

  // ---- first object of each key wins ------------------------------------------------------------
  const all: Resource[] = [];
  const firstOfKey = new Set<string>();
  for (const r of resources) {
    if (firstOfKey.has(r.key)) {
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-DUPLICATE-RESOURCE',
          'warning',
          `${r.key} appears more than once; the first one is used`,
          r,
        ),
      );
      continue;
    }
    firstOfKey.add(r.key);
    all.push(r);
  }

  // ---- options: Envoy Gateway's configuration in force, the options over it -------------------
  const envoyGateway = resolveEnvoyGatewaySettings(
    all,
    testData ? input.testDataSettings : null,
    all.find((r) => r.kind === 'Gateway'),
    options,
    diagnostics,
  );
  const { controllerName, enableBackend, enableLua, globalRateLimit, enableSDSSecretRef } = envoyGateway;
  const gatewayClassName =
    options.gatewayClassName !== undefined
      ? options.gatewayClassName
      : testData
        ? HARNESS_GATEWAY_CLASS
        : null;
  const implicitNamespaces = options.implicitNamespaces ?? (testData ? HARNESS_NAMESPACES : 'all');
  const implicitSet = implicitNamespaces === 'all' ? null : new Set(implicitNamespaces);

  // ---- what Envoy Gateway sees: provider.kubernetes.watch (Namespaces are cluster-scoped) -----
  const namespaces = new Map<string, Resource<Namespace>>();
  for (const r of all) if (r.kind === 'Namespace') namespaces.set(r.name, r as Resource<Namespace>);
  const unwatched = watchScope(envoyGateway.watch, namespaceLabelLookup(namespaces, implicitSet));
  const kept = leaveOutUnwatched(all, unwatched, diagnostics);

  // ---- bucket by kind ------------------------------------------------------------------------------
  const byKey = new Map<string, Resource>();
  const gatewayClasses = new Map<string, Resource<GatewayClass>>();
  const referenceGrants = new Map<string, Resource<ReferenceGrant>[]>();
  const policies = new Map<PolicyKind, Resource<Policy>[]>(POLICY_KINDS.map((k) => [k, []]));
  // Duplicated policy identities, kept aside for the translator-test quirk (LoadResult.duplicates).
  const duplicatePolicies = new Map<PolicyKind, DuplicateResource[]>(POLICY_KINDS.map((k) => [k, []]));
  if (isLoadResult(input)) {
    for (const d of input.duplicates ?? []) {
      if ((POLICY_KINDS as readonly string[]).includes(d.kind))
        duplicatePolicies.get(d.kind as PolicyKind)!.push(d);
    }
  }
  const gatewayResources: Resource<Gateway>[] = [];
  const listenerSetResources: Resource<ListenerSet>[] = [];
  const routeResources: Resource<Route>[] = [];
  for (const r of kept) {
    byKey.set(r.key, r);
    if (r.kind === 'GatewayClass') gatewayClasses.set(r.name, r as Resource<GatewayClass>);
    else if (r.kind === 'Gateway') gatewayResources.push(r as Resource<Gateway>);
    else if (r.kind === 'ListenerSet') listenerSetResources.push(r as Resource<ListenerSet>);
    else if (ROUTE_KIND_SET.has(r.kind)) routeResources.push(r as Resource<Route>);
    else if (r.kind === 'ReferenceGrant') {
      const list = referenceGrants.get(r.namespace);
      if (list === undefined) referenceGrants.set(r.namespace, [r as Resource<ReferenceGrant>]);
      else list.push(r as Resource<ReferenceGrant>);
    } else if (POLICY_KIND_SET.has(r.kind)) policies.get(r.kind as PolicyKind)?.push(r as Resource<Policy>);
  }
  const now = instantOf(options.now);
  const managedClass = (className: string): boolean => {
    if (gatewayClassName !== null) return className === gatewayClassName;
    if (gatewayClasses.size === 0) return true;
    const gc = gatewayClasses.get(className);
    return gc !== undefined && asRecord(gc.object.spec)?.controllerName === controllerName;
  };
  // ---- per GatewayClass: its EnvoyProxy and mergeGateways (the runner translates one class at a time)
  const settingsOf = classSettingsResolver({
    gatewayClasses,
    byKey,
    testData: testData ? input.testDataSettings : null,
    defaultSpec: envoyGateway.envoyProxy ?? undefined,
    gatewayNamespaceMode: envoyGateway.gatewayNamespaceMode,
    cacheMisses: (ns) => cacheMisses(envoyGateway.watch, 'EnvoyProxy', ns),
    mergeGatewaysOverride: options.mergeGateways,
    managed: managedClass,
    report: (problem, gc) =>
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-GATEWAYCLASS-INVALID-PARAMS',
          'warning',
          `Envoy Gateway does not accept this GatewayClass (InvalidParameters) and translates its Gateways without an EnvoyProxy: ${problem}`,
          gc,
          '/spec/parametersRef',
        ),
      ),
  });

  const lookupNamespace: NamespaceLookup = (name) => {
    const ns = namespaces.get(name);
    if (ns !== undefined) return asLabels(ns.object.metadata?.labels) ?? {};
    return implicitSet === null || implicitSet.has(name) ? {} : null;
  };

  // ---- Gateways and their own listeners, then ListenerSets (their listeners follow) -----------
  const listeners = new Map<string, ListenerNode>();
  const gateways = buildGateways(
    {
      gatewayResources,
      gatewayClasses,
      gatewayClassName,
      managedClass,
      settingsOf,
      byKey,
      testData: testData === true,
    },
    listeners,
    diagnostics,
  );
  const listenerSets = buildListenerSets(
    listenerSetResources,
    gateways,
    lookupNamespace,
    listeners,
    diagnostics,
  );

  // Hostnames per (Gateway, port), all listeners, for the "taken by another listener" rule.
  const hostnameCounts = new Map<string, number>();
  for (const l of listeners.values()) {
    if (l.hostname === null) continue;
    const k = `${l.gateway} ${l.port} ${l.hostname}`;
    hostnameCounts.set(k, (hostnameCounts.get(k) ?? 0) + 1);
  }
  const hostnameTaken = (l: ListenerNode, hostname: string): boolean =>
    (hostnameCounts.get(`${l.gateway} ${l.port} ${hostname}`) ?? 0) - (l.hostname === hostname ? 1 : 0) > 0;

  // ---- routes ----------------------------------------------------------------------------------
  const gatewayView = new Map([...gateways].map(([k, g]) => [k, g.node]));
  const ctx = {
    gateways: gatewayView,
    listenerSets,
    listeners,
    byKey,
    lookupNamespace,
    hostnameTaken,
    listenersByName: new WeakMap(),
  };
  const { routes, routesByKind, routesOnListener, backends } = buildRoutes(
    routeResources,
    ctx,
    enableBackend,
    diagnostics,
  );

  // ---- policies: Backend references while Backend is off --------------------------------------
  if (!enableBackend) {
    for (const kind of POLICY_KINDS) {
      for (const p of policies.get(kind) ?? []) {
        for (const b of policyBackendRefs(p.object.spec)) {
          diagnostics.push(
            diagnosticAt(
              'GWP-TOPO-POLICY-BACKEND-DISABLED',
              'warning',
              `resource ${b.name} of type Backend cannot be used since Backend is disabled in Envoy Gateway configuration`,
              p,
              b.pointer,
            ),
          );
        }
      }
    }
  }

  // ---- whole kinds the answer depends on but the input lacks (not for the translator harness) ---
  if (!testData) {
    diagnostics.push(
      ...missingKindWarnings({
        resources: kept,
        gatewayResources,
        gatewayClassCount: gatewayClasses.size,
        gatewayClassNameOption: gatewayClassName !== null,
        namespaceCount: namespaces.size,
        listeners,
        ownerOf: (l) =>
          l.listenerSet === null
            ? gateways.get(l.gateway)?.node.resource
            : listenerSets.get(l.listenerSet)?.resource,
        referrers: [
          ...routeResources,
          ...POLICY_KINDS.flatMap((k) => policies.get(k) ?? []),
          ...kept.filter((r) => r.kind === 'BackendTLSPolicy' || r.kind === 'Backend'),
        ],
        controllerName,
        ...watchSelectorNeed(envoyGateway, byKey, all),
      }),
    );
  }

  // ---- label index: relevant routes, accepted Gateways, everything else ------------------------
  const indexed = kept
    .filter((r) => {
      if (ROUTE_KIND_SET.has(r.kind)) return routes.get(r.key)?.relevant === true;
      if (r.kind === 'Gateway') return gateways.get(`${r.namespace}/${r.name}`)?.node.accepted === true;
      return true;
    })
    .map((r) => ({ resource: r, group: groupOf(r.object.apiVersion, kindInfo(r.kind)?.group ?? '') }));
  const labelIndex = buildLabelIndex(indexed);

  return {
    options: {
      controllerName,
      enableBackend,
      enableLua,
      globalRateLimit,
      enableSDSSecretRef,
      mergeGateways: options.mergeGateways ?? null,
      gatewayClassName,
      implicitNamespaces,
      now,
    },
    envoyGateway,
    gatewayClassSettings: [...gatewayClasses.keys()].filter(managedClass).map((name) => {
      const c = settingsOf(name);
      return { name, envoyProxy: c.proxy?.key ?? null, mergeGateways: c.mergeGateways };
    }),
    resources,
    byKey,
    gatewayClasses,
    gateways: gatewayView,
    listenerSets,
    listeners,
    routes,
    routesByKind,
    routesOnListener,
    namespaces,
    referenceGrants,
    backends,
    policies,
    duplicatePolicies,
    diagnostics,
    labelIndex,
  };
}

/**
 * The configuration field the missing-Namespace warning points at, when the watch's
 * namespaceSelector is in force and reads labels other than the name the API server sets.
 */
function watchSelectorNeed(
  settings: Topology['envoyGateway'],
  byKey: ReadonlyMap<string, Resource>,
  all: readonly Resource[],
): { watchSelector?: { resource: Resource; pointer: string } } {
  const selector = settings.watch.namespaceSelector;
  if (settings.watch.mode !== 'NamespaceSelector' || selector === null || selectsByNameOnly(selector))
    return {};
  const resource =
    (settings.source === null ? undefined : byKey.get(settings.source)) ??
    all.find((r) => r.key === settings.source);
  if (resource === undefined) return {};
  return {
    watchSelector: {
      resource,
      pointer: configFieldPointer(resource, '/provider/kubernetes/watch/namespaceSelector'),
    },
  };
}

/** `TopologyOptions.now` in milliseconds since the epoch (default: now). */
function instantOf(now: Date | number | string | undefined): number {
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms))
    fail('GWP-API-BAD-OPTION', `now must be a Date, milliseconds or an RFC 3339 time, got ${String(now)}`);
  return ms;
}
