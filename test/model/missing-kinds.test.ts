/**
 * Inputs that cannot be right (issue 11 point 6): when a whole kind the answer depends on is
 * absent, one warning per missing kind says what cannot be judged and how to fetch it.
 */
import { buildTopology, type Diagnostic, loadManifests } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { GATEWAY_CLASS } from '../cli/_fixtures.js';

const CLASS = `
${GATEWAY_CLASS}---`;
const NAMESPACE = `
apiVersion: v1
kind: Namespace
metadata: {name: team, labels: {shared: "true"}}
---`;
const SECRET = `
apiVersion: v1
kind: Secret
metadata: {name: unrelated, namespace: infra}
data: {}
---`;
const SERVICE = `
apiVersion: v1
kind: Service
metadata: {name: unrelated, namespace: infra}
spec: {ports: [{port: 80}]}
---`;

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared: "true"}}}}
  - name: https
    protocol: HTTPS
    port: 443
    tls: {certificateRefs: [{name: cert}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: team}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules:
  - backendRefs: [{name: web, port: 80}, {group: gateway.envoyproxy.io, kind: Backend, name: b, port: 80}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: auth, namespace: infra}
spec:
  targetSelectors: [{kind: HTTPRoute, namespaces: {from: Selector, selector: {matchLabels: {shared: "true"}}}}]
  basicAuth: {users: {name: htpasswd}}
---`;

function missing(text: string): Diagnostic[] {
  return buildTopology(loadManifests(text)).diagnostics.filter((d) => d.code === 'GWP-TOPO-MISSING-KIND');
}
const kindOf = (d: Diagnostic): string => /^the input has no (\w+) objects/.exec(d.message)?.[1] ?? '?';

describe('one warning per missing kind', () => {
  test('no Namespace, Secret or Service while something needs them: three warnings, each at the first place', () => {
    const found = missing(CLASS + GATEWAY);
    expect(found.map(kindOf)).toEqual(['Namespace', 'Secret', 'Service']);
    for (const d of found) expect(d.severity).toBe('warning');
    const [ns, secret, service] = found as [Diagnostic, Diagnostic, Diagnostic];
    expect(ns).toMatchObject({
      resource: 'Gateway/infra/gw',
      location: { pointer: '/spec/listeners/0/allowedRoutes/namespaces' },
    });
    expect(ns.message).toContain('2 places need them');
    expect(ns.message).toContain('SecurityPolicy/infra/auth targetSelectors[0]');
    expect(ns.message).toContain('every namespace is taken to exist without labels, so they match none');
    expect(ns.message).toContain('kubectl get namespaces -o yaml');
    expect(secret.message).toContain('Gateway/infra/gw listener https tls.certificateRefs.0');
    expect(secret.message).toContain('SecurityPolicy/infra/auth spec.basicAuth.users');
    expect(secret.message).toContain('kubectl get secrets -A -o yaml');
    // The Backend reference does not need a Service.
    expect(service.message).toContain('1 place needs them (HTTPRoute/team/web spec.rules.0.backendRefs.0)');
  });

  test('a single object of the kind is enough: the kind is not missing', () => {
    expect(missing(CLASS + NAMESPACE + SECRET + SERVICE + GATEWAY)).toEqual([]);
  });

  test('no warning when nothing needs the kind', () => {
    const plain = `${CLASS}
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec: {gatewayClassName: eg, listeners: [{name: http, protocol: HTTP, port: 80}]}`;
    expect(missing(plain)).toEqual([]);
  });

  test('no GatewayClass: which Gateways are managed cannot be judged', () => {
    const found = missing(NAMESPACE + SECRET + SERVICE + GATEWAY);
    expect(found.map(kindOf)).toEqual(['GatewayClass']);
    expect(found[0]?.message).toContain(
      'every Gateway is taken as managed by gateway.envoyproxy.io/gatewayclass-controller',
    );
    expect(found[0]?.message).toContain('kubectl get gatewayclasses -o yaml');
  });

  test("the translator harness's layout is not judged: its cases leave kinds out on purpose", () => {
    const text = [
      'gateways:',
      '- metadata: {name: gw, namespace: default}',
      '  spec:',
      '    gatewayClassName: envoy-gateway-class',
      '    listeners: [{name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: cert}]}}]',
    ].join('\n');
    expect(missing(text)).toEqual([]);
  });
});
