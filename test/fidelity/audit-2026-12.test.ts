/**
 * Fidelity audit against Envoy Gateway v1.9.0 (commit 39763b1): behaviours that the translator
 * test data does not exercise, or exercises one way only, each derived from Envoy Gateway's source
 * (paths relative to `internal/gatewayapi/` unless they say otherwise; line numbers at v1.9.0).
 * The manifests are our own.
 */
import { buildTopology, loadManifests, policyStatus, resolvePolicies } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { statusLines } from '../precedence/_pipeline.js';

const CLASS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: eg }
spec: { controllerName: gateway.envoyproxy.io/gatewayclass-controller }
`;

/** The status document of YAML manifests (a GatewayClass `eg` is prepended). */
function statusOf(yaml: string) {
  const topology = buildTopology(loadManifests(`${CLASS}---\n${yaml}`));
  return policyStatus(resolvePolicies(topology));
}

const ACCEPTED = 'Accepted/True/Accepted: Policy has been accepted.';

/** A GatewayClass `merged` whose EnvoyProxy sets `mergeGateways: true`. */
const MERGED_CLASS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: merged }
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: { group: gateway.envoyproxy.io, kind: EnvoyProxy, name: merge, namespace: envoy-gateway-system }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: { name: merge, namespace: envoy-gateway-system }
spec: { mergeGateways: true }
`;

/** A Gateway of namespace `infra` in a class, with listeners written inline. */
const gatewayDoc = (
  name: string,
  className: string,
  listeners: string,
) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: infra }
spec:
  gatewayClassName: ${className}
  listeners: ${listeners}
`;

describe('R9.1: port overlap is judged on the IR', () => {
  // validatePortOverlapForClientTrafficPolicy (clienttrafficpolicy.go:597-640) compares
  // ir.HTTPListener.Port (listenersWithSameHTTPPort, helpers.go:1036-1053), which is the container
  // port: servicePortToContainerPort (listener.go:1403-1425) adds 10000 to a port below 1024
  // unless the EnvoyProxy sets useListenerPortAsContainerPort (envoyproxy_helpers.go:61-75).
  const world = (infrastructure: string, extra: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: infra }
spec:
  gatewayClassName: eg
  ${infrastructure}
  listeners:
  - { name: low, protocol: HTTP, port: 80 }
  - { name: high, protocol: HTTP, port: 10080 }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: p, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: low }]
  timeout: { http: { idleTimeout: 5s } }
${extra}`;

  test('listeners on 80 and 10080 share container port 10080: a section policy on one is Invalid', () => {
    expect(statusLines(statusOf(world('', '')), 'ClientTrafficPolicy', 'infra/p')).toEqual([
      'Gateway infra/gw/low: Accepted/False/Invalid: ClientTrafficPolicy is being applied to multiple http (non https) listeners (infra/gw/high) on the same port, which is not allowed.',
    ]);
  });

  test('useListenerPortAsContainerPort keeps 80 as it is: no overlap', () => {
    const yaml = world(
      'infrastructure: { parametersRef: { group: gateway.envoyproxy.io, kind: EnvoyProxy, name: keep } }',
      `---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: { name: keep, namespace: infra }
spec: { provider: { type: Kubernetes, kubernetes: { useListenerPortAsContainerPort: true } } }
`,
    );
    expect(statusLines(statusOf(yaml), 'ClientTrafficPolicy', 'infra/p')).toEqual([
      `Gateway infra/gw/low: ${ACCEPTED}`,
    ]);
  });

  // ProcessListeners (listener.go:318-323) builds no IR listener for a listener that is not
  // ready. validateConflictedHostnameListeners (validate.go:1058-1190): a ListenerSet listener
  // with the same hostname (none) on the same port as a Gateway listener loses to it and is not
  // programmed (setConflictedConditions, validate.go:876-885), so it overlaps nothing.
  test('a ListenerSet listener that loses a hostname conflict has no IR listener and overlaps nothing', () => {
    const yaml = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: infra }
spec:
  gatewayClassName: eg
  allowedListeners: { namespaces: { from: Same } }
  listeners:
  - { name: http, protocol: HTTP, port: 80 }
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: { name: ls, namespace: infra }
spec:
  parentRef: { name: gw }
  listeners:
  - { name: extra, protocol: HTTP, port: 80 }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: p, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: http }]
  timeout: { http: { idleTimeout: 5s } }
