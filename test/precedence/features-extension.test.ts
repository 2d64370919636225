import { buildTopology, loadManifests, type Topology } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { gatewayEnvoyProxySpec } from '../../src/precedence/_internal/features/backend-refs.js';
import { dynamicModuleError, EXTENSION_CHECKS } from '../../src/precedence/_internal/features/extension.js';
import type { FeatureCheckContext } from '../../src/precedence/_internal/features/feature-check.js';

/** Plain manifests, with the controller's Backend and Lua switches on unless a test says otherwise. */
function topo(yaml: string, enableBackend = true, enableLua = true): Topology {
  return buildTopology(loadManifests(yaml), { enableBackend, enableLua });
}

function ctx(topology: Topology, namespace = 'app'): FeatureCheckContext {
  return { topology, ownerNamespace: () => namespace };
}

/** The checks joined as `featureErrors` joins them. */
function errors(spec: Record<string, unknown>, c: FeatureCheckContext): string | null {
  const out: string[] = [];
  for (const check of EXTENSION_CHECKS) {
    const e = check.check(spec, c);
    if (e !== null) out.push(`${check.feature}: ${e}`);
  }
  return out.length === 0 ? null : out.join('\n');
}

const BASE = `
apiVersion: v1
kind: Service
metadata: {namespace: app, name: proc}
spec: {ports: [{port: 9002}]}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: pull}
stringData: {.dockerconfigjson: "{}"}
---
apiVersion: v1
kind: Secret
metadata: {namespace: app, name: not-docker}
stringData: {token: x}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: app, name: script}
data: {main.lua: "function envoy_on_request(h) end"}
---
apiVersion: v1
kind: ConfigMap
metadata: {namespace: app, name: empty}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {namespace: app, name: ip}
spec: {endpoints: [{ip: {address: 10.0.0.1, port: 3000}}]}
`;

function image(pullSecret: string): Record<string, unknown> {
  return {
    code: {
      type: 'Image',
      image: { url: 'oci://example.com/filter:v1', pullSecretRef: { name: pullSecret } },
    },
  };
}

describe('EnvoyExtensionPolicy feature checks', () => {
  const t = topo(BASE);

  test('Wasm: the image pull Secret and its .dockerconfigjson key; every module is reported', () => {
    expect(errors({ wasm: [image('pull')] }, ctx(t))).toBeNull();
    expect(errors({ wasm: [image('not-docker')] }, ctx(t))).toBe(
      'Wasm: missing .dockerconfigjson key in secret app/not-docker',
    );
    expect(errors({ wasm: [image('a'), image('pull'), image('b')] }, ctx(t))).toBe(
      'Wasm: secret app/a does not exist\nsecret app/b does not exist',
    );
    expect(errors({ wasm: [{ code: { type: 'HTTP' } }] }, ctx(t))).toBe(
      'Wasm: missing HTTP field in Wasm code source',
    );
  });

  test('Lua: a ValueRef body needs its ConfigMap, with any data', () => {
    const lua = (name: string) => ({ lua: [{ type: 'ValueRef', valueRef: { kind: 'ConfigMap', name } }] });
    expect(errors(lua('script'), ctx(t))).toBeNull();
    expect(errors(lua('gone'), ctx(t))).toBe(
      "Lua: can't find the referenced configmap gone in namespace app",
    );
    expect(errors(lua('empty'), ctx(t))).toBe(
      "Lua: can't find the key lua in the referenced configmap empty",
    );
  });

  test('Lua: with the controller switch off (the v1.9 default), any Lua policy is refused before its body is read', () => {
    const lua = { lua: [{ type: 'ValueRef', valueRef: { kind: 'ConfigMap', name: 'absent' } }] };
    expect(buildTopology(loadManifests(BASE)).options.enableLua).toBe(false);
    expect(errors(lua, ctx(topo(BASE, true, false)))).toBe(
      'Lua: Skipping Lua EnvoyExtensionPolicy as feature is disabled in the Gateway',
    );
    expect(errors({ lua: [] }, ctx(topo(BASE, true, false)))).toBeNull();
  });

  test('ExtProc: every processor is built; the errors are joined under one prefix', () => {
    const proc = (name: string, port = 9002) => ({ backendRefs: [{ name, port }] });
    expect(errors({ extProc: [proc('proc')] }, ctx(t))).toBeNull();
    expect(errors({ extProc: [proc('a'), proc('proc'), proc('proc', 1)] }, ctx(t))).toBe(
      'ExtProc: service app/a not found\nTCP Port 1 not found on service app/proc',
    );
  });

  test('ExtProc: a Backend is refused when the Backend API is off', () => {
    const spec = {
      extProc: [{ backendRefs: [{ group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'ip' }] }],
    };
    expect(errors(spec, ctx(t))).toBeNull();
    expect(errors(spec, ctx(topo(BASE, false)))).toBe(
      'ExtProc: resource ip of type Backend cannot be used since Backend is disabled in Envoy Gateway configuration',
    );
  });

  test('features are joined in route order: Wasm, Lua, ExtProc', () => {
    const spec = {
      extProc: [{ backendRefs: [{ name: 'gone', port: 1 }] }],
      lua: [{ type: 'ValueRef', valueRef: { kind: 'ConfigMap', name: 'gone' } }],
      wasm: [image('gone')],
    };
    expect(errors(spec, ctx(t))).toBe(
      [
        'Wasm: secret app/gone does not exist',
        "Lua: can't find the referenced configmap gone in namespace app",
        'ExtProc: service app/gone not found',
      ].join('\n'),
    );
  });

  test('references resolve in the namespace of the field owner', () => {
    expect(errors({ extProc: [{ backendRefs: [{ name: 'proc', port: 9002 }] }] }, ctx(t, 'infra'))).toBe(
      'ExtProc: service infra/proc not found',
    );
  });
});

