/**
 * Hand-written, readonly types for the Kubernetes Gateway API and Envoy Gateway resources the
 * simulator understands. Only the fields that matter for attachment are typed; the rest of each
 * spec stays open JSON ({@link JsonObject}).
 *
 * @packageDocumentation
 */

/** Any JSON value, readonly all the way down. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object, readonly. */
export interface JsonObject {
  readonly [key: string]: JsonValue | undefined;
}

/** An object with some typed fields; the rest stays open. */
export interface OpenObject {
  readonly [key: string]: unknown;
}

/** Kubernetes `metadata`, the fields the simulator reads. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** RFC 3339, second precision, as Kubernetes serialises it. */
  readonly creationTimestamp?: string | null;
  readonly generation?: number;
  readonly uid?: string;
  readonly [key: string]: unknown;
}

/** A Kubernetes object: apiVersion, kind, metadata, and an open spec. */
export interface KubeObject<K extends string = string, S = OpenObject> {
  readonly apiVersion?: string;
  readonly kind: K;
  readonly metadata: ObjectMeta;
  readonly spec?: S;
  readonly status?: unknown;
  readonly [key: string]: unknown;
}

/** A Kubernetes LabelSelector requirement. */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | (string & {});
  readonly values?: readonly string[];
}

/** A Kubernetes LabelSelector. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

// ---------------------------------------------------------------------------------------------
// Gateway API

/** `gateway.networking.k8s.io` GatewayClass. */
export interface GatewayClassSpec extends OpenObject {
  readonly controllerName: string;
}
export type GatewayClass = KubeObject<'GatewayClass', GatewayClassSpec>;

/** `allowedRoutes` of a listener. */
export interface AllowedRoutes extends OpenObject {
  readonly namespaces?: {
    readonly from?: 'All' | 'Same' | 'Selector' | (string & {});
    readonly selector?: LabelSelector;
  };
  readonly kinds?: readonly { readonly group?: string; readonly kind: string }[];
}

/** A Gateway or ListenerSet listener. */
export interface Listener extends OpenObject {
  readonly name: string;
  readonly protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP' | (string & {});
  readonly port: number;
  readonly hostname?: string;
  readonly allowedRoutes?: AllowedRoutes;
  readonly tls?: OpenObject;
}

export interface GatewaySpec extends OpenObject {
  readonly gatewayClassName: string;
  readonly listeners?: readonly Listener[];
  /** Which namespaces may attach ListenerSets (Gateway API v1.4+). */
  readonly allowedListeners?: {
    readonly namespaces?: {
      readonly from?: 'All' | 'Same' | 'Selector' | 'None' | (string & {});
      readonly selector?: LabelSelector;
    };
  };
}
export type Gateway = KubeObject<'Gateway', GatewaySpec>;

/** A reference from a ListenerSet to its parent Gateway. */
export interface ParentGatewayReference extends OpenObject {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface ListenerSetSpec extends OpenObject {
  readonly parentRef: ParentGatewayReference;
  readonly listeners?: readonly Listener[];
}
export type ListenerSet = KubeObject<'ListenerSet', ListenerSetSpec>;

/** A route's `parentRefs[]` entry. */
export interface ParentReference extends OpenObject {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** A backendRef of a route rule (or of a policy). */
export interface BackendRef extends OpenObject {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
  readonly port?: number;
  readonly weight?: number;
}

/** One rule of any route kind. */
export interface RouteRule extends OpenObject {
  readonly name?: string;
  readonly backendRefs?: readonly BackendRef[];
}

export interface RouteSpec extends OpenObject {
  readonly parentRefs?: readonly ParentReference[];
  readonly hostnames?: readonly string[];
  readonly rules?: readonly RouteRule[];
}

/** The five route kinds, spelt as the API spells them. */
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export type HTTPRoute = KubeObject<'HTTPRoute', RouteSpec>;
export type GRPCRoute = KubeObject<'GRPCRoute', RouteSpec>;
export type TLSRoute = KubeObject<'TLSRoute', RouteSpec>;
export type TCPRoute = KubeObject<'TCPRoute', RouteSpec>;
export type UDPRoute = KubeObject<'UDPRoute', RouteSpec>;
export type Route = KubeObject<RouteKind, RouteSpec>;

export type Namespace = KubeObject<'Namespace', OpenObject>;

export interface ReferenceGrantSpec extends OpenObject {
  readonly from: readonly { readonly group: string; readonly kind: string; readonly namespace: string }[];
  readonly to: readonly { readonly group: string; readonly kind: string; readonly name?: string }[];
}
export type ReferenceGrant = KubeObject<'ReferenceGrant', ReferenceGrantSpec>;

export type Service = KubeObject<'Service', OpenObject>;

// ---------------------------------------------------------------------------------------------
// Envoy Gateway

/** `gateway.envoyproxy.io` Backend: endpoints by fqdn, ip or unix socket. */
export interface BackendSpec extends OpenObject {
  readonly type?: 'Endpoints' | 'DynamicResolver' | (string & {});
  readonly endpoints?: readonly {
    readonly fqdn?: { readonly hostname: string; readonly port: number };
    readonly ip?: { readonly address: string; readonly port: number };
    readonly unix?: { readonly path: string };
    readonly [key: string]: unknown;
  }[];
  readonly tls?: OpenObject;
}
export type Backend = KubeObject<'Backend', BackendSpec>;

/** `targetRef` / `targetRefs[]` entry (LocalPolicyTargetReferenceWithSectionName). */
export interface PolicyTargetReference extends OpenObject {
  readonly group?: string;
  readonly kind: string;
  readonly name: string;
  readonly sectionName?: string;
}

/** `targetSelectors[]` entry (R1.3). */
export interface TargetSelector extends OpenObject {
  readonly group?: string;
  readonly kind: string;
  readonly namespaces?: {
    readonly from?: 'Same' | 'All' | 'Selector' | (string & {});
    readonly selector?: LabelSelector;
  };
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** The three mergeType values the API knows (R1.5). */
export type MergeType = 'StrategicMerge' | 'JSONMerge' | 'Replace';

/** The targeting fields every Envoy Gateway policy spec inlines (R1.1), plus `mergeType`. */
export interface PolicyTargetFields extends OpenObject {
  readonly targetRef?: PolicyTargetReference;
  readonly targetRefs?: readonly PolicyTargetReference[];
  readonly targetSelectors?: readonly TargetSelector[];
  readonly mergeType?: MergeType | (string & {});
}

/** The four direct-attached Envoy Gateway policy kinds. */
export const POLICY_KINDS = [
  'ClientTrafficPolicy',
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export type ClientTrafficPolicy = KubeObject<'ClientTrafficPolicy', PolicyTargetFields>;
export type BackendTrafficPolicy = KubeObject<'BackendTrafficPolicy', PolicyTargetFields>;
export type SecurityPolicy = KubeObject<'SecurityPolicy', PolicyTargetFields>;
export type EnvoyExtensionPolicy = KubeObject<'EnvoyExtensionPolicy', PolicyTargetFields>;
export type Policy = KubeObject<PolicyKind, PolicyTargetFields>;

/** EnvoyProxy: only `spec.mergeGateways` matters here. */
export type EnvoyProxy = KubeObject<'EnvoyProxy', OpenObject>;

// ---------------------------------------------------------------------------------------------
// API groups

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';
/** The controller name Envoy Gateway writes in every ancestor status. */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';
