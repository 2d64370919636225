/**
 * The topology graph: an immutable, indexed view of Gateways, listeners, ListenerSets, routes,
 * rules and backends, built by `buildTopology`. Every question the precedence engine asks is
 * answered from an index here, never by scanning all resources.
 *
 * Nodes refer to each other by key (strings), so the graph is plain data apart from its `Map`
 * indexes.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from './diagnostic.js';
import type { DuplicateResource } from './load-types.js';
import type { Resource } from './resource.js';
import type {
  Backend,
  Gateway,
  GatewayClass,
  JsonObject,
  LabelSelector,
  Listener,
  ListenerSet,
  Namespace,
  ParentReference,
  Policy,
  PolicyKind,
  ReferenceGrant,
  Route,
  RouteKind,
  RouteRule,
  Service,
} from './types.js';

/** Options of `buildTopology`. */
export interface TopologyOptions {
  /**
   * The controller whose GatewayClasses are managed. Default
   * `gateway.envoyproxy.io/gatewayclass-controller`.
   */
  readonly controllerName?: string;
  /**
   * Honour `gateway.envoyproxy.io` Backend resources (Envoy Gateway's
   * `extensionApis.enableBackend`). Default false, as in Envoy Gateway; the loader's test-data
   * layout turns it on, as the upstream harness does (R1.7).
   */
  readonly enableBackend?: boolean;
  /**
   * Build Lua EnvoyExtensionPolicies (Envoy Gateway's `extensionApis.enableLua`). Default false
   * for plain manifests, as in Envoy Gateway v1.9, where Lua is off unless enabled; the loader's
   * test-data layout turns it on, as the upstream harness does.
   */
  readonly enableLua?: boolean;
  /**
   * Global rate limiting is configured (Envoy Gateway's `rateLimit` setting): without it a global
   * `rateLimit` BackendTrafficPolicy is `Invalid`. Default: from the EnvoyGateway configuration in
   * the input, else false (Envoy Gateway's default); true for the test-data layout.
   */
  readonly globalRateLimit?: boolean;
  /**
   * SDS reference Secrets may be used (`extensionApis.enableSDSSecretRef`). Default: from the
   * EnvoyGateway configuration in the input, else false, as in Envoy Gateway and its harness.
   */
  readonly enableSDSSecretRef?: boolean;
  /**
   * Force Envoy Gateway's `mergeGateways` for every GatewayClass. Default: as Envoy Gateway decides
   * it, per GatewayClass: the class's EnvoyProxy (`spec.parametersRef`; in the test-data layout,
   * `envoyProxyForGatewayClass`), else the EnvoyGateway configuration's `envoyProxy` default, else
   * false (see {@link GatewaySettings}).
   */
  readonly mergeGateways?: boolean;
  /**
   * Process only Gateways whose `spec.gatewayClassName` is exactly this name, as Envoy Gateway's
   * translator does (it runs once per GatewayClass). Default: `envoy-gateway-class` for the
   * test-data layout (the upstream harness's class), else `null`: a Gateway is managed when its
   * GatewayClass names `controllerName` (or, with no GatewayClass in the input, always).
   */
  readonly gatewayClassName?: string | null;
  /**
   * Namespaces taken to exist, without labels, although the input has no Namespace object for
   * them. Envoy Gateway refuses a route attachment from a namespace it cannot find. `'all'`
   * (default for plain manifests: every namespace exists, as in a cluster) or a list (default for
   * the test-data layout: `default` and `envoy-gateway`, the Namespaces the upstream harness adds).
   */
  readonly implicitNamespaces?: 'all' | readonly string[];
  /**
   * The instant certificate and CRL validity is judged at (Envoy Gateway reads the wall clock
   * while it translates): a `Date`, milliseconds since the epoch, or an RFC 3339 text. Default:
   * when `buildTopology` runs. Set it to make status that depends on certificate expiry
   * reproducible.
   */
  readonly now?: Date | number | string;
}

