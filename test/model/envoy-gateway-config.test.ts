/**
 * Envoy Gateway's own configuration as an input (issue 11 point 2): a `kind: EnvoyGateway`
 * document or the `envoy-gateway-config` ConfigMap sets what it sets in Envoy Gateway; options
 * (the CLI's flags) override it; without one, Envoy Gateway's defaults and one info diagnostic;
 * the test-data layout keeps the harness's settings; a bad configuration is diagnosed at its field.
 */
import {
  buildTopology,
  loadManifests,
  type PolicyStatusDocument,
  policyStatus,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { GATEWAY_CLASS } from '../cli/_fixtures.js';

const config = (body: string): string => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyGateway
${body}
---`;

const configMap = (body: string, name = 'envoy-gateway-config', key = 'envoy-gateway.yaml'): string => `
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: envoy-gateway-system}
data:
  ${key}: |
    apiVersion: gateway.envoyproxy.io/v1alpha1
    kind: EnvoyGateway
${body
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
---`;

const WORLD = `
${GATEWAY_CLASS}---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: custom}
spec: {controllerName: example.com/custom-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: other, namespace: infra}
spec:
  gatewayClassName: custom
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: global-limit, namespace: infra}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  rateLimit:
    global:
      rules: [{clientSelectors: [{sourceCIDR: {value: 10.0.0.0/8}}], limit: {requests: 5, unit: Minute}}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: on-custom, namespace: infra}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: other}]
  timeout: {http: {requestTimeout: 5s}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyExtensionPolicy
metadata: {name: lua, namespace: infra}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  lua: [{type: Inline, inline: "function envoy_on_response(h) end"}]
`;

type Ancestor = {
  ancestorRef: { name: string };
  controllerName: string;
  conditions: { type: string; status: string; message: string }[];
};
function ancestors(
  doc: PolicyStatusDocument,
  key: keyof PolicyStatusDocument,
  name: string,
): Ancestor[] | null {
  const p = (doc[key] ?? []).find((x) => x.metadata.name === name);
  return (p?.status.ancestors ?? null) as unknown as Ancestor[] | null;
}
const first = (list: Ancestor[] | null): string | undefined =>
  list?.[0] ? `${list[0].conditions[0]?.status}: ${list[0].conditions[0]?.message}` : undefined;

describe('the configuration in the input sets what it sets in Envoy Gateway', () => {
  test('without rateLimit a global rate limit is Invalid with Envoy Gateway message; with it, Accepted', () => {
    const without = policyStatus(simulate(config('extensionApis: {enableLua: true}') + WORLD).resolution);
    expect(first(ancestors(without, 'BackendTrafficPolicy', 'global-limit'))).toBe(
      'False: RateLimit: enable Ratelimit in the EnvoyGateway config to configure global rateLimit.',
    );
    const withIt = policyStatus(
      simulate(config('rateLimit: {backend: {type: Redis, redis: {url: "redis:6379"}}}') + WORLD).resolution,
    );
    expect(first(ancestors(withIt, 'BackendTrafficPolicy', 'global-limit'))).toBe(
      'True: Policy has been accepted.',
    );
  });

  test('extensionApis.enableLua from the envoy-gateway-config ConfigMap; an option overrides it', () => {
    const on = configMap('extensionApis:\n  enableLua: true');
    expect(
      first(ancestors(policyStatus(simulate(on + WORLD).resolution), 'EnvoyExtensionPolicy', 'lua')),
    ).toBe('True: Policy has been accepted.');
    const off = simulate(on + WORLD, { topology: { enableLua: false } });
    expect(first(ancestors(policyStatus(off.resolution), 'EnvoyExtensionPolicy', 'lua'))).toBe(
      'False: Lua: Skipping Lua EnvoyExtensionPolicy as feature is disabled in the Gateway.',
    );
    expect(off.topology.envoyGateway).toMatchObject({ enableLua: false, overridden: ['enableLua'] });
  });

  test('the deprecated disableLua: false turns Lua on, as LuaDisabled reads it', () => {
    const t = simulate(config('extensionApis: {disableLua: false}') + WORLD).topology;
    expect(t.envoyGateway.enableLua).toBe(true);
  });

  test("gateway.controllerName decides which classes are managed and the status's controllerName", () => {
    const doc = policyStatus(
      simulate(config('gateway: {controllerName: example.com/custom-controller}') + WORLD).resolution,
    );
    const custom = ancestors(doc, 'BackendTrafficPolicy', 'on-custom');
    expect(custom?.[0]).toMatchObject({
      controllerName: 'example.com/custom-controller',
      ancestorRef: { name: 'other' },
    });
    // Gateways of other classes are left alone: no status for the policy on them.
    expect(ancestors(doc, 'BackendTrafficPolicy', 'global-limit')).toBeNull();
  });

  test('envoyProxy in the configuration is under every class: its mergeGateways and dynamic modules apply', () => {
    const t = simulate(
      config('envoyProxy: {mergeGateways: true, dynamicModules: [{name: m}]}') + WORLD,
    ).topology;
    expect(t.gateways.get('infra/gw')?.settings).toMatchObject({
      mergeGateways: true,
      irKey: 'eg',
      envoyProxy: { mergeGateways: true, dynamicModules: [{ name: 'm' }] },
      envoyProxySources: ['EnvoyGateway.envoyProxy'],
    });
  });

  test('in GatewayNamespace deploy mode a class whose EnvoyProxy merges Gateways is refused', () => {
    const classWithProxy = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: p, namespace: infra}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: p, namespace: infra}
spec: {mergeGateways: true}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec: {gatewayClassName: eg, listeners: [{name: http, protocol: HTTP, port: 80}]}
`;
    const t = simulate(
      config('provider: {type: Kubernetes, kubernetes: {deploy: {type: GatewayNamespace}}}') + classWithProxy,
    ).topology;
    expect(t.gateways.get('infra/gw')?.settings.mergeGateways).toBe(false);
    expect(t.diagnostics.find((d) => d.code === 'GWP-TOPO-GATEWAYCLASS-INVALID-PARAMS')?.message).toContain(
      'using Merged Gateways with Gateway Namespace Mode is not supported',
    );
  });
});