`;
    expect(statusLines(statusOf(yaml), 'ClientTrafficPolicy', 'infra/p')).toEqual([
      `Gateway infra/gw/http: ${ACCEPTED}`,
    ]);
  });
});

describe('R9.2: merged Gateways and their conflicted listeners', () => {
  // validateConflictedMergedListeners (validate.go:888-912): across the Gateways of a class that
  // merges them, a listener repeating an earlier one's protocol, hostname and port is Conflicted,
  // so it has no IR listener (listener.go:318-323) and shares no port with the first.
  test('a second Gateway repeating port, protocol and hostname does not make a Gateway-wide policy Invalid', () => {
    const http80 = '[{ name: http, protocol: HTTP, port: 80 }]';
    const policy = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: p, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: one }]
  timeout: { http: { idleTimeout: 5s } }
`;
    const yaml = [
      MERGED_CLASS,
      gatewayDoc('one', 'merged', http80),
      gatewayDoc('two', 'merged', http80),
      policy,
    ].join('---\n');
    expect(statusLines(statusOf(yaml), 'ClientTrafficPolicy', 'infra/p')).toEqual([
      `Gateway infra/one: ${ACCEPTED}`,
    ]);
    // With a hostname of its own, two's listener is programmed and shares port 80 with one's.
    const distinct = [
      MERGED_CLASS,
      gatewayDoc('one', 'merged', http80),
      gatewayDoc('two', 'merged', '[{ name: http, protocol: HTTP, port: 80, hostname: two.example.com }]'),
      policy,
    ].join('---\n');
    expect(statusLines(statusOf(distinct), 'ClientTrafficPolicy', 'infra/p')).toEqual([
      'Gateway infra/one: Accepted/False/Invalid: ClientTrafficPolicy is being applied to multiple http (non https) listeners (infra/two/http) on the same port, which is not allowed.',
    ]);
  });
});

describe('R9.1: a listener Envoy Gateway does not program', () => {
  // translateClientTrafficPolicyForListener (clienttrafficpolicy.go:700-880) finds neither an
  // HTTP nor a TCP IR listener for a listener ProcessListeners skipped (listener.go:318-323) and
  // returns nil: no feature error. shouldDisableHTTP3ForClientValidation (clienttrafficpolicy.go:
  // 645-657) needs the HTTP IR: no warning. Here the ListenerSet listener loses the hostname
  // conflict to the Gateway's HTTPS listener on 443 (validate.go:1058-1190).
  test('a policy on it is Accepted: no feature error, no HTTP/3 warning', () => {
    const yaml = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: infra }
spec:
  gatewayClassName: eg
  allowedListeners: { namespaces: { from: Same } }
  listeners:
  - { name: https, protocol: HTTPS, port: 443, tls: { certificateRefs: [{ name: cert }] } }
---
apiVersion: v1
kind: Secret
metadata: { name: cert, namespace: infra }
type: kubernetes.io/tls
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: { name: ls, namespace: infra }
spec:
  parentRef: { name: gw }
  listeners:
  - { name: extra, protocol: HTTPS, port: 443, tls: { certificateRefs: [{ name: cert }] } }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: p, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: ListenerSet, name: ls, sectionName: extra }]
  http3: {}
  tls: { clientValidation: { caCertificateRefs: [{ name: ca, namespace: other }] } }
`;
    expect(statusLines(statusOf(yaml), 'ClientTrafficPolicy', 'infra/p')).toEqual([
      `ListenerSet infra/ls/extra: ${ACCEPTED}`,
    ]);
    // The same policy on the Gateway's own (programmed) listener fails and warns.
    const onGateway = yaml.replace(
      '{ group: gateway.networking.k8s.io, kind: ListenerSet, name: ls, sectionName: extra }',
      '{ group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: https }',
    );
    expect(statusLines(statusOf(onGateway), 'ClientTrafficPolicy', 'infra/p')).toEqual([
      'Gateway infra/gw/https: Accepted/False/Invalid: TLS: failed to get certificate from ref: ref to Secret other/ca not permitted by any ReferenceGrant. | Warning/True/UnsupportedHTTP3ClientValidation: HTTP/3 was disabled for listener "https" because Envoy does not support downstream client TLS validation over QUIC',
    ]);
  });
});

describe('R3.4: Gateway acceptance', () => {
  // GetRelevantGateways (translator.go:529-534): IsMergeGatewaysEnabled (helpers.go:690-704, the
  // class's EnvoyProxy, else the EnvoyGateway default) together with MergeBackends
  // (mergeBackendsConfigForGateway, route.go:679-690; ResolveMergeBackendsConfig, helpers.go:706-723)
  // puts the Gateway among the failed ones; policies then find no Gateway (R3.5).
  test('a class that merges Gateways while the default EnvoyProxy sets mergeBackends accepts none of them', () => {
    const yaml = (mergeBackends: string) =>
      [
        `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyGateway
gateway: { controllerName: gateway.envoyproxy.io/gatewayclass-controller }
provider: { type: Kubernetes }
envoyProxy: { ${mergeBackends} }
`,
        MERGED_CLASS,
        gatewayDoc('gw', 'merged', '[{ name: http, protocol: HTTP, port: 80 }]'),
        `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: p, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: gw }]
  timeout: { http: { requestTimeout: 1s } }
