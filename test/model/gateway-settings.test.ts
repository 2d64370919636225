/**
 * Per-GatewayClass and per-Gateway EnvoyProxy settings (issue 11 point 1): Envoy Gateway's runner
 * translates one GatewayClass at a time with that class's mergeGateways, and gives each Gateway
 * its own EnvoyProxy over its class's over the EnvoyGateway default.
 */
import { buildTopology, loadManifests, type Topology } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { gatewaySettings } from '../../src/model/gateway-settings.js';
import { gateway, gatewayClass, listener, toResources } from './_fixtures.js';

type Obj = Record<string, unknown>;
const EG = 'gateway.envoyproxy.io';

const proxy = (name: string, spec: Obj, ns = 'eg-system'): Obj => ({
  apiVersion: `${EG}/v1alpha1`,
  kind: 'EnvoyProxy',
  metadata: { name, namespace: ns },
  spec,
});
const classWithProxy = (name: string, proxyName: string, ns: string | null = 'eg-system'): Obj => {
  const gc = gatewayClass(name);
  return {
    ...gc,
    spec: {
      ...(gc.spec as Obj),
      parametersRef: {
        group: EG,
        kind: 'EnvoyProxy',
        name: proxyName,
        ...(ns === null ? {} : { namespace: ns }),
      },
    },
  };
};
const withParams = (gw: Obj, proxyName: string, kind = 'EnvoyProxy'): Obj => ({
  ...gw,
  spec: { ...(gw.spec as Obj), infrastructure: { parametersRef: { group: EG, kind, name: proxyName } } },
});
const build = (objects: readonly Obj[]): Topology => buildTopology(toResources(objects));
const codes = (t: Topology): string[] => t.diagnostics.map((d) => d.code);

describe('mergeGateways is decided per GatewayClass', () => {
  test("a class's mergeGateways applies to its own Gateways only", () => {
    const t = build([
      gatewayClass('eg'),
      classWithProxy('merged', 'merge-config'),
      proxy('merge-config', { mergeGateways: true }),
      gateway('a', [listener('http')]),
      gateway('b', [listener('http')]),
      gateway('c', [listener('http')], { className: 'merged' }),
    ]);
    expect(gatewaySettings(t, 'default/a')).toMatchObject({ mergeGateways: false, irKey: 'default/a' });
    expect(gatewaySettings(t, 'default/b')).toMatchObject({ mergeGateways: false, irKey: 'default/b' });
    expect(gatewaySettings(t, 'default/c')).toMatchObject({ mergeGateways: true, irKey: 'merged' });
    expect(t.options.mergeGateways).toBeNull();
  });

  test('the override forces every class', () => {
    const t = buildTopology(toResources([gatewayClass('eg'), gateway('a', [listener('http')])]), {
      mergeGateways: true,
    });
    expect(gatewaySettings(t, 'default/a')).toMatchObject({ mergeGateways: true, irKey: 'eg' });
  });

  test("the class's parametersRef namespace defaults to default", () => {
    const t = build([
      classWithProxy('eg', 'p', null),
      proxy('p', { mergeGateways: true }, 'default'),
      gateway('a', [listener('http')]),
    ]);
    expect(gatewaySettings(t, 'default/a').mergeGateways).toBe(true);
  });

  test('in the test-data layout, the EnvoyGateway default decides when the class proxy does not set it', () => {
    const text = [
      'gateways:',
      '- metadata: {name: a, namespace: default}',
      '  spec: {gatewayClassName: envoy-gateway-class, listeners: [{name: http, protocol: HTTP, port: 80}]}',
      'envoyProxyDefaultSpec: {mergeGateways: true}',
    ].join('\n');
    const t = buildTopology(loadManifests(text));
    expect(gatewaySettings(t, 'default/a')).toMatchObject({
      mergeGateways: true,
      irKey: 'envoy-gateway-class',
    });
  });

  test("in the test-data layout, envoyProxyForGatewayClass is the class's proxy whatever its parametersRef says", () => {
    const text = [
      'gateways:',
      '- metadata: {name: a, namespace: default}',
      '  spec: {gatewayClassName: envoy-gateway-class, listeners: [{name: http, protocol: HTTP, port: 80}]}',
      'envoyProxyForGatewayClass:',
      '  metadata: {name: p, namespace: envoy-gateway-system}',
      '  spec: {dynamicModules: [{name: m}]}',
    ].join('\n');
    const t = buildTopology(loadManifests(text));
    expect(gatewaySettings(t, 'default/a')).toMatchObject({
      envoyProxy: { dynamicModules: [{ name: 'm' }] },
      envoyProxySources: ['EnvoyProxy/envoy-gateway-system/p'],
    });
  });
});

