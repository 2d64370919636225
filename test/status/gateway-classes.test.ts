/**
 * Status as Envoy Gateway's runner writes it when the input holds several GatewayClasses (issue 11
 * point 1): each class is translated on its own, with its own mergeGateways and EnvoyProxies, and
 * a policy's ancestors from every class are concatenated in class order.
 */
import { explain, type PolicyStatusDocument, policyStatus, simulate } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { GATEWAY_CLASS } from '../cli/_fixtures.js';

const CLASSES = `
${GATEWAY_CLASS}---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: merged}
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: merge-config, namespace: eg-system}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: merge-config, namespace: eg-system}
spec: {mergeGateways: true}
`;

const gatewayYaml = (name: string, className: string, extra = ''): string => `
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: infra}
spec:
  gatewayClassName: ${className}
  listeners: [{name: http, protocol: HTTP, port: 80}]
${extra}`;

const ctp = (name: string, gateway: string): string => `
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: ${name}, namespace: infra}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: ${gateway}}]
  connection: {connectionLimit: {value: 3}}
`;

type Condition = { type: string; status: string; reason: string; message: string };
type Ancestor = { ancestorRef: { name: string; kind: string }; conditions: Condition[] };

function ancestors(doc: PolicyStatusDocument, key: keyof PolicyStatusDocument, name: string): Ancestor[] {
  const p = (doc[key] ?? []).find((x) => x.metadata.name === name);
  return (p?.status.ancestors ?? []) as unknown as Ancestor[];
}
const statusOf = (text: string): PolicyStatusDocument => policyStatus(simulate(text).resolution);

describe('mergeGateways per GatewayClass', () => {
  test('two Gateways of class eg on port 80 and an unused merging class: a ClientTrafficPolicy stays Accepted', () => {
    const doc = statusOf(CLASSES + gatewayYaml('one', 'eg') + gatewayYaml('two', 'eg') + ctp('limit', 'one'));
    expect(ancestors(doc, 'ClientTrafficPolicy', 'limit')[0]?.conditions[0]).toMatchObject({
      type: 'Accepted',
      status: 'True',
    });
  });

  test('the same two Gateways in the merging class share one IR: the policy is Invalid there', () => {
    // `two` has a hostname of its own: with the same port, protocol and hostname as `one` its
    // listener would be conflicted across the merged Gateways and get no IR listener
    // (validateConflictedMergedListeners), so it would share no port with `one`.
    const two = gatewayYaml('two', 'merged').replace('port: 80}', 'port: 80, hostname: two.example.com}');
    const doc = statusOf(CLASSES + gatewayYaml('one', 'merged') + two + ctp('limit', 'one'));
    expect(ancestors(doc, 'ClientTrafficPolicy', 'limit')[0]?.conditions[0]).toMatchObject({
      type: 'Accepted',
      status: 'False',
      reason: 'Invalid',
      message:
        'ClientTrafficPolicy is being applied to multiple http (non https) listeners (infra/two/http) on the same port, which is not allowed.',
    });
  });
});

describe("each Gateway's EnvoyProxy", () => {
  const route = (name: string, parents: readonly string[]): string => `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: infra}
spec:
  parentRefs: [${parents.map((p) => `{name: ${p}}`).join(', ')}]
  rules: [{backendRefs: [{name: app, port: 80}]}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyExtensionPolicy
metadata: {name: dm-${name}, namespace: infra}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: ${name}}]
  dynamicModule: [{name: header-mutation}]
`;
  const common = `
---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: infra}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: modules, namespace: infra}
spec:
  dynamicModules: [{name: header-mutation, source: {type: Local, local: {path: /lib/m.so}}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: other}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
`;
  const params =
    '  infrastructure: {parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: modules}}';
  const NOT_REGISTERED =
    'DynamicModule: dynamic module "header-mutation" is not registered in the EnvoyProxy dynamicModules allowlist.';
  const verdicts = (doc: PolicyStatusDocument, name: string): (string | undefined)[][] =>
    ancestors(doc, 'EnvoyExtensionPolicy', name).map((a) => [
      a.ancestorRef.name,
      a.conditions[0]?.status,
      a.conditions[0]?.message,
    ]);

  test("the dynamic modules allowlist is the Gateway's own EnvoyProxy (infrastructure.parametersRef)", () => {
    const doc = statusOf(
      CLASSES +
        gatewayYaml('with-modules', 'eg', params) +
        gatewayYaml('without', 'eg') +
        common +
        route('a', ['with-modules']) +
        route('b', ['without']),
    );
    expect(verdicts(doc, 'dm-a')).toEqual([['with-modules', 'True', 'Policy has been accepted.']]);
    expect(verdicts(doc, 'dm-b')).toEqual([['without', 'False', NOT_REGISTERED]]);
  });

  test('a route on Gateways of two classes: each class reports its own errors on its own ancestors', () => {
    const input =
      CLASSES +
      gatewayYaml('with-modules', 'eg', params) +
      gatewayYaml('without', 'other') +
      common +
      route('a', ['with-modules', 'without']);
    const { resolution } = simulate(input);
    expect(verdicts(policyStatus(resolution), 'dm-a')).toEqual([
      ['with-modules', 'True', 'Policy has been accepted.'],
      ['without', 'False', NOT_REGISTERED],
    ]);
    const applied = explain(resolution, {
      route: 'HTTPRoute/infra/a',
      kind: 'EnvoyExtensionPolicy',
    }).points.map((pt) => [pt.gateway, pt.policies.EnvoyExtensionPolicy?.applied]);
    expect(applied).toEqual([
      ['Gateway/infra/with-modules', ['EnvoyExtensionPolicy/infra/dm-a']],
      ['Gateway/infra/without', []],
    ]);
  });

  test('in one class, the errors of every parent Gateway are joined on every ancestor', () => {
    const input =
      CLASSES +
      gatewayYaml('with-modules', 'eg', params) +
      gatewayYaml('without', 'eg') +
      common +
      route('a', ['with-modules', 'without']);
    expect(verdicts(statusOf(input), 'dm-a')).toEqual([
      ['with-modules', 'False', NOT_REGISTERED],
      ['without', 'False', NOT_REGISTERED],
    ]);
  });
});

describe('status from several GatewayClasses', () => {
  const classes = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: a-class, creationTimestamp: "2024-02-01T00:00:00Z"}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: b-class, creationTimestamp: "2024-01-01T00:00:00Z"}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
`;
  const policy = `
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: both, namespace: infra}
spec:
  targetRefs:
  - {group: gateway.networking.k8s.io, kind: Gateway, name: gw-a}
  - {group: gateway.networking.k8s.io, kind: Gateway, name: gw-b}
  timeout: {http: {requestTimeout: 5s}}
`;

  test('ancestors come class by class, the older class first (the runner concatenates its runs)', () => {
    const doc = statusOf(classes + gatewayYaml('gw-a', 'a-class') + gatewayYaml('gw-b', 'b-class') + policy);
    expect(ancestors(doc, 'BackendTrafficPolicy', 'both').map((a) => a.ancestorRef.name)).toEqual([
      'gw-b',
      'gw-a',
    ]);
  });
});
