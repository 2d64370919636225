/**
 * `provider.kubernetes.watch`, as Envoy Gateway v1.9's Kubernetes provider applies it
 * (internal/provider/kubernetes: kubernetes.go `WatchesNamespaces` and the cache's namespaces,
 * controller.go `byNamespaceSelectorEnabled`, namespace_selector_client.go, predicates.go
 * `isNamespaceSelectorBypassInfrastructureResource`): what it does not see is left out of the
 * simulation, one info diagnostic per namespace says why; cluster-scoped kinds are never
 * filtered; the controller namespace keeps its ConfigMaps, Secrets, Services and EndpointSlices;
 * references into an unwatched namespace find nothing.
 */
import {
  createRequestRouter,
  type Diagnostic,
  policyStatus,
  preview,
  routeRequest,
  type SimulateResult,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

const WORLD = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: proxy-config, namespace: envoy-gateway-system}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: proxy-config, namespace: envoy-gateway-system}
spec: {}
---
apiVersion: v1
kind: Service
metadata: {name: ext-auth, namespace: envoy-gateway-system}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: to-ext-auth, namespace: envoy-gateway-system}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team-a}]
  to: [{group: '', kind: Service}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: team-a}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw-b, namespace: team-b}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: team-a}
spec:
  parentRefs: [{name: gw}]
  hostnames: [web.example]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: api, namespace: team-b, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /auth}}]
    backendRefs: [{name: ext-auth, namespace: envoy-gateway-system, port: 80}]
  - backendRefs: [{name: web, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: other, namespace: team-b}
spec:
  parentRefs: [{name: gw, namespace: team-a}]
  hostnames: [other.example]
  rules: [{backendRefs: [{name: api, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-team-a, namespace: team-b}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team-a}]
  to: [{group: '', kind: Service}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: team-a}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: team-b}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: web-timeout, namespace: team-a}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  timeout: {http: {requestTimeout: 10s}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: other-timeout, namespace: team-b}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: other}]
  timeout: {http: {requestTimeout: 5s}}
`;

const NAMESPACES = `
---
apiVersion: v1
kind: Namespace
metadata: {name: team-a, labels: {gateway: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-b}
---
apiVersion: v1
kind: Namespace
metadata: {name: envoy-gateway-system}
`;

/** The envoy-gateway-config ConfigMap with this `provider.kubernetes.watch`. */
const config = (watch: string, namespace = 'envoy-gateway-system'): string => `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: envoy-gateway-config, namespace: ${namespace}}
data:
  envoy-gateway.yaml: |
    apiVersion: gateway.envoyproxy.io/v1alpha1
    kind: EnvoyGateway
    provider:
      type: Kubernetes
      kubernetes:
        watch: ${watch}