`,
      ].join('---\n');
    const topology = buildTopology(loadManifests(yaml('mergeBackends: {}')));
    expect(topology.gateways.get('infra/gw')?.accepted).toBe(false);
    expect(topology.diagnostics.map((d) => `${d.code}: ${d.message}`)).toContain(
      'GWP-TOPO-GATEWAY-NOT-ACCEPTED: Envoy Gateway does not accept this Gateway (InvalidParameters): mergeGateways and mergeBackends cannot both be enabled',
    );
    const status = policyStatus(resolvePolicies(topology));
    expect(statusLines(status, 'BackendTrafficPolicy', 'infra/p')).toBeNull();
    // Without mergeBackends the same Gateway is accepted and the policy attaches.
    const plain = policyStatus(resolvePolicies(buildTopology(loadManifests(yaml('')))));
    expect(statusLines(plain, 'BackendTrafficPolicy', 'infra/p')).toEqual([`Gateway infra/gw: ${ACCEPTED}`]);
  });
});

// Behaviours where the simulator already agreed with Envoy Gateway and no other test covered them.
describe('agreements without another test', () => {
  const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: infra }
spec:
  gatewayClassName: eg
  listeners:
  - { name: a, protocol: HTTP, port: 80, hostname: a.example.com, allowedRoutes: { namespaces: { from: All } } }
  - { name: b, protocol: HTTP, port: 80, hostname: b.example.com, allowedRoutes: { namespaces: { from: All } } }
  - { name: grpc, protocol: HTTP, port: 81, allowedRoutes: { namespaces: { from: All }, kinds: [{ kind: GRPCRoute }] } }
  - { name: same, protocol: HTTP, port: 82 }
`;

  // resolveSecurityPolicyRouteTargetRef (securitypolicy.go:1169-1227) records the rule in
  // attachedToRouteRules before translation; getOverriddenTargetsMessageForRoute (helpers.go:
  // 1577-1592) reads that set, so a rule policy whose features fail still overrides.
  test('R8.6: a rule policy that is Invalid still makes the route policy Overridden', () => {
    const yaml = `${gateway}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: infra }
spec:
  parentRefs: [{ name: gw, sectionName: a }]
  hostnames: [a.example.com]
  rules: [{ name: one, backendRefs: [{ name: web, port: 80 }] }, { name: two, backendRefs: [{ name: web, port: 80 }] }]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: { name: rule, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: web, sectionName: one }]
  extAuth: { http: { backendRefs: [{ name: missing, port: 80 }] } }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: { name: route, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: web }]
  cors: { allowOrigins: ["https://a.example.com"] }
`;
    const status = statusOf(yaml);
    expect(statusLines(status, 'SecurityPolicy', 'infra/rule')).toEqual([
      'Gateway infra/gw/a: Accepted/False/Invalid: ExtAuth: service infra/missing not found.',
    ]);
    expect(statusLines(status, 'SecurityPolicy', 'infra/route')).toEqual([
      `Gateway infra/gw/a: ${ACCEPTED} | Overridden/True/Overridden: This policy is being overridden by other securityPolicies for these route rules: [one]`,
    ]);
  });

  // processAllowedListenersForParentRefs (route.go:3264-3330) keeps the listeners that allow the
  // route's kind and namespace, whatever the hostnames; processHTTPRouteParentRefListener
  // (route.go:1888-1978) drops none of them. The merge loop (backendtrafficpolicy.go:708-806)
  // walks exactly those listeners.
  test('R7.2: a merge runs on every listener that allows the route, hostnames intersecting or not', () => {
    const yaml = `${gateway}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: team }
spec:
  parentRefs: [{ name: gw, namespace: infra }]
  hostnames: [a.example.com]
  rules: [{ backendRefs: [{ name: web, port: 80 }] }]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: parent, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: gw }]
  timeout: { http: { requestTimeout: 5s } }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: { name: child, namespace: team }
spec:
  mergeType: StrategicMerge
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: web }]
  retry: { numRetries: 3 }
`;
    // Not `grpc` (kind), not `same` (namespace); `b` although its hostname does not intersect.
    expect(statusLines(statusOf(yaml), 'BackendTrafficPolicy', 'team/child')).toEqual([
      'Gateway infra/gw/a: Merged/True/Merged: Merged with policy infra/parent',
      'Gateway infra/gw/b: Merged/True/Merged: Merged with policy infra/parent',
      `Gateway infra/gw: ${ACCEPTED}`,
    ]);
  });

  // processSecurityPolicyForRoute (securitypolicy.go:495-650): the route policy passes
  // validateSecurityPolicyForTCP, the merged one does not (the parent's CORS), and that second
  // failure is written without the "invalid SecurityPolicy for TCP route" prefix.
  test('R7.9: a TCP route policy whose merge brings in an HTTP feature is Invalid on the listener, message unprefixed', () => {
    const yaml = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: tcp, namespace: infra }
spec:
  gatewayClassName: eg
  listeners: [{ name: tcp, protocol: TCP, port: 9000 }]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: { name: t, namespace: infra }
spec:
  parentRefs: [{ name: tcp }]
  rules: [{ backendRefs: [{ name: web, port: 80 }] }]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: { name: parent, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: tcp }]
  cors: { allowOrigins: ["https://a.example.com"] }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: { name: route, namespace: infra }
