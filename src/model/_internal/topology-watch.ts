/**
 * `provider.kubernetes.watch`: which objects of the input Envoy Gateway v1.9 sees, and the info
 * diagnostic per namespace that says why the others are left out of the simulation.
 *
 * - `Namespaces` (`WatchesNamespaces`: the type and a non-empty list; kubernetes.go:276-352):
 *   the controller's cache holds namespaced objects of the listed namespaces only; ConfigMaps,
 *   Secrets, Services and EndpointSlices of the controller namespace are cached too. Every other
 *   kind of the controller namespace (Gateways, routes, policies, EnvoyProxies, ReferenceGrants)
 *   is not seen unless the namespace is listed. A lookup by name into an unwatched namespace
 *   fails (controller-runtime: "unable to get: ns/name because of unknown namespace for the
 *   cache"): a cross-namespace reference there finds nothing.
 * - `NamespaceSelector` (`byNamespaceSelectorEnabled`: the type and a selector with `matchLabels`
 *   or a `matchExpressions` entry; controller.go:181-186): the cache holds every namespace, and the
 *   controller's client filters what it *lists* by the labels of the object's Namespace
 *   (`namespaceSelectorClient`, namespace_selector_client.go): Gateways, ListenerSets, routes,
 *   ReferenceGrants, policies, BackendTLSPolicies and EndpointSlices of a namespace the selector
 *   does not match are not seen, nor those of a namespace that does not exist (`NotFound` does not
 *   match); ConfigMaps, Secrets, Services and EndpointSlices of the controller namespace pass
 *   (`isNamespaceSelectorBypassInfrastructureResource`). What it *gets* by name is not filtered:
 *   Services, ServiceImports, Backends, Secrets, ConfigMaps, EnvoyProxies and HTTPRouteFilters are
 *   read in every namespace (a cross-namespace backend there still needs a ReferenceGrant, which
 *   is listed, so filtered).
 * - Cluster-scoped kinds (GatewayClass, Namespace, ClusterTrustBundle) are never filtered.
 *
 * A Namespace's labels include `kubernetes.io/metadata.name: <name>`, which the API server sets
 * on every Namespace, so a selector on that label needs no Namespace object in the input.
 */
import type { Diagnostic } from '../diagnostic.js';
import { labelMatcher } from '../label-selector.js';
import type { Resource } from '../resource.js';
import type { WatchSettings } from '../topology-types.js';
import type { JsonObject, LabelSelector, Namespace } from '../types.js';
import { diagnosticAt } from './topology-diagnostics.js';
import { asLabels, asRecord } from './topology-read.js';

/** `ENVOY_GATEWAY_NAMESPACE`'s default (internal/envoygateway/config/config.go). */
export const DEFAULT_CONTROLLER_NAMESPACE = 'envoy-gateway-system';

/** The label the API server sets on every Namespace (`NamespaceDefaultLabelName`). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Kinds cached in the controller namespace under `Namespaces` (ByObject overrides). */
const CONTROLLER_NAMESPACE_KINDS: ReadonlySet<string> = new Set([
  'ConfigMap',
  'Secret',
  'Service',
  'EndpointSlice',
]);

/** Kinds the controller lists (filtered by `NamespaceSelector`); the others it gets by name. */
const LISTED_KINDS: ReadonlySet<string> = new Set([
  'Gateway',
  'ListenerSet',
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
  'ReferenceGrant',
  'ClientTrafficPolicy',
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
  'EnvoyPatchPolicy',
  'BackendTLSPolicy',
  'EndpointSlice',
]);

/** Listed kinds of the controller namespace that pass a `NamespaceSelector` regardless. */
const SELECTOR_BYPASS_KINDS: ReadonlySet<string> = new Set([
  'ConfigMap',
  'Secret',
  'Service',
  'EndpointSlice',
]);