/** A Gateway listener or a ListenerSet listener. */
export interface ListenerNode {
  /**
   * Envoy Gateway's IR listener name: `gwNs/gwName/listener`, or
   * `gwNs/gwName/lsNs/lsName/listener` for a ListenerSet listener. Unique.
   */
  readonly key: string;
  /** The Gateway it belongs to (`ns/name`). */
  readonly gateway: string;
  /** The ListenerSet it comes from (`ns/name`), or null for the Gateway's own listeners. */
  readonly listenerSet: string | null;
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly hostname: string | null;
  /** The listener as written. */
  readonly spec: Listener;
  /** 0-based position in its Gateway's or ListenerSet's `spec.listeners`. */
  readonly index: number;
  /**
   * Route kinds this listener accepts (Envoy Gateway's listener `supportedKinds`): the protocol's
   * kinds, narrowed by `allowedRoutes.kinds` when given. Empty for an unsupported protocol.
   */
  readonly supportedKinds: readonly RouteKind[];
}

/**
 * Envoy Gateway's own configuration in force (`envoy-gateway.yaml`, the `envoy-gateway-config`
 * ConfigMap): what it sets that changes a status or an effective policy, after the options (the
 * CLI's flags) are applied over it.
 */
export interface EnvoyGatewaySettings {
  /**
   * `input`: read from an EnvoyGateway document or the `envoy-gateway-config` ConfigMap of the
   * input; `defaults`: none in the input, Envoy Gateway's defaults; `test-data`: the translator
   * harness's settings (the test-data layout).
   */
  readonly origin: 'input' | 'defaults' | 'test-data';
  /** The resource it was read from (`ConfigMap/ns/name` or `EnvoyGateway/name`), or null. */
  readonly source: string | null;
  /** `gateway.controllerName`: the GatewayClasses whose `controllerName` it is are managed. */
  readonly controllerName: string;
  /** `extensionApis.enableLua` (or `disableLua: false`). */
  readonly enableLua: boolean;
  /** `extensionApis.enableBackend`. */
  readonly enableBackend: boolean;
  /** `extensionApis.enableEnvoyPatchPolicy` (EnvoyPatchPolicies are not simulated). */
  readonly enableEnvoyPatchPolicy: boolean;
  /** `extensionApis.enableSDSSecretRef`. */
  readonly enableSDSSecretRef: boolean;
  /** `rateLimit` is configured: global rate limits can be built. */
  readonly globalRateLimit: boolean;
  /** `envoyProxy`: the EnvoyProxy spec under every GatewayClass's and Gateway's, or null. */
  readonly envoyProxy: JsonObject | null;
  /** `provider.kubernetes.deploy.type: GatewayNamespace` (a class that merges Gateways is then refused). */
  readonly gatewayNamespaceMode: boolean;
  /** The settings an option (a CLI flag) set over the configuration. */
  readonly overridden: readonly string[];
  /** `provider.kubernetes.watch`: which namespaced objects Envoy Gateway sees. */
  readonly watch: WatchSettings;
}

/**
 * `provider.kubernetes.watch` as Envoy Gateway v1.9 applies it (internal/provider/kubernetes):
 * `Namespaces` scopes the controller's cache to the listed namespaces (`WatchesNamespaces`: a
 * non-empty list), with only ConfigMaps, Secrets, Services and EndpointSlices read in the
 * controller namespace as well; `NamespaceSelector` filters what the controller lists (Gateways,
 * ListenerSets, routes, ReferenceGrants, policies, BackendTLSPolicies, EndpointSlices) by the
 * labels of the object's Namespace (`namespaceSelectorClient`; enabled only when the selector has
 * `matchLabels` or a `matchExpressions` entry), while objects it gets by name (Services, Secrets,
 * ConfigMaps, Backends, EnvoyProxies, ServiceImports, HTTPRouteFilters) are read in every
 * namespace. Cluster-scoped kinds are never filtered.
 */
