/**
 * What `readCluster` lists from a live cluster: every kind the simulation reads, with the API
 * versions to try (the first one the server serves is used) and whether it is namespaced.
 * Secrets and ConfigMaps are not listed: only those a reference names are read, one by one.
 * EndpointSlices are not read: no check of the simulation looks at them.
 *
 * @packageDocumentation
 */

/** One kind to list. */
export interface ClusterKind {
  readonly kind: string;
  /** API group; `''` for the core group. */
  readonly group: string;
  /** Versions to try, preferred first. */
  readonly versions: readonly string[];
  /** The resource name in the URL. */
  readonly plural: string;
}

const GW = 'gateway.networking.k8s.io';
const EG = 'gateway.envoyproxy.io';

/**
 * The kinds listed, cluster-wide, in the order their sources are handed to the loader.
 *
 * @example
 * CLUSTER_KINDS.find((k) => k.kind === 'HTTPRoute')?.plural; // => 'httproutes'
 */
export const CLUSTER_KINDS: readonly ClusterKind[] = [
  { kind: 'Namespace', group: '', versions: ['v1'], plural: 'namespaces' },
  { kind: 'GatewayClass', group: GW, versions: ['v1', 'v1beta1'], plural: 'gatewayclasses' },
  { kind: 'Gateway', group: GW, versions: ['v1', 'v1beta1'], plural: 'gateways' },
  { kind: 'ListenerSet', group: GW, versions: ['v1'], plural: 'listenersets' },
  { kind: 'HTTPRoute', group: GW, versions: ['v1', 'v1beta1'], plural: 'httproutes' },
  { kind: 'GRPCRoute', group: GW, versions: ['v1'], plural: 'grpcroutes' },
  { kind: 'TLSRoute', group: GW, versions: ['v1', 'v1alpha3', 'v1alpha2'], plural: 'tlsroutes' },
  { kind: 'TCPRoute', group: GW, versions: ['v1alpha2'], plural: 'tcproutes' },
  { kind: 'UDPRoute', group: GW, versions: ['v1alpha2'], plural: 'udproutes' },
  { kind: 'ReferenceGrant', group: GW, versions: ['v1', 'v1beta1'], plural: 'referencegrants' },
  { kind: 'BackendTLSPolicy', group: GW, versions: ['v1', 'v1alpha3'], plural: 'backendtlspolicies' },
  { kind: 'Service', group: '', versions: ['v1'], plural: 'services' },
  { kind: 'ServiceImport', group: 'multicluster.x-k8s.io', versions: ['v1alpha1'], plural: 'serviceimports' },
  {
    kind: 'ClusterTrustBundle',
    group: 'certificates.k8s.io',
    versions: ['v1beta1', 'v1alpha1'],
    plural: 'clustertrustbundles',
  },
  { kind: 'EnvoyProxy', group: EG, versions: ['v1alpha1'], plural: 'envoyproxies' },
  { kind: 'Backend', group: EG, versions: ['v1alpha1'], plural: 'backends' },
  { kind: 'HTTPRouteFilter', group: EG, versions: ['v1alpha1'], plural: 'httproutefilters' },
  { kind: 'ClientTrafficPolicy', group: EG, versions: ['v1alpha1'], plural: 'clienttrafficpolicies' },
  { kind: 'BackendTrafficPolicy', group: EG, versions: ['v1alpha1'], plural: 'backendtrafficpolicies' },
  { kind: 'SecurityPolicy', group: EG, versions: ['v1alpha1'], plural: 'securitypolicies' },
  { kind: 'EnvoyExtensionPolicy', group: EG, versions: ['v1alpha1'], plural: 'envoyextensionpolicies' },
  { kind: 'EnvoyPatchPolicy', group: EG, versions: ['v1alpha1'], plural: 'envoypatchpolicies' },
];