/**
 * The watch settings of a configuration's `provider.kubernetes.watch` (already validated).
 *
 * @param raw - `provider.kubernetes.watch` as written, or undefined
 * @param controllerNamespace - where Envoy Gateway runs
 * @returns the settings; mode `all` when Envoy Gateway applies no filter
 */
export function watchSettingsOf(raw: JsonObject | undefined, controllerNamespace: string): WatchSettings {
  const none: WatchSettings = {
    mode: 'all',
    namespaces: [],
    namespaceSelector: null,
    controllerNamespace,
    configured: raw !== undefined,
  };
  if (raw === undefined) return none;
  if (raw.type === 'Namespaces') {
    const namespaces = Array.isArray(raw.namespaces)
      ? raw.namespaces.filter((n): n is string => typeof n === 'string')
      : [];
    return namespaces.length > 0 ? { ...none, mode: 'Namespaces', namespaces } : none;
  }
  if (raw.type === 'NamespaceSelector') {
    const selector = asRecord(raw.namespaceSelector);
    const labels = selector?.matchLabels;
    const expressions = selector?.matchExpressions;
    const enabled =
      (labels !== undefined && labels !== null) || (Array.isArray(expressions) && expressions.length > 0);
    return enabled
      ? { ...none, mode: 'NamespaceSelector', namespaceSelector: selector as LabelSelector }
      : none;
  }
  return none;
}

/**
 * Whether a selector reads only `kubernetes.io/metadata.name` (then Namespace objects are not
 * needed to judge it).
 *
 * @param selector - the watch's namespaceSelector
 * @returns true when every key it reads is the name label
 */
export function selectsByNameOnly(selector: LabelSelector): boolean {
  const keys = [
    ...Object.keys(selector.matchLabels ?? {}),
    ...(selector.matchExpressions ?? []).map((e) => e.key),
  ];
  return keys.every((k) => k === NAMESPACE_NAME_LABEL);
}

/**
 * Whether Envoy Gateway's lookup by name of a kind in a namespace fails on its cache rather than
 * finding nothing (`Namespaces` mode, a namespace the cache does not hold): controller-runtime's
 * error then says so, and Envoy Gateway quotes it where it reports a lookup error (a
 * GatewayClass's EnvoyProxy).
 *
 * @param settings - the watch settings
 * @param kind - the kind looked up
 * @param namespace - its namespace
 * @returns whether the cache does not hold that namespace for that kind
 */
export function cacheMisses(settings: WatchSettings, kind: string, namespace: string): boolean {
  if (settings.mode !== 'Namespaces' || namespace === '' || settings.namespaces.includes(namespace))
    return false;
  return !(namespace === settings.controllerNamespace && CONTROLLER_NAMESPACE_KINDS.has(kind));
}

/**
 * A namespace's labels as the watch reads them (with the name label Kubernetes adds), or null
 * when the namespace does not exist: absent from the input and not one the input implies.
 *
 * @param namespaces - the input's Namespaces by name
 * @param implicit - namespaces that exist without a Namespace object, or null for all of them
 * @returns the lookup
 */
export function namespaceLabelLookup(
  namespaces: ReadonlyMap<string, Resource<Namespace>>,
  implicit: ReadonlySet<string> | null,
): (namespace: string) => Readonly<Record<string, string>> | null {
  return (name) => {
    const ns = namespaces.get(name);
    if (ns === undefined && implicit !== null && !implicit.has(name)) return null;
    return { ...(asLabels(ns?.object.metadata?.labels) ?? {}), [NAMESPACE_NAME_LABEL]: name };
  };
}

/** Why Envoy Gateway does not see a resource, or null when it does. */
type Why = { readonly namespace: string; readonly text: string } | null;

/**
 * The watch as a predicate, with the reason for each namespace it leaves out.
 *
 * @param settings - the watch settings
 * @param namespaceLabels - a namespace's labels (with the name label), or null when it does not exist
 * @returns why a resource is left out (null: Envoy Gateway sees it)
 */