spec:
  mergeType: StrategicMerge
  targetRefs: [{ group: gateway.networking.k8s.io, kind: TCPRoute, name: t }]
  authorization: { defaultAction: Allow, rules: [{ action: Deny, principal: { clientCIDRs: ["10.0.0.0/8"] } }] }
`;
    expect(statusLines(statusOf(yaml), 'SecurityPolicy', 'infra/route')).toEqual([
      'Gateway infra/tcp/tcp: Accepted/False/Invalid: Only authorization is supported for TCP (routes/listeners).',
      `Gateway infra/tcp: ${ACCEPTED}`,
    ]);
  });

  // ProcessClientTrafficPolicies (clienttrafficpolicy.go:178-512): the section pass reads any
  // kind but ListenerSet as a Gateway (resolveClientTrafficPolicyTargetRef, :554-615); the wide
  // passes take only targets of their pass kind, so a plain ref of another kind without a
  // section is never handled and the policy is not in the output at all.
  test('R9.1 / R9.2: a ClientTrafficPolicy ref of another kind is a Gateway with a section, nothing without', () => {
    const yaml = `${gateway}---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: whole, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: gw }]
  timeout: { http: { idleTimeout: 5s } }
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: section, namespace: infra }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: gw, sectionName: same }]
  timeout: { http: { idleTimeout: 5s } }
`;
    // Admitted as the translator's tests would (the CRD refuses these kinds).
    const topology = buildTopology(loadManifests(`${CLASS}---\n${yaml}`), {});
    const status = policyStatus(resolvePolicies(topology, { admission: 'report' }));
    expect(statusLines(status, 'ClientTrafficPolicy', 'infra/whole')).toBeUndefined();
    expect(statusLines(status, 'ClientTrafficPolicy', 'infra/section')).toEqual([
      `Gateway infra/gw/same: ${ACCEPTED}`,
    ]);
  });
});
