/**
 * The smallest input where policies attach: a GatewayClass, one Gateway with an HTTP listener
 * (`http`, port 80, routes from all namespaces) and one HTTPRoute on it, as YAML text.
 */

/** Names of the world's objects. */
export interface OneRouteWorld {
  /** The Gateway's `namespace/name`. */
  readonly gateway: string;
  /** The HTTPRoute's `namespace/name`. */
  readonly route: string;
}

/**
 * The world's manifests.
 *
 * @param names - the Gateway's and the route's `namespace/name`
 * @returns three YAML documents, the HTTPRoute last (its `metadata` on line 13 of the text)
 */
export function oneRouteWorld({ gateway, route }: OneRouteWorld): string {
  const [gwNs, gwName] = gateway.split('/');
  const [routeNs, routeName] = route.split('/');
  return `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: eg }
spec: { controllerName: gateway.envoyproxy.io/gatewayclass-controller }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${gwName}, namespace: ${gwNs} }
spec:
  gatewayClassName: eg
  listeners: [{ name: http, protocol: HTTP, port: 80, allowedRoutes: { namespaces: { from: All } } }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${routeName}, namespace: ${routeNs} }
spec:
  parentRefs: [{ name: ${gwName}, namespace: ${gwNs} }]
  rules: [{ backendRefs: [{ name: web, port: 80 }] }]
`;
}