export interface WatchSettings {
  /** `all`: every namespace (no watch, or one Envoy Gateway does not apply). */
  readonly mode: 'all' | 'Namespaces' | 'NamespaceSelector';
  /** `Namespaces` mode: the watched namespaces. */
  readonly namespaces: readonly string[];
  /** `NamespaceSelector` mode: the selector. */
  readonly namespaceSelector: LabelSelector | null;
  /**
   * Where Envoy Gateway runs: the namespace of the `envoy-gateway-config` ConfigMap, else
   * `envoy-gateway-system` (`ENVOY_GATEWAY_NAMESPACE`'s default).
   */
  readonly controllerNamespace: string;
  /** The configuration sets `provider.kubernetes.watch` (even when it does not apply). */
  readonly configured: boolean;
}

/** What a managed GatewayClass decides for its Gateways (see {@link GatewaySettings}). */
export interface GatewayClassSettings {
  readonly name: string;
  /** Key of the class's EnvoyProxy (`EnvoyProxy/ns/name`), or null. */
  readonly envoyProxy: string | null;
  /** The class's `mergeGateways`. */
  readonly mergeGateways: boolean;
}

/**
 * What a Gateway's GatewayClass and EnvoyProxy decide for it. Envoy Gateway's runner translates one
 * GatewayClass at a time, with that class's `mergeGateways`; each Gateway gets its own EnvoyProxy:
 * its `infrastructure.parametersRef` (unless the class merges Gateways) over the class's over the
 * EnvoyGateway configuration's default (`MergeEnvoyProxyConfigs`). Read it with `gatewaySettings`.
 */
export interface GatewaySettings {
  /** `spec.gatewayClassName`. */
  readonly gatewayClass: string;
  /** The class's `mergeGateways`: its EnvoyProxy, else the EnvoyGateway default, else false. */
  readonly mergeGateways: boolean;
  /** Envoy Gateway's IR key: the GatewayClass name when it merges Gateways, else `ns/name`. */
  readonly irKey: string;
  /** The EnvoyProxy spec the translator uses for this Gateway (as given, merged), or null. */
  readonly envoyProxy: JsonObject | null;
  /** Where `envoyProxy` comes from, most specific first: `EnvoyProxy/ns/name` keys, `EnvoyGateway.envoyProxy`. */
  readonly envoyProxySources: readonly string[];
}

export interface GatewayNode {
  /** `ns/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly resource: Resource<Gateway>;
  /** `spec.gatewayClassName` as written (`''` when missing). */
  readonly gatewayClassName: string;
  /** Its GatewayClass names the managed controller (or the input has no GatewayClass at all). */
  readonly managed: boolean;
  /**
   * Managed and accepted: the Gateways the translator processes (R3.4). Policies can
   * only target these.
   */
  readonly accepted: boolean;
  /** Its class's and EnvoyProxy's settings (`gatewaySettings`). */
  readonly settings: GatewaySettings;
  /** The Gateway's own listeners, in spec order (`gatewayDirectListeners`). */
  readonly directListeners: readonly string[];
  /**
   * Every listener in Envoy Gateway's order: the Gateway's own, then those of its accepted
   * ListenerSets (listener keys).
   */
  readonly listeners: readonly string[];
  /** ListenerSets attached to this Gateway (keys `ns/name`), in processing order. */
  readonly listenerSets: readonly string[];
}

export interface ListenerSetNode {
  /** `ns/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly resource: Resource<ListenerSet>;
  /** Parent Gateway key (`ns/name`), whether or not that Gateway exists. */
  readonly parentGateway: string;
  /** The parent Gateway exists and is accepted (R3.4). */
  readonly parentAccepted: boolean;
  /** The ListenerSet was accepted by its parent (allowedListeners etc.); its listeners exist in the graph. */
  readonly accepted: boolean;
  /** Its listeners (keys), in spec order. */
  readonly listeners: readonly string[];
}

