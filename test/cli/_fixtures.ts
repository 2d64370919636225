/**
 * Small manifests for the CLI and simulate tests, as YAML text.
 */

/** The GatewayClass `eg` of Envoy Gateway's controller. */
export const GATEWAY_CLASS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
`;

/** A GatewayClass, Gateway `default/eg` (listener `http`), HTTPRoute `default/web` with rules
 * `main` (→ Service `web`) and an unnamed one (→ Service `api`), and the Services. */
export const BASE = `${GATEWAY_CLASS}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners:
    - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules:
    - name: main
      backendRefs: [{name: web, port: 80}]
    - backendRefs: [{name: api, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: default}
spec: {ports: [{port: 80}]}
`;

/** A BackendTrafficPolicy with the given target(s) and creationTimestamp. */
export function btp(name: string, targets: string, created = '2024-01-01T00:00:00Z', spec = ''): string {
  return `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: ${name}, namespace: default, creationTimestamp: '${created}'}
spec:
  ${targets}
  ${spec === '' ? 'timeout: {http: {requestTimeout: 10s}}' : spec}
`;
}

/**
 * BASE plus a Gateway policy and two policies on the same route: `route-a` comes first in the
 * input, `route-b` is older. Cluster order: route-b wins; input order: route-a wins.
 */
export const CONFLICT = [
  BASE,
  btp(
    'gw-policy',
    'targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]',
    '2024-01-01T00:00:00Z',
  ),
  btp(
    'route-a',
    'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]',
    '2024-03-01T00:00:00Z',
  ),
  btp(
    'route-b',
    'targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]',
    '2024-02-01T00:00:00Z',
  ),
].join('---\n');

/** A policy the API server would refuse (no target at all: GWP-ADMIT-NO-TARGET). */
export const NO_TARGET = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: no-target, namespace: default}
spec: {timeout: {http: {requestTimeout: 5s}}}
`;

/** A policy the API server would refuse (targetRef and targetRefs together:
 * GWP-ADMIT-TARGETREF-AND-TARGETREFS) that still targets the Gateway when simulated. */
export const BOTH_FORMS = btp(
  'both-forms',
  `targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]`,
  '2023-06-01T00:00:00Z',
);