describe('without a configuration', () => {
  test("Envoy Gateway's defaults and one info diagnostic saying which, and how to pass the real one", () => {
    const r = simulate(WORLD);
    expect(r.topology.envoyGateway).toMatchObject({
      origin: 'defaults',
      controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
      enableLua: false,
      enableBackend: false,
      globalRateLimit: false,
      envoyProxy: null,
    });
    const notices = r.diagnostics.filter((d) => d.code === 'GWP-CONFIG-DEFAULTS');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.severity).toBe('info');
    expect(notices[0]?.message).toContain('global rate limiting not configured');
    expect(notices[0]?.message).toContain(
      'kubectl get configmap envoy-gateway-config -n envoy-gateway-system -o yaml',
    );
  });

  test('a setting an option gives is not listed as assumed', () => {
    const r = simulate(WORLD, { topology: { enableLua: true } });
    const notice = r.diagnostics.find((d) => d.code === 'GWP-CONFIG-DEFAULTS')?.message ?? '';
    expect(notice).not.toContain('Lua off');
    expect(notice).toContain('Backend off');
  });
});

describe('the test-data layout keeps the harness settings', () => {
  test('Lua, Backend and global rate limits on; a configuration document in it is ignored, saying so', () => {
    const text = [
      'gateways:',
      '- metadata: {name: gw, namespace: default}',
      '  spec: {gatewayClassName: envoy-gateway-class, listeners: [{name: http, protocol: HTTP, port: 80}]}',
    ].join('\n');
    const t = buildTopology(
      loadManifests([
        { file: 'case.in.yaml', text },
        { file: 'eg.yaml', text: config('') },
      ]),
    );
    expect(t.envoyGateway).toMatchObject({
      origin: 'test-data',
      enableLua: true,
      enableBackend: true,
      globalRateLimit: true,
      enableSDSSecretRef: false,
    });
    expect(t.diagnostics.map((d) => d.code)).toContain('GWP-CONFIG-IGNORED');
    expect(t.diagnostics.map((d) => d.code)).not.toContain('GWP-CONFIG-DEFAULTS');
  });
});

