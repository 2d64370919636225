/**
 * A loaded resource: the object as given, its identity and where it came from.
 *
 * @packageDocumentation
 */
import type { SourceLocation } from './diagnostic.js';
import { formatRef } from './object-ref.js';
import type { KubeObject } from './types.js';

/** One loaded Kubernetes object with its identity and source. Plain data. */
export interface Resource<T extends KubeObject = KubeObject> {
  /** The object's kind, as written. */
  readonly kind: string;
  /** Namespace; `''` for cluster-scoped kinds. Namespaced kinds without one get `default`. */
  readonly namespace: string;
  readonly name: string;
  /** `Kind/namespace/name`, or `Kind/name` for cluster-scoped kinds. Unique within a load. */
  readonly key: string;
  /** The object, with `metadata.namespace` filled in for namespaced kinds. Never the caller's object. */
  readonly object: T;
  /** Where it was read from. */
  readonly source: SourceLocation;
  /** 0-based position in input order across the whole load (file order, then document order). */
  readonly index: number;
}

/** Facts about a kind the simulator knows. */
export interface KindInfo {
  readonly kind: string;
  /** API group (`''` for the core group). */
  readonly group: string;
  readonly namespaced: boolean;
  /** The key of this kind in Envoy Gateway's translator test-data layout. */
  readonly testDataKey?: string;
  /** True when that key holds one object rather than a list. */
  readonly single?: boolean;
  /** apiVersion assumed when a test-data entry has none. */
  readonly defaultApiVersion: string;
}

const gw = 'gateway.networking.k8s.io';
const eg = 'gateway.envoyproxy.io';