/** Why a parentRef did not attach a route to any listener. */
export type NotAttachedReason =
  | 'NoMatchingParent'
  | 'NotAllowedByListeners'
  | 'NoMatchingListenerHostname'
  | 'UnsupportedValue'
  | 'ParentNotManaged'
  | 'ParentNotFound'
  /** The ListenerSet exists and its Gateway is accepted, but the Gateway does not accept it, or it has no listeners. */
  | 'ListenerSetNotAccepted';

/** One route parentRef, resolved. */
export interface ParentRefNode {
  /** Position in `spec.parentRefs`. */
  readonly index: number;
  /** The parentRef as written. */
  readonly ref: ParentReference;
  /** `ref.kind` with the default applied (`Gateway`). */
  readonly kind: string;
  /** `ref.group` with the CRD default applied (`gateway.networking.k8s.io`). */
  readonly group: string;
  /** `ref.namespace` with the default applied (the route's namespace). */
  readonly namespace: string;
  readonly name: string;
  readonly sectionName: string | null;
  readonly port: number | null;
  /** Gateway key (`ns/name`): the Gateway itself, or the ListenerSet's parent Gateway. Null if unknown. */
  readonly gateway: string | null;
  /** ListenerSet key when kind is ListenerSet and it exists, else null. */
  readonly listenerSet: string | null;
  /** The parent (Gateway, or ListenerSet whose Gateway is) managed by this controller (R3.3, R8.2). */
  readonly managed: boolean;
  /** The parent object exists (for a ListenerSet: the ListenerSet exists). */
  readonly exists: boolean;
  /**
   * Listener keys the parentRef selects (sectionName, port) that allow the route (kinds,
   * namespaces): Envoy Gateway's `RouteParentContext.listeners`, which policy merging iterates
   * (R7.2), hostname intersection NOT applied.
   */
  readonly allowedListeners: readonly string[];
  /**
   * Listener keys the route attached to through this parentRef (Gateway API attachment rules):
   * `allowedListeners` that also have a hostname intersection with the route.
   */
  readonly listeners: readonly string[];
  /** Why nothing attached, when `listeners` is empty. */
  readonly notAttachedReason: NotAttachedReason | null;
}

export interface RuleNode {
  /** Position in `spec.rules`. */
  readonly index: number;
  /** `rules[].name`, or null when unnamed (then no policy can target it, R5.3). */
  readonly name: string | null;
  readonly spec: RouteRule;
  /** Keys of the backends this rule references (`Service/ns/name`, `Backend/ns/name`, …). */
  readonly backends: readonly string[];
}

export interface RouteNode {
  /** `Kind/ns/name`. */
  readonly key: string;
  readonly kind: RouteKind;
  readonly namespace: string;
  readonly name: string;
  readonly resource: Resource<Route>;
  /** At least one parentRef points at a managed Gateway or ListenerSet (R3.3). */
  readonly relevant: boolean;
  readonly parentRefs: readonly ParentRefNode[];
  /** `spec.hostnames` (strings only). */
  readonly hostnames: readonly string[];
  readonly rules: readonly RuleNode[];
  /** Named rules by name (the first rule with a given name). */
  readonly ruleByName: ReadonlyMap<string, RuleNode>;
}

/** A route attached to a listener through one of its parentRefs. */
export interface ListenerRoute {
  readonly route: string;
  readonly parentRefIndex: number;
}

/** A Service or Backend reached through route backendRefs. */
export interface BackendNode {
  /** `Service/ns/name` or `Backend/ns/name`. */
  readonly key: string;
  readonly kind: 'Service' | 'Backend' | (string & {});
  readonly namespace: string;
  readonly name: string;
  /** The object, when it exists in the input. */
  readonly resource: Resource<Service> | Resource<Backend> | null;
  /** Route keys referencing it, in route order. */
  readonly routes: readonly string[];
}

/** A label selector query, as `targetSelectors[]` and `namespaces.selector` express it. */
export interface SelectorQuery {
  /** Object kind, e.g. `HTTPRoute`. */
  readonly kind: string;
  /** Object group; default `gateway.networking.k8s.io`. */
  readonly group?: string;
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }>;
}

