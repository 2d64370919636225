/**
 * Envoy Gateway's own configuration read from a live cluster (the `envoy-gateway-config`
 * ConfigMap in the controller namespace) is applied exactly as the same ConfigMap given in a
 * file: the controller name (which GatewayClasses are managed), `extensionApis` (Lua, Backend)
 * and `rateLimit` (global rate limits), and `validate` prints them under "Envoy Gateway settings
 * in force". The real `@kubernetes/client-node` against a loopback API server (test/_support).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadManifests } from 'gateway-policy-sim';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_OK } from '../../src/cli/exit-codes.js';
import { type FakeApiServer, kubeconfigFor, SERVED, startFakeApiServer } from '../_support/fake-apiserver.js';
import { run } from './_io.js';

type Obj = { apiVersion?: string; kind: string; metadata: { name: string; namespace?: string } };

const OBJECTS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: custom}
spec: {controllerName: example.com/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: v1
kind: Namespace
metadata: {name: default}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: custom-gw, namespace: default}
spec:
  gatewayClassName: custom
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg-gw, namespace: default}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: default}
spec:
  parentRefs: [{name: custom-gw}, {name: eg-gw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: external, namespace: default}
spec:
  parentRefs: [{name: custom-gw}]
  rules: [{backendRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: ext, port: 443}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: ext, namespace: default}
spec:
  endpoints: [{fqdn: {hostname: api.example.com, port: 443}}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyExtensionPolicy
metadata: {name: lua, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  lua: [{type: Inline, inline: 'function envoy_on_request(h) end'}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: global-rl, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  rateLimit:
    global:
      rules: [{limit: {requests: 10, unit: Minute}}]
`;

/** The ConfigMap Envoy Gateway's Helm chart installs, in a namespace. */
const configMap = (namespace: string): string => `apiVersion: v1
kind: ConfigMap
metadata: {name: envoy-gateway-config, namespace: ${namespace}}
data:
  envoy-gateway.yaml: |
    apiVersion: gateway.envoyproxy.io/v1alpha1
    kind: EnvoyGateway
    gateway:
      controllerName: example.com/gateway-controller
    extensionApis:
      enableLua: true
      enableBackend: true
    rateLimit:
      backend:
        type: Redis
        redis:
          url: redis.envoy-gateway-system.svc.cluster.local:6379
`;

function objectsOf(text: string): Obj[] {
  return loadManifests({ file: 'in.yaml', text }).resources.map((r) => {
    const served = SERVED[r.kind];
    return { ...(r.object as Obj), ...(served ? { apiVersion: served.apiVersion } : {}) };
  });
}

interface Settings {
  readonly origin: string;
  readonly source: string | null;
  readonly controllerName: string;
  readonly enableLua: boolean;
  readonly enableBackend: boolean;
  readonly globalRateLimit: boolean;
  readonly gatewayClasses: readonly { name: string }[];
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gwp-cluster-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['envoy-gateway-system', []],
  ['gateway-ops', ['--controller-namespace', 'gateway-ops']],
])('the envoy-gateway-config ConfigMap of a live cluster (controller namespace %s)', (namespace, flags) => {
  let server: FakeApiServer;
  let kc = '';
  let file = '';
  beforeAll(async () => {
    const objects = objectsOf(`${OBJECTS}---\n${configMap(namespace)}`);
    server = await startFakeApiServer(objects, { pageSize: 3 });
    kc = path.join(dir, `${namespace}.kubeconfig`);
    await writeFile(kc, kubeconfigFor({ live: server.url }));
    file = path.join(dir, `${namespace}.json`);
    await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  });
  afterAll(async () => {
    await server.close();
  });

  test('validate prints the same settings in force as for the ConfigMap in a file, read from the ConfigMap', async () => {
    const live = await run(['validate', '--kubeconfig', kc, ...flags]);
    const fromFile = await run(['validate', file]);
    const section = (text: string): string =>
      text.slice(
        text.indexOf('Envoy Gateway settings in force'),
        text.indexOf('\n\n', text.indexOf('Envoy Gateway settings in force')),
      );

    expect(live.code).toBe(EXIT_OK);
    expect(section(live.stdout)).toBe(section(fromFile.stdout));
    expect(section(live.stdout)).toBe(
      [
        'Envoy Gateway settings in force',
        `  from: read from ConfigMap/${namespace}/envoy-gateway-config`,
        '  controllerName: example.com/gateway-controller',
        '  extensionApis: enableLua true, enableBackend true, enableEnvoyPatchPolicy false, enableSDSSecretRef false',
        '  rateLimit: configured (global rate limits are built)',
        '  envoyProxy defaults: none',
        '  GatewayClass custom: EnvoyProxy none, mergeGateways false',
      ].join('\n'),
    );
  });

  test("the JSON settings are the file's: origin, source, controller, extensionApis, rateLimit, managed classes", async () => {
    const settings = async (argv: string[]): Promise<Settings> =>
      (JSON.parse((await run(['validate', ...argv, '-o', 'json'])).stdout) as { settings: Settings })
        .settings;

    const live = await settings(['--kubeconfig', kc, ...flags]);
    const fromFile = await settings([file]);

    expect(live).toEqual(fromFile);
    expect(live).toMatchObject({
      origin: 'input',
      source: `ConfigMap/${namespace}/envoy-gateway-config`,
      controllerName: 'example.com/gateway-controller',
      enableLua: true,
      enableBackend: true,
      globalRateLimit: true,
      gatewayClasses: [{ name: 'custom' }],
    });
  });

  test('the settings decide the status as they do from the file: Lua and the global rate limit are Accepted on the custom class only', async () => {
    const live = await run(['status', '--kubeconfig', kc, ...flags, '-o', 'json']);
    const fromFile = await run(['status', file, '-o', 'json']);

    expect(live.stdout).toBe(fromFile.stdout);
    const doc = JSON.parse(live.stdout) as Record<
      string,
      {
        metadata: { name: string };
        status: {
          ancestors: { ancestorRef: { name: string }; conditions: { type: string; status: string }[] }[];
        };
      }[]
    >;
    // The policy lists, without the document's schema version.
    const { schemaVersion, ...lists } = doc;
    expect(schemaVersion).toBe('gateway-policy-sim/status/v1');
    const policies = Object.values(lists).flat();
    expect(policies.map((p) => p.metadata.name).sort()).toEqual(['global-rl', 'lua']);
    for (const p of policies) {
      expect(p.status.ancestors.map((a) => a.ancestorRef.name)).toEqual(['custom-gw']);
      expect(p.status.ancestors[0]?.conditions.find((c) => c.type === 'Accepted')?.status).toBe('True');
    }
  });
});

test('without the ConfigMap (or in another namespace than the one given) the defaults are assumed and said so', async () => {
  const objects = objectsOf(`${OBJECTS}---\n${configMap('elsewhere')}`);
  const server = await startFakeApiServer(objects);
  try {
    const kc = path.join(dir, 'elsewhere.kubeconfig');
    await writeFile(kc, kubeconfigFor({ live: server.url }));
    const r = await run(['validate', '--kubeconfig', kc, '-o', 'json']);
    const out = JSON.parse(r.stdout) as { settings: Settings; diagnostics: { code: string }[] };

    expect(out.settings.origin).toBe('defaults');
    expect(out.settings.controllerName).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    expect(out.diagnostics.map((d) => d.code)).toContain('GWP-CLUSTER-NO-CONFIG');
  } finally {
    await server.close();
  }
});