describe('EnvoyExtensionPolicy DynamicModule (needs the Gateway EnvoyProxy)', () => {
  const proxy = (name: string, modules: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {namespace: infra, name: ${name}}
spec: {dynamicModules: ${modules}}
`;
  const cls = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, namespace: infra, name: class-proxy}
`;
  const gateway = (name: string, proxyName?: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {namespace: infra, name: ${name}}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
${proxyName ? `  infrastructure: {parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: ${proxyName}}}` : ''}
`;
  const spec = { dynamicModule: [{ name: 'waf' }, { name: 'auth' }] };

  test('dynamicModuleError: every module must be registered with a usable source; errors are joined', () => {
    expect(dynamicModuleError(spec, null)).toBe(
      'dynamic module "waf" is not registered in the EnvoyProxy dynamicModules allowlist\n' +
        'dynamic module "auth" is not registered in the EnvoyProxy dynamicModules allowlist',
    );
    const ep = {
      dynamicModules: [
        { name: 'waf', source: { local: { path: '/lib/waf.so' } } },
        { name: 'auth', source: { type: 'Remote', remote: { url: 'ftp://x/auth.so', sha256: 'ab' } } },
      ],
    };
    expect(dynamicModuleError(spec, ep)).toBe(
      'dynamic module "auth" has invalid remote source URL "ftp://x/auth.so": unsupported URL scheme "ftp"',
    );
  });

  test("gatewayEnvoyProxySpec: the Gateway's own EnvoyProxy replaces the class's by default", () => {
    const t = topo(
      `${cls}---${proxy('class-proxy', '[{name: waf, source: {local: {path: /w.so}}}]')}---${proxy('own', '[]')}---${gateway('a')}---${gateway('b', 'own')}`,
    );
    expect(gatewayEnvoyProxySpec(t, 'infra/a')?.dynamicModules).toHaveLength(1);
    expect(gatewayEnvoyProxySpec(t, 'infra/b')?.dynamicModules).toEqual([]);
    expect(gatewayEnvoyProxySpec(t, 'infra/missing')).toBeNull();
  });

  test('the DynamicModule check reports only when every Gateway gives the same answer', () => {
    const one = topo(
      `${cls}---${proxy('class-proxy', '[{name: waf, source: {local: {path: /w.so}}}]')}---${gateway('a')}`,
    );
    expect(errors(spec, ctx(one))).toBe(
      'DynamicModule: dynamic module "auth" is not registered in the EnvoyProxy dynamicModules allowlist',
    );
    const two = topo(
      `${cls}---${proxy('class-proxy', '[{name: waf, source: {local: {path: /w.so}}}]')}---${proxy('own', '[]')}---${gateway('a')}---${gateway('b', 'own')}`,
    );
    expect(errors(spec, ctx(two))).toBeNull();
  });
});