/** The immutable graph. Lists are in input order unless said otherwise. */
export interface Topology {
  /** Envoy Gateway's configuration in force (the options are applied over it). */
  readonly envoyGateway: EnvoyGatewaySettings;
  /** The managed GatewayClasses of the input, in class order, with their settings. */
  readonly gatewayClassSettings: readonly GatewayClassSettings[];
  readonly options: Required<Omit<TopologyOptions, 'mergeGateways' | 'now'>> & {
    /** The `mergeGateways` override, or null: decided per GatewayClass (`GatewayNode.settings`). */
    readonly mergeGateways: boolean | null;
    /** `TopologyOptions.now` in milliseconds since the epoch. */
    readonly now: number;
  };
  /** All loaded resources, input order. */
  readonly resources: readonly Resource[];
  /**
   * Resources by key (`Kind/ns/name`): the ones Envoy Gateway sees (`provider.kubernetes.watch`
   * leaves the others out; `watchedBy(topology)` says which).
   */
  readonly byKey: ReadonlyMap<string, Resource>;
  readonly gatewayClasses: ReadonlyMap<string, Resource<GatewayClass>>;
  /** All Gateways by `ns/name`, managed or not. Iteration order is input order. */
  readonly gateways: ReadonlyMap<string, GatewayNode>;
  readonly listenerSets: ReadonlyMap<string, ListenerSetNode>;
  readonly listeners: ReadonlyMap<string, ListenerNode>;
  /** Routes by `Kind/ns/name`, every kind. Iteration order is input order. */
  readonly routes: ReadonlyMap<string, RouteNode>;
  /** Routes of one kind, input order. */
  readonly routesByKind: ReadonlyMap<RouteKind, readonly RouteNode[]>;
  /** Routes attached to each listener (by listener key), in route input order. */
  readonly routesOnListener: ReadonlyMap<string, readonly ListenerRoute[]>;
  readonly namespaces: ReadonlyMap<string, Resource<Namespace>>;
  /** ReferenceGrants by the namespace they live in. */
  readonly referenceGrants: ReadonlyMap<string, readonly Resource<ReferenceGrant>[]>;
  /** Services and Backends reached through route backendRefs, by key. */
  readonly backends: ReadonlyMap<string, BackendNode>;
  /** Policies of each of the four kinds, in input order. */
  readonly policies: ReadonlyMap<PolicyKind, readonly Resource<Policy>[]>;
  /**
   * Policies that repeated a kept policy's identity (`LoadResult.duplicates`), in input order.
   * Envoy Gateway's translator still walks their targets under the first object's identity; the
   * precedence engine reproduces that in `input` ordering (translator tests) only.
   */
  readonly duplicatePolicies: ReadonlyMap<PolicyKind, readonly DuplicateResource[]>;
  /** Problems found while building (unknown parents, Backend disabled, …). */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The label index `selectObjects` and `selectNamespaces` answer from (plain data: per API group
   * and kind, the objects with their labels, by namespace, by label pair and by label key).
   */
  readonly labelIndex: LabelIndex;
}

/** One object in the {@link LabelIndex}, with its label map read once and its input position. */
export interface LabelIndexEntry {
  readonly resource: Resource;
  readonly labels: Readonly<Record<string, string>> | undefined;
  /** Position among the objects of its kind (input order). */
  readonly pos: number;
}

/** The objects of one API group and kind in the {@link LabelIndex}. */
export interface LabelIndexKind {
  readonly all: readonly LabelIndexEntry[];
  readonly byNamespace: ReadonlyMap<string, readonly LabelIndexEntry[]>;
  /** By `key\u0000value`. */
  readonly byPair: ReadonlyMap<string, readonly LabelIndexEntry[]>;
  readonly byKey: ReadonlyMap<string, readonly LabelIndexEntry[]>;
}

/**
 * An inverted label index: per `group\u0000kind`, the selectable objects (relevant routes,
 * accepted Gateways, every other object).
 */
export type LabelIndex = ReadonlyMap<string, LabelIndexKind>;