export function watchScope(
  settings: WatchSettings,
  namespaceLabels: (namespace: string) => Readonly<Record<string, string>> | null,
): (r: Resource) => Why {
  if (settings.mode === 'all') return () => null;
  const ctl = settings.controllerNamespace;
  if (settings.mode === 'Namespaces') {
    const watched = new Set(settings.namespaces);
    const list = settings.namespaces.join(', ');
    return (r) => {
      if (r.namespace === '' || watched.has(r.namespace)) return null;
      if (r.namespace === ctl) {
        if (CONTROLLER_NAMESPACE_KINDS.has(r.kind)) return null;
        return {
          namespace: r.namespace,
          text: `namespace ${ctl} is where Envoy Gateway runs but is not in provider.kubernetes.watch.namespaces (${list}): of its objects only ConfigMaps, Secrets, Services and EndpointSlices are read`,
        };
      }
      return {
        namespace: r.namespace,
        text: `Envoy Gateway does not watch namespace ${r.namespace} (provider.kubernetes.watch.namespaces: ${list}): its objects are not seen, and references into it find nothing`,
      };
    };
  }
  const matches = labelMatcher(settings.namespaceSelector);
  const selectorText = JSON.stringify(settings.namespaceSelector);
  // Per namespace, as the client caches it: null when selected, else why not.
  const verdicts = new Map<string, Why>();
  const verdict = (namespace: string): Why => {
    const labels = namespaceLabels(namespace);
    if (labels !== null && matches(labels)) return null;
    return {
      namespace,
      text:
        labels === null
          ? `namespace ${namespace} does not exist in the input, so it does not match provider.kubernetes.watch.namespaceSelector ${selectorText}: Envoy Gateway does not list its Gateways, ListenerSets, routes, ReferenceGrants and policies`
          : `namespace ${namespace} (labels ${JSON.stringify(labels)}) does not match provider.kubernetes.watch.namespaceSelector ${selectorText}: Envoy Gateway does not list its Gateways, ListenerSets, routes, ReferenceGrants and policies (its Services, Secrets, ConfigMaps, Backends and EnvoyProxies are still read by name)`,
    };
  };
  return (r) => {
    if (r.namespace === '' || !LISTED_KINDS.has(r.kind)) return null;
    if (r.namespace === ctl && SELECTOR_BYPASS_KINDS.has(r.kind)) return null;
    if (!verdicts.has(r.namespace)) verdicts.set(r.namespace, verdict(r.namespace));
    return verdicts.get(r.namespace) ?? null;
  };
}

/**
 * Leaves out what Envoy Gateway does not see, with one info diagnostic per namespace.
 *
 * @param resources - the input's resources (first of each key), input order
 * @param why - from {@link watchScope}
 * @param diagnostics - sink
 * @returns the resources Envoy Gateway sees, input order
 */
export function leaveOutUnwatched(
  resources: readonly Resource[],
  why: (r: Resource) => Why,
  diagnostics: Diagnostic[],
): Resource[] {
  const seen: Resource[] = [];
  const out = new Map<string, { text: string; resources: Resource[] }>();
  for (const r of resources) {
    const w = why(r);
    if (w === null) {
      seen.push(r);
      continue;
    }
    const entry = out.get(w.namespace);
    if (entry === undefined) out.set(w.namespace, { text: w.text, resources: [r] });
    else entry.resources.push(r);
  }
  for (const { text, resources: left } of out.values()) {
    const examples = left
      .slice(0, 3)
      .map((r) => r.key)
      .join(', ');
    const more = left.length > 3 ? `, ${left.length - 3} more` : '';
    diagnostics.push(
      diagnosticAt(
        'GWP-TOPO-NOT-WATCHED',
        'info',
        `${text}; ${left.length} object${left.length === 1 ? '' : 's'} left out of the simulation (${examples}${more})`,
        left[0]!,
      ),
    );
  }
  return seen;
}
