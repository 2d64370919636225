/**
 * Merged BackendTrafficPolicies on TCP and UDP routes (issue 11 point 4). Envoy Gateway builds the
 * route policy's features from its merge with the closest parent (`buildTrafficFeatures(merged)`),
 * then sets them on the IR route field by field (`setIfNil`), and the Gateway pass fills the fields
 * still unset (eg-semantics R6.3, R7.2).
 */
import { type ExplainKind, explain, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { GATEWAY_CLASS } from '../cli/_fixtures.js';

const head = (listeners: string): string => `
${GATEWAY_CLASS}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners: ${listeners}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: infra}
spec: {ports: [{port: 5432}, {port: 53, protocol: UDP}]}
`;

const btp = (name: string, created: string, target: string, body: string): string => `
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: ${name}, namespace: infra, creationTimestamp: "${created}"}
spec:
  targetRefs: [${target}]
${body}`;

const TCP = `${head('[{name: tcp, protocol: TCP, port: 5432}]')}---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]
`;

const ON_GATEWAY = '{group: gateway.networking.k8s.io, kind: Gateway, name: gw}';
const ON_LISTENER = '{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: tcp}';
const ON_ROUTE = (kind: string): string => `{group: gateway.networking.k8s.io, kind: ${kind}, name: db}`;

function btpAt(text: string, route: string): ExplainKind {
  const { resolution } = simulate(text);
  const points = explain(resolution, { route, kind: 'BackendTrafficPolicy' }).points;
  expect(points).toHaveLength(1);
  return points[0]!.policies.BackendTrafficPolicy!;
}

describe('a route policy with mergeType on a TCP route', () => {
  const gatewayPolicy = btp(
    'gw-policy',
    '2024-01-01T00:00:00Z',
    ON_GATEWAY,
    '  loadBalancer: {type: Random}\n  circuitBreaker: {maxConnections: 100}\n  timeout: {tcp: {connectTimeout: 10s}}',
  );
  const routePolicy = btp(
    'route-policy',
    '2024-01-02T00:00:00Z',
    ON_ROUTE('TCPRoute'),
    '  mergeType: StrategicMerge\n  timeout: {tcp: {connectTimeout: 3s}}',
  );

  test("the merged policy's fields take effect, each leaf from the policy that supplied it", () => {
    const k = btpAt(TCP + gatewayPolicy + routePolicy, 'TCPRoute/infra/db');
    expect(k.effective).toEqual({
      loadBalancer: { type: 'Random' },
      circuitBreaker: { maxConnections: 100 },
      timeout: { tcp: { connectTimeout: '3s' } },
    });
    expect(k.provenance).toEqual({
      '/loadBalancer/type': 'BackendTrafficPolicy/infra/gw-policy',
      '/circuitBreaker/maxConnections': 'BackendTrafficPolicy/infra/gw-policy',
      '/timeout/tcp/connectTimeout': 'BackendTrafficPolicy/infra/route-policy',
    });
    expect(k.applied).toEqual([
      'BackendTrafficPolicy/infra/route-policy',
      'BackendTrafficPolicy/infra/gw-policy',
    ]);
    expect(k.mode).toBe('fieldFallback');
  });

  test('the candidates say the route policy merged with its parent, and the parent was merged', () => {
    const k = btpAt(TCP + gatewayPolicy + routePolicy, 'TCPRoute/infra/db');
    expect(k.candidates.map((c) => [c.policy, c.verdict])).toEqual([
      ['BackendTrafficPolicy/infra/route-policy', 'applied'],
      ['BackendTrafficPolicy/infra/gw-policy', 'merged'],
    ]);
    expect(k.candidates[0]?.reason).toContain(
      'merged (StrategicMerge) with the closest parent on this listener, BackendTrafficPolicy/infra/gw-policy',
    );
    expect(k.candidates.some((c) => c.reason.includes('has no mergeType'))).toBe(false);
  });

  test('the parent is the closest policy (a listener one); a Gateway policy still fills the fields left unset', () => {
    const text =
      TCP +
      btp(
        'gw-policy',
        '2024-01-01T00:00:00Z',
        ON_GATEWAY,
        '  healthCheck: {passive: {consecutive5XxErrors: 3}}\n  circuitBreaker: {maxConnections: 7}',
      ) +
      btp('listener-policy', '2024-01-01T00:00:00Z', ON_LISTENER, '  loadBalancer: {type: Random}') +
      routePolicy;
    const k = btpAt(text, 'TCPRoute/infra/db');
    expect(k.applied).toEqual([
      'BackendTrafficPolicy/infra/route-policy',
      'BackendTrafficPolicy/infra/listener-policy',
      'BackendTrafficPolicy/infra/gw-policy',
    ]);
    expect(k.provenance).toEqual({
      '/timeout/tcp/connectTimeout': 'BackendTrafficPolicy/infra/route-policy',
      '/loadBalancer/type': 'BackendTrafficPolicy/infra/listener-policy',
      '/healthCheck/passive/consecutive5XxErrors': 'BackendTrafficPolicy/infra/gw-policy',
      '/circuitBreaker/maxConnections': 'BackendTrafficPolicy/infra/gw-policy',
    });
    expect(k.candidates.find((c) => c.policy === 'BackendTrafficPolicy/infra/listener-policy')?.verdict).toBe(
      'merged',
    );
    expect(k.candidates.find((c) => c.policy === 'BackendTrafficPolicy/infra/gw-policy')).toMatchObject({
      verdict: 'applied',
      reason:
        'R6.3: fields not set by more specific policies fall back to this one: healthCheck, circuitBreaker',
    });
  });

  test('a rule policy without mergeType keeps the fields it sets; the merged route policy fills the rest', () => {
    const named = TCP.replace('rules: [{backendRefs', 'rules: [{name: main, backendRefs');
    const text =
      named +
      gatewayPolicy +
      routePolicy +
      btp(
        'rule-policy',
        '2024-01-03T00:00:00Z',
        '{group: gateway.networking.k8s.io, kind: TCPRoute, name: db, sectionName: main}',
        '  circuitBreaker: {maxConnections: 1}',
      );
    const k = btpAt(text, 'TCPRoute/infra/db');
    expect(k.provenance).toEqual({
      '/circuitBreaker/maxConnections': 'BackendTrafficPolicy/infra/rule-policy',
      '/loadBalancer/type': 'BackendTrafficPolicy/infra/gw-policy',
      '/timeout/tcp/connectTimeout': 'BackendTrafficPolicy/infra/route-policy',
    });
    expect(k.applied).toEqual([
      'BackendTrafficPolicy/infra/rule-policy',
      'BackendTrafficPolicy/infra/route-policy',
      'BackendTrafficPolicy/infra/gw-policy',
    ]);
  });
});

describe('a route policy with mergeType on a UDP route', () => {
  const UDP = `${head('[{name: udp, protocol: UDP, port: 53}]')}---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: UDPRoute
metadata: {name: db, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: db, port: 53}]}]
`;

  test("only loadBalancer and dns apply; the parent's come through the merge", () => {
    const text =
      UDP +
      btp(
        'gw-policy',
        '2024-01-01T00:00:00Z',
        ON_GATEWAY,
        '  loadBalancer: {type: Random}\n  timeout: {tcp: {connectTimeout: 10s}}',
      ) +
      btp(
        'route-policy',
        '2024-01-02T00:00:00Z',
        ON_ROUTE('UDPRoute'),
        '  mergeType: JSONMerge\n  dns: {dnsRefreshRate: 5s}',
      );
    const k = btpAt(text, 'UDPRoute/infra/db');
    expect(k.effective).toEqual({ loadBalancer: { type: 'Random' }, dns: { dnsRefreshRate: '5s' } });
    expect(k.provenance).toEqual({
      '/loadBalancer/type': 'BackendTrafficPolicy/infra/gw-policy',
      '/dns/dnsRefreshRate': 'BackendTrafficPolicy/infra/route-policy',
    });
    expect(k.applied).toEqual([
      'BackendTrafficPolicy/infra/route-policy',
      'BackendTrafficPolicy/infra/gw-policy',
    ]);
  });
});