`;

const run = (text: string): SimulateResult => simulate({ file: 'in.yaml', text });
const codes = (r: SimulateResult, code: string): Diagnostic[] => r.diagnostics.filter((d) => d.code === code);
/** The keys of the resources Envoy Gateway sees, of some kinds. */
const seen = (r: SimulateResult, ...kinds: string[]): string[] =>
  [...r.topology.byKey.keys()].filter((k) => kinds.includes(k.split('/')[0]!)).sort();
/** What a request to the Gateway team-a/gw answers. */
const ask = (r: SimulateResult, url: string) =>
  routeRequest(createRequestRouter(r.resolution), { method: 'GET', url }, { gateway: 'team-a/gw' });
const statusOf = (r: SimulateResult): string[] =>
  (policyStatus(r.resolution).BackendTrafficPolicy ?? []).map(
    (p) => `${p.metadata.namespace}/${p.metadata.name}`,
  );

describe('without a watch, every namespace is read', () => {
  test('both teams are simulated, and nothing is said about watching', () => {
    const r = run(WORLD + NAMESPACES);
    expect(seen(r, 'Gateway', 'HTTPRoute')).toEqual([
      'Gateway/team-a/gw',
      'Gateway/team-b/gw-b',
      'HTTPRoute/team-a/web',
      'HTTPRoute/team-b/other',
    ]);
    expect(codes(r, 'GWP-TOPO-NOT-WATCHED')).toEqual([]);
    expect(r.topology.envoyGateway.watch.mode).toBe('all');
  });
});

describe('watch type Namespaces', () => {
  const r = run(WORLD + NAMESPACES + config('{type: Namespaces, namespaces: [team-a]}'));

  test('objects of an unlisted namespace are left out, with one info diagnostic for the namespace', () => {
    expect(seen(r, 'Gateway', 'HTTPRoute', 'ReferenceGrant', 'BackendTrafficPolicy', 'Service')).toEqual([
      'BackendTrafficPolicy/team-a/web-timeout',
      'Gateway/team-a/gw',
      'HTTPRoute/team-a/web',
      'Service/envoy-gateway-system/ext-auth',
      'Service/team-a/web',
    ]);
    const teamB = codes(r, 'GWP-TOPO-NOT-WATCHED').filter((d) => d.message.includes('namespace team-b'));
    expect(teamB).toHaveLength(1);
    expect(teamB[0]).toMatchObject({ severity: 'info', resource: 'Gateway/team-b/gw-b' });
    expect(teamB[0]?.message).toMatch(
      /^Envoy Gateway does not watch namespace team-b \(provider\.kubernetes\.watch\.namespaces: team-a\): .*; 5 objects left out of the simulation \(Gateway\/team-b\/gw-b, HTTPRoute\/team-b\/other, ReferenceGrant\/team-b\/from-team-a, 2 more\)$/,
    );
  });

  test('cluster-scoped kinds are never filtered', () => {
    expect(seen(r, 'GatewayClass', 'Namespace')).toEqual([
      'GatewayClass/eg',
      'Namespace/envoy-gateway-system',
      'Namespace/team-a',
      'Namespace/team-b',
    ]);
  });

  test('the controller namespace keeps its ConfigMaps, Secrets, Services and EndpointSlices only', () => {
    expect(seen(r, 'EnvoyProxy', 'ReferenceGrant', 'ConfigMap')).toEqual([
      'ConfigMap/envoy-gateway-system/envoy-gateway-config',
    ]);
    const ctl = codes(r, 'GWP-TOPO-NOT-WATCHED').find((d) => d.message.includes('envoy-gateway-system'));
    expect(ctl?.message).toContain(
      'namespace envoy-gateway-system is where Envoy Gateway runs but is not in provider.kubernetes.watch.namespaces (team-a)',
    );
    expect(ctl?.message).toContain(
      '2 objects left out of the simulation (EnvoyProxy/envoy-gateway-system/proxy-config, ReferenceGrant/envoy-gateway-system/to-ext-auth)',
    );
  });

  test("a GatewayClass's EnvoyProxy in an unwatched namespace is the cache's error (InvalidParameters)", () => {
    const d = codes(r, 'GWP-TOPO-GATEWAYCLASS-INVALID-PARAMS');
    expect(d.map((x) => x.message)).toEqual([
      'Envoy Gateway does not accept this GatewayClass (InvalidParameters) and translates its Gateways without an EnvoyProxy: failed to find envoyproxy envoy-gateway-system/proxy-config for GatewayClass eg: unable to get: envoy-gateway-system/proxy-config because of unknown namespace for the cache',
    ]);
  });

  test('references into an unwatched namespace find nothing; the policy of an unwatched namespace gets no status', () => {
    // The ReferenceGrant of team-b is not seen either, and Envoy Gateway checks it first.
    expect(ask(r, 'http://web.example/api').outcome).toMatchObject({ status: 500, by: 'directResponse' });
    expect(ask(r, 'http://web.example/api').outcome.detail).toContain(
      'Service team-b/api is in another namespace and no ReferenceGrant allows it',
    );
    // The controller namespace's Service is cached, but its ReferenceGrant is not.
    expect(ask(r, 'http://web.example/auth').outcome.detail).toContain(
      'Service envoy-gateway-system/ext-auth is in another namespace and no ReferenceGrant allows it',
    );
    expect(ask(r, 'http://web.example/').outcome.by).toBe('forward');
    expect(ask(r, 'http://other.example/').route).toBeNull();
    expect(statusOf(r)).toEqual(['team-a/web-timeout']);
  });

  test('listing the controller namespace makes its EnvoyProxy and ReferenceGrant seen', () => {
    const both = run(
      WORLD + NAMESPACES + config('{type: Namespaces, namespaces: [team-a, envoy-gateway-system]}'),
    );
    expect(codes(both, 'GWP-TOPO-GATEWAYCLASS-INVALID-PARAMS')).toEqual([]);
    expect(ask(both, 'http://web.example/auth').outcome.by).toBe('forward');
  });

  test("the controller namespace is the ConfigMap's", () => {
    const elsewhere = run(
      WORLD + NAMESPACES + config('{type: Namespaces, namespaces: [team-a]}', 'gateway-ops'),
    );
    expect(elsewhere.topology.envoyGateway.watch.controllerNamespace).toBe('gateway-ops');
    // envoy-gateway-system is then an ordinary unwatched namespace: its Service is not seen either.
    expect(seen(elsewhere, 'Service')).toEqual(['Service/team-a/web']);
  });
});

describe('watch type NamespaceSelector', () => {
  const SELECTOR = '{type: NamespaceSelector, namespaceSelector: {matchLabels: {gateway: enabled}}}';
  const r = run(WORLD + NAMESPACES + config(SELECTOR));

  test('listed kinds of a namespace whose labels do not match are left out; objects read by name stay', () => {
    expect(seen(r, 'Gateway', 'HTTPRoute', 'ReferenceGrant', 'BackendTrafficPolicy')).toEqual([
      'BackendTrafficPolicy/team-a/web-timeout',
      'Gateway/team-a/gw',
      'HTTPRoute/team-a/web',
    ]);
    // Services and EnvoyProxies are got by name, unfiltered.
    expect(seen(r, 'Service', 'EnvoyProxy')).toEqual([
      'EnvoyProxy/envoy-gateway-system/proxy-config',
      'Service/envoy-gateway-system/ext-auth',
      'Service/team-a/web',
      'Service/team-b/api',
    ]);
    const teamB = codes(r, 'GWP-TOPO-NOT-WATCHED').find((d) => d.message.includes('namespace team-b'));
    expect(teamB?.message).toMatch(
      /^namespace team-b \(labels \{"kubernetes\.io\/metadata\.name":"team-b"\}\) does not match provider\.kubernetes\.watch\.namespaceSelector \{"matchLabels":\{"gateway":"enabled"\}\}: .*; 4 objects left out of the simulation \(Gateway\/team-b\/gw-b, HTTPRoute\/team-b\/other, ReferenceGrant\/team-b\/from-team-a, 1 more\)$/,
    );
    expect(codes(r, 'GWP-TOPO-GATEWAYCLASS-INVALID-PARAMS')).toEqual([]);
  });

  test('a cross-namespace backend is still found, but the ReferenceGrant of an unselected namespace is not', () => {
    expect(ask(r, 'http://web.example/api').outcome.detail).toContain(
      'Service team-b/api is in another namespace and no ReferenceGrant allows it',
    );
    expect(statusOf(r)).toEqual(['team-a/web-timeout']);
  });

  test('a selector on the name the API server sets needs no Namespace objects; other labels do, and say so', () => {
    const byName = run(
      `${WORLD}${config('{type: NamespaceSelector, namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [team-a, envoy-gateway-system]}]}}')}`,
    );
    expect(seen(byName, 'Gateway', 'ReferenceGrant')).toEqual([
      'Gateway/team-a/gw',
      'ReferenceGrant/envoy-gateway-system/to-ext-auth',
    ]);
    expect(codes(byName, 'GWP-TOPO-MISSING-KIND')).toEqual([]);

    const byLabel = run(WORLD + config(SELECTOR));
    expect(seen(byLabel, 'Gateway', 'HTTPRoute')).toEqual([]);
    const warning = codes(byLabel, 'GWP-TOPO-MISSING-KIND');
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatchObject({
      severity: 'warning',
      resource: 'ConfigMap/envoy-gateway-system/envoy-gateway-config',
      location: expect.objectContaining({ pointer: '/data/envoy-gateway.yaml' }),
    });
    expect(warning[0]?.message).toContain('provider.kubernetes.watch.namespaceSelector');
  });

  test('a selector with neither matchLabels nor matchExpressions filters nothing (byNamespaceSelectorEnabled), and says so', () => {
    const empty = run(WORLD + NAMESPACES + config('{type: NamespaceSelector, namespaceSelector: {}}'));
    expect(empty.topology.envoyGateway.watch.mode).toBe('all');
    expect(codes(empty, 'GWP-TOPO-NOT-WATCHED')).toEqual([]);
    expect(codes(empty, 'GWP-CONFIG-WATCH-NOT-APPLIED')).toHaveLength(1);
    // matchLabels: {} is set (a non-nil map): every existing namespace is selected.
    const all = run(
      WORLD + NAMESPACES + config('{type: NamespaceSelector, namespaceSelector: {matchLabels: {}}}'),
    );
    expect(all.topology.envoyGateway.watch.mode).toBe('NamespaceSelector');
    expect(codes(all, 'GWP-TOPO-NOT-WATCHED')).toEqual([]);
  });
});

test('preview: a policy added in an unwatched namespace changes nothing; one in a watched namespace does', () => {
  const base = run(WORLD + NAMESPACES + config('{type: Namespaces, namespaces: [team-a]}'));
  const policy = (namespace: string, route: string) => ({
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'BackendTrafficPolicy',
    metadata: { name: 'added', namespace },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: route }],
      timeout: { http: { requestTimeout: '1s' } },
    },
  });

  const unwatched = preview(base, { upsert: [policy('team-b', 'other')] });
  const watched = preview(base, { upsert: [policy('team-a', 'web')] });

  expect(unwatched.statusChanges).toEqual([]);
  expect(unwatched.changes).toEqual([]);
  expect(watched.statusChanges.map((s) => s.policy)).toContain('BackendTrafficPolicy/team-a/added');
});