describe('a bad configuration is diagnosed at the offending field', () => {
  const invalid = (text: string): { message: string; pointer: string | undefined }[] =>
    simulate(text + WORLD)
      .diagnostics.filter((d) => d.code === 'GWP-CONFIG-INVALID')
      .map((d) => ({ message: d.message, pointer: d.location?.pointer }));

  test('a field of the wrong type', () => {
    expect(invalid(config('extensionApis: {enableLua: "yes"}'))).toEqual([
      {
        message:
          'Envoy Gateway would not start with this configuration: extensionApis.enableLua: json: cannot unmarshal string into Go struct field extensionApis.enableLua of type bool',
        pointer: '/extensionApis/enableLua',
      },
    ]);
  });

  test('rate limit backends, controller names and providers as ValidateEnvoyGateway checks them', () => {
    expect(invalid(config('rateLimit: {backend: {type: Memcached}}')).map((p) => p.message)).toEqual([
      'Envoy Gateway would not start with this configuration: rateLimit.backend.type: unsupported ratelimit backend Memcached',
    ]);
    expect(invalid(config('gateway: {controllerName: ""}'))[0]?.pointer).toBe('/gateway/controllerName');
    expect(invalid(config('provider: {type: Nomad}'))[0]?.message).toContain('unsupported provider type');
  });

  test('in the ConfigMap: a missing key, a YAML error, another kind', () => {
    expect(invalid(configMap('gateway: {}', 'envoy-gateway-config', 'config.yaml'))[0]).toEqual({
      message:
        'Envoy Gateway would not start with this configuration: the ConfigMap has no envoy-gateway.yaml key holding text',
      pointer: '/data',
    });
    expect(invalid(configMap('gateway: [oops'))[0]?.message).toMatch(/envoy-gateway\.yaml line \d+: /);
    const wrongKind = invalid(configMap('gateway: {}').replace('kind: EnvoyGateway', 'kind: EnvoyProxy'));
    expect(wrongKind).toEqual([
      {
        message:
          'Envoy Gateway would not start with this configuration: envoy-gateway.yaml: kind: failed to decode unmatched resource type',
        pointer: '/data/envoy-gateway.yaml',
      },
    ]);
  });

  test('a second configuration is a warning; the first is used', () => {
    const r = simulate(
      config('extensionApis: {enableLua: true}') + configMap('extensionApis: {enableLua: false}') + WORLD,
    );
    expect(r.topology.envoyGateway).toMatchObject({ source: 'EnvoyGateway/envoy-gateway', enableLua: true });
    expect(r.diagnostics.filter((d) => d.code === 'GWP-CONFIG-DUPLICATE')).toHaveLength(1);
  });

  test('settings read but not simulated are said so: extension managers', () => {
    const r = simulate(
      config('extensionManager: {service: {fqdn: {hostname: ext.example, port: 5005}}}') + WORLD,
    );
    expect(r.diagnostics.find((d) => d.code === 'GWP-CONFIG-NOT-SIMULATED')?.location?.pointer).toBe(
      '/extensionManager',
    );
  });

  test('provider.kubernetes.watch is simulated, not reported as not simulated', () => {
    const r = simulate(
      config('provider: {type: Kubernetes, kubernetes: {watch: {type: Namespaces, namespaces: [infra]}}}') +
        WORLD,
    );
    expect(r.diagnostics.filter((d) => d.code === 'GWP-CONFIG-NOT-SIMULATED')).toEqual([]);
    expect(r.topology.envoyGateway.watch).toMatchObject({ mode: 'Namespaces', namespaces: ['infra'] });
  });
});