/** Every kind the loader turns into a resource. Others give an info diagnostic (`GWP-LOAD-UNKNOWN-KIND`). */
export const KNOWN_KINDS: readonly KindInfo[] = [
  {
    kind: 'GatewayClass',
    group: gw,
    namespaced: false,
    testDataKey: 'gatewayClass',
    single: true,
    defaultApiVersion: `${gw}/v1`,
  },
  { kind: 'Gateway', group: gw, namespaced: true, testDataKey: 'gateways', defaultApiVersion: `${gw}/v1` },
  {
    kind: 'ListenerSet',
    group: gw,
    namespaced: true,
    testDataKey: 'listenerSets',
    defaultApiVersion: `${gw}/v1`,
  },
  {
    kind: 'HTTPRoute',
    group: gw,
    namespaced: true,
    testDataKey: 'httpRoutes',
    defaultApiVersion: `${gw}/v1`,
  },
  {
    kind: 'GRPCRoute',
    group: gw,
    namespaced: true,
    testDataKey: 'grpcRoutes',
    defaultApiVersion: `${gw}/v1`,
  },
  {
    kind: 'TLSRoute',
    group: gw,
    namespaced: true,
    testDataKey: 'tlsRoutes',
    defaultApiVersion: `${gw}/v1alpha2`,
  },
  {
    kind: 'TCPRoute',
    group: gw,
    namespaced: true,
    testDataKey: 'tcpRoutes',
    defaultApiVersion: `${gw}/v1alpha2`,
  },
  {
    kind: 'UDPRoute',
    group: gw,
    namespaced: true,
    testDataKey: 'udpRoutes',
    defaultApiVersion: `${gw}/v1alpha2`,
  },
  {
    kind: 'ReferenceGrant',
    group: gw,
    namespaced: true,
    testDataKey: 'referenceGrants',
    defaultApiVersion: `${gw}/v1beta1`,
  },
  {
    kind: 'BackendTLSPolicy',
    group: gw,
    namespaced: true,
    testDataKey: 'backendTLSPolicies',
    defaultApiVersion: `${gw}/v1`,
  },
  { kind: 'Namespace', group: '', namespaced: false, testDataKey: 'namespaces', defaultApiVersion: 'v1' },
  { kind: 'Service', group: '', namespaced: true, testDataKey: 'services', defaultApiVersion: 'v1' },
  { kind: 'Secret', group: '', namespaced: true, testDataKey: 'secrets', defaultApiVersion: 'v1' },
  { kind: 'ConfigMap', group: '', namespaced: true, testDataKey: 'configMaps', defaultApiVersion: 'v1' },
  {
    kind: 'EndpointSlice',
    group: 'discovery.k8s.io',
    namespaced: true,
    testDataKey: 'endpointSlices',
    defaultApiVersion: 'discovery.k8s.io/v1',
  },
  {
    kind: 'ServiceImport',
    group: 'multicluster.x-k8s.io',
    namespaced: true,
    testDataKey: 'serviceImports',
    defaultApiVersion: 'multicluster.x-k8s.io/v1alpha1',
  },
  {
    kind: 'ClusterTrustBundle',
    group: 'certificates.k8s.io',
    namespaced: false,
    testDataKey: 'clusterTrustBundles',
    defaultApiVersion: 'certificates.k8s.io/v1beta1',
  },
  {
    kind: 'EnvoyProxy',
    group: eg,
    namespaced: true,
    testDataKey: 'envoyProxiesForGateways',
    defaultApiVersion: `${eg}/v1alpha1`,
  },
  {
    kind: 'ClientTrafficPolicy',
    group: eg,
    namespaced: true,
    testDataKey: 'clientTrafficPolicies',
    defaultApiVersion: `${eg}/v1alpha1`,
  },
  {
    kind: 'BackendTrafficPolicy',
    group: eg,
    namespaced: true,
    testDataKey: 'backendTrafficPolicies',
    defaultApiVersion: `${eg}/v1alpha1`,
  },
  {
    kind: 'SecurityPolicy',
    group: eg,
    namespaced: true,
    testDataKey: 'securityPolicies',
    defaultApiVersion: `${eg}/v1alpha1`,
  },
  {
    kind: 'EnvoyExtensionPolicy',
    group: eg,
    namespaced: true,
    testDataKey: 'envoyExtensionPolicies',
    defaultApiVersion: `${eg}/v1alpha1`,
  },
  {
    kind: 'EnvoyPatchPolicy',
    group: eg,
    namespaced: true,
    testDataKey: 'envoyPatchPolicies',
    defaultApiVersion: `${eg}/v1alpha1`,
  },
  {
    kind: 'Backend',
    group: eg,
    namespaced: true,
    testDataKey: 'backends',
    defaultApiVersion: `${eg}/v1alpha1`,
  },
  // Envoy Gateway's own configuration (`envoy-gateway.yaml`), read by `buildTopology`.
  { kind: 'EnvoyGateway', group: eg, namespaced: false, defaultApiVersion: `${eg}/v1alpha1` },
  {
    kind: 'HTTPRouteFilter',
    group: eg,
    namespaced: true,
    testDataKey: 'httpFilters',
    defaultApiVersion: `${eg}/v1alpha1`,
  },
];

const byKind = new Map(KNOWN_KINDS.map((k) => [k.kind, k]));

/**
 * Looks up what the simulator knows about a kind.
 *
 * @param kind - a kind, e.g. `HTTPRoute`
 * @returns its {@link KindInfo}, or `undefined` for a kind the simulator does not model
 * @example
 * kindInfo('HTTPRoute')?.namespaced; // => true
 */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/**
 * The identity key of an object: `Kind/namespace/name`, or `Kind/name` when cluster-scoped.
 *
 * @param kind - the kind
 * @param namespace - the namespace (`''` for cluster-scoped)
 * @param name - the name
 * @returns the key
 * @example
 * resourceKey('HTTPRoute', 'default', 'web'); // => 'HTTPRoute/default/web'
 */
export function resourceKey(kind: string, namespace: string, name: string): string {
  return formatRef({ kind, namespace, name });
}