describe("each Gateway's EnvoyProxy (MergeEnvoyProxyConfigs)", () => {
  const base = [
    classWithProxy('eg', 'class-proxy'),
    proxy('class-proxy', {
      geoIP: { provider: { type: 'MaxMind' } },
      dynamicModules: [{ name: 'from-class' }],
    }),
  ];

  test("a Gateway without parametersRef runs with its class's EnvoyProxy", () => {
    const t = build([...base, gateway('a', [listener('http')])]);
    expect(gatewaySettings(t, 'default/a')).toMatchObject({
      envoyProxy: { dynamicModules: [{ name: 'from-class' }] },
      envoyProxySources: ['EnvoyProxy/eg-system/class-proxy'],
    });
  });

  test("a Gateway's own EnvoyProxy replaces the class's by default", () => {
    const t = build([
      ...base,
      proxy('own', { dynamicModules: [{ name: 'from-gateway' }] }, 'default'),
      withParams(gateway('a', [listener('http')]), 'own'),
    ]);
    expect(gatewaySettings(t, 'default/a').envoyProxy).toEqual({
      dynamicModules: [{ name: 'from-gateway' }],
    });
    expect(gatewaySettings(t, 'default/a').envoyProxySources).toEqual(['EnvoyProxy/default/own']);
  });

  test('with mergeType StrategicMerge, objects merge and lists are replaced', () => {
    const t = build([
      ...base,
      proxy(
        'own',
        { mergeType: 'StrategicMerge', geoIP: { source: 'XFF' }, dynamicModules: [{ name: 'from-gateway' }] },
        'default',
      ),
      withParams(gateway('a', [listener('http')]), 'own'),
    ]);
    expect(gatewaySettings(t, 'default/a')).toMatchObject({
      envoyProxy: {
        mergeType: 'StrategicMerge',
        geoIP: { provider: { type: 'MaxMind' }, source: 'XFF' },
        dynamicModules: [{ name: 'from-gateway' }],
      },
      envoyProxySources: ['EnvoyProxy/default/own', 'EnvoyProxy/eg-system/class-proxy'],
    });
  });

  test("under a class that merges Gateways, a Gateway's parametersRef keeps it from being accepted", () => {
    const t = build([
      classWithProxy('eg', 'class-proxy'),
      proxy('class-proxy', { mergeGateways: true }),
      proxy('own', { dynamicModules: [{ name: 'm' }] }, 'default'),
      withParams(gateway('a', [listener('http')]), 'own'),
    ]);
    expect(t.gateways.get('default/a')).toMatchObject({ managed: true, accepted: false });
    expect(t.diagnostics.find((d) => d.code === 'GWP-TOPO-GATEWAY-NOT-ACCEPTED')?.message).toContain(
      'infrastructure.parametersref must be nil when MergeGateways feature is enabled by gatewayclass',
    );
    // The translator would not read it either.
    expect(gatewaySettings(t, 'default/a').envoyProxy).toEqual({ mergeGateways: true });
  });

  test('a parametersRef to a missing EnvoyProxy or of another kind keeps the Gateway from being accepted', () => {
    const t = build([
      gatewayClass('eg'),
      withParams(gateway('missing', [listener('http')]), 'nope'),
      withParams(gateway('wrong', [listener('http')]), 'x', 'ConfigMap'),
    ]);
    const messages = t.diagnostics
      .filter((d) => d.code === 'GWP-TOPO-GATEWAY-NOT-ACCEPTED')
      .map((d) => d.message);
    expect(t.gateways.get('default/missing')?.accepted).toBe(false);
    expect(t.gateways.get('default/wrong')?.accepted).toBe(false);
    expect(messages).toEqual([
      'Envoy Gateway does not accept this Gateway (InvalidParameters): failed to find envoyproxy default/nope for Gateway missing: envoyproxies.gateway.envoyproxy.io "nope" not found',
      'Envoy Gateway does not accept this Gateway (InvalidParameters): unsupported parametersRef for gateway default/wrong',
    ]);
  });

  test('the translator harness ignores a parametersRef it cannot resolve', () => {
    const text = [
      'gateways:',
      '- metadata: {name: a, namespace: default}',
      '  spec:',
      '    gatewayClassName: envoy-gateway-class',
      '    listeners: [{name: http, protocol: HTTP, port: 80}]',
      '    infrastructure: {parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: nope}}',
    ].join('\n');
    const t = buildTopology(loadManifests(text));
    expect(t.gateways.get('default/a')?.accepted).toBe(true);
  });

  test('a GatewayClass whose EnvoyProxy is missing is diagnosed once; its Gateways run without one', () => {
    const t = build([
      classWithProxy('eg', 'gone'),
      gateway('a', [listener('http')]),
      gateway('b', [listener('http')]),
    ]);
    expect(codes(t).filter((c) => c === 'GWP-TOPO-GATEWAYCLASS-INVALID-PARAMS')).toHaveLength(1);
    expect(t.gateways.get('default/a')).toMatchObject({ accepted: true, settings: { envoyProxy: null } });
  });

  test('an unknown Gateway gets the settings of a class without EnvoyProxy', () => {
    const t = build([gatewayClass('eg')]);
    expect(gatewaySettings(t, 'x/y')).toEqual({
      gatewayClass: '',
      mergeGateways: false,
      irKey: 'x/y',
      envoyProxy: null,
      envoyProxySources: [],
    });
  });
});
