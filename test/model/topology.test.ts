import type { LoadResult, Resource, Topology, TopologyOptions } from 'gateway-policy-sim';
import { buildTopology } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import {
  gateway,
  gatewayClass,
  httpRoute,
  listener,
  listenerSet,
  namespace,
  policy,
  route,
  toResources,
} from './_fixtures.js';

type Obj = Record<string, unknown>;

function build(objects: readonly Obj[], options?: TopologyOptions): Topology {
  return buildTopology(toResources(objects), options);
}

/** The attachment of `routeKey`'s parentRef `i`. */
function parent(t: Topology, routeKey: string, i = 0) {
  const p = t.routes.get(routeKey)?.parentRefs[i];
  if (p === undefined) throw new Error(`no parentRef ${i} on ${routeKey}`);
  return p;
}

const codes = (t: Topology): string[] => t.diagnostics.map((d) => d.code);

describe('managed Gateways', () => {
  test('a Gateway is managed when its GatewayClass names the Envoy Gateway controller', () => {
    const t = build([
      gatewayClass('eg'),
      gatewayClass('other', 'example.com/other'),
      gateway('mine', [listener('http')]),
      gateway('theirs', [listener('http')], { className: 'other' }),
    ]);
    expect(t.gateways.get('default/mine')).toMatchObject({
      managed: true,
      accepted: true,
      gatewayClassName: 'eg',
    });
    expect(t.gateways.get('default/theirs')).toMatchObject({ managed: false, accepted: false });
  });

  test('options.controllerName changes which GatewayClasses are managed', () => {
    const t = build(
      [gatewayClass('other', 'example.com/other'), gateway('gw', [listener('http')], { className: 'other' })],
      {
        controllerName: 'example.com/other',
      },
    );
    expect(t.gateways.get('default/gw')?.managed).toBe(true);
    expect(t.options.controllerName).toBe('example.com/other');
  });

  test('a Gateway whose GatewayClass is missing is unmanaged, with an info diagnostic', () => {
    const t = build([gatewayClass('eg'), gateway('gw', [listener('http')], { className: 'nope' })]);
    expect(t.gateways.get('default/gw')?.managed).toBe(false);
    const d = t.diagnostics.find((x) => x.code === 'GWP-TOPO-GATEWAYCLASS-NOT-FOUND');
    expect(d).toMatchObject({
      severity: 'info',
      resource: 'Gateway/default/gw',
      location: { pointer: '/spec/gatewayClassName' },
    });
  });

  test('with no GatewayClass at all, every Gateway is managed and one warning says what cannot be judged', () => {
    const t = build([
      gateway('a', [listener('http')], { className: 'x' }),
      gateway('b', [listener('http')], { className: 'y' }),
    ]);
    expect([...t.gateways.values()].map((g) => g.managed)).toEqual([true, true]);
    const missing = t.diagnostics.filter((d) => d.code === 'GWP-TOPO-MISSING-KIND');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'warning', resource: 'Gateway/default/a' });
    expect(missing[0]?.message).toMatch(/^the input has no GatewayClass objects, but 2 places need them/);
  });

  test('options.gatewayClassName manages exactly the Gateways of that class, as the translator does', () => {
    const t = build(
      [
        gateway('a', [listener('http')], { className: 'x' }),
        gateway('b', [listener('http')], { className: 'y' }),
      ],
      {
        gatewayClassName: 'y',
      },
    );
    expect(t.gateways.get('default/a')?.managed).toBe(false);
    expect(t.gateways.get('default/b')?.managed).toBe(true);
    expect(codes(t)).not.toContain('GWP-TOPO-MISSING-KIND');
  });

  test('a managed Gateway with an unsupported address type is not accepted', () => {
    const t = build([
      gatewayClass(),
      gateway('gw', [listener('http')], { spec: { addresses: [{ type: 'NamedAddress', value: 'x' }] } }),
      gateway('ok', [listener('http')], {
        spec: { addresses: [{ type: 'IPAddress', value: '1.2.3.4' }, { value: 'h' }] },
      }),
      httpRoute('r', [{ name: 'gw' }]),
    ]);
    expect(t.gateways.get('default/gw')).toMatchObject({ managed: true, accepted: false });
    expect(t.gateways.get('default/ok')?.accepted).toBe(true);
    expect(codes(t)).toContain('GWP-TOPO-GATEWAY-NOT-ACCEPTED');
    expect(parent(t, 'HTTPRoute/default/r')).toMatchObject({
      managed: false,
      notAttachedReason: 'ParentNotManaged',
    });
  });
});

describe('test-data layout defaults', () => {
  const loadResult = (objects: readonly Obj[], mergeGateways?: boolean): LoadResult => ({
    resources: toResources(objects),
    diagnostics: [],
    summary: { documents: objects.length, resources: objects.length, diagnosed: 0, unknownKinds: 0 },
    testDataLayout: true,
    testDataSettings: mergeGateways === undefined ? {} : { mergeGateways },
  });

  test('the harness class envoy-gateway-class is the managed one, Backend is on, mergeGateways is read', () => {
    const t = buildTopology(
      loadResult(
        [
          gateway('eg', [listener('http')], { className: 'envoy-gateway-class' }),
          gateway('other', [listener('http')], { className: 'other-gateway-class' }),
        ],
        true,
      ),
    );
    expect(t.gateways.get('default/eg')?.managed).toBe(true);
    expect(t.gateways.get('default/other')?.managed).toBe(false);
    expect(t.gateways.get('default/eg')?.settings).toMatchObject({
      mergeGateways: true,
      irKey: 'envoy-gateway-class',
    });
    expect(t.options).toMatchObject({
      enableBackend: true,
      mergeGateways: null,
      gatewayClassName: 'envoy-gateway-class',
    });
  });

  test('explicit options win over the test-data defaults', () => {
    const t = buildTopology(loadResult([], true), { enableBackend: false, mergeGateways: false });
    expect(t.options).toMatchObject({ enableBackend: false, mergeGateways: false });
  });

  test('only the harness namespaces exist without a Namespace object', () => {
    const t = buildTopology(
      loadResult([
        gateway('gw', [listener('http', 'HTTP', 80, { allowedRoutes: { namespaces: { from: 'All' } } })], {
          className: 'envoy-gateway-class',
        }),
        httpRoute('in-default', [{ name: 'gw', namespace: 'default' }]),
        httpRoute('in-other', [{ name: 'gw', namespace: 'default' }], { ns: 'another-namespace' }),
      ]),
    );
    expect(parent(t, 'HTTPRoute/default/in-default').listeners).toEqual(['default/gw/http']);
    expect(parent(t, 'HTTPRoute/another-namespace/in-other').notAttachedReason).toBe('NotAllowedByListeners');
  });
});

describe('mergeGateways from the input', () => {
  test('is read from the EnvoyProxy a managed GatewayClass names', () => {
    const gc = {
      ...gatewayClass(),
      spec: {
        controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
        parametersRef: {
          group: 'gateway.envoyproxy.io',
          kind: 'EnvoyProxy',
          name: 'ep',
          namespace: 'eg-system',
        },
      },
    };
    const ep = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'ep', namespace: 'eg-system' },
      spec: { mergeGateways: true },
    };
    const gw = gateway('gw', [listener('http')]);
    expect(build([gc, ep, gw]).gateways.get('default/gw')?.settings.mergeGateways).toBe(true);
    expect(build([gc, gw]).gateways.get('default/gw')?.settings.mergeGateways).toBe(false);
  });
});

describe('listeners', () => {
  const objects = [
    gatewayClass(),
    gateway('gw', [listener('http'), listener('https', 'HTTPS', 443)], {
      spec: { allowedListeners: { namespaces: { from: 'All' } } },
    }),
    listenerSet('ls-b', { name: 'gw', namespace: 'default' }, [listener('b1', 'HTTP', 8081)], 'team'),
    listenerSet(
      'ls-a',
      { name: 'gw', namespace: 'default' },
      [listener('a1', 'HTTP', 8082), listener('a2', 'HTTP', 8083)],
      'team',
    ),
  ];

  test('listeners carry Envoy Gateway IR names; ListenerSet listeners follow the own ones, ListenerSets in input order', () => {
    const t = build(objects);
    const gw = t.gateways.get('default/gw');
    expect(gw?.directListeners).toEqual(['default/gw/http', 'default/gw/https']);
    expect(gw?.listeners).toEqual([
      'default/gw/http',
      'default/gw/https',
      'default/gw/team/ls-b/b1',
      'default/gw/team/ls-a/a1',
      'default/gw/team/ls-a/a2',
    ]);
    expect(gw?.listenerSets).toEqual(['team/ls-b', 'team/ls-a']);
    expect(t.listeners.get('default/gw/team/ls-a/a2')).toMatchObject({
      gateway: 'default/gw',
      listenerSet: 'team/ls-a',
      name: 'a2',
      port: 8083,
      index: 1,
    });
  });

  test('ListenerSet order follows the input, not the name', () => {
    const t = build([objects[0] as Obj, objects[1] as Obj, objects[3] as Obj, objects[2] as Obj]);
    expect(t.gateways.get('default/gw')?.listenerSets).toEqual(['team/ls-a', 'team/ls-b']);
  });

  test('a duplicate listener name is reported and the second one ignored', () => {
    const t = build([gatewayClass(), gateway('gw', [listener('http'), listener('http', 'HTTP', 81)])]);
    expect(t.gateways.get('default/gw')?.directListeners).toEqual(['default/gw/http']);
    expect(t.listeners.get('default/gw/http')?.port).toBe(80);
    expect(codes(t)).toContain('GWP-TOPO-LISTENER-DUPLICATE');
  });
});

describe('ListenerSet acceptance (spec.allowedListeners)', () => {
  const withAllowed = (allowedListeners: Obj | undefined, lsNamespace: string, extra: Obj[] = []) =>
    build([
      gatewayClass(),
      ...extra,
      gateway('gw', [listener('http')], allowedListeners ? { spec: { allowedListeners } } : {}),
      listenerSet('ls', { name: 'gw', namespace: 'default' }, [listener('x', 'HTTP', 8080)], lsNamespace),
    ]).listenerSets.get(`${lsNamespace}/ls`);

  test('without allowedListeners no ListenerSet is accepted (the default is None)', () => {
    expect(withAllowed(undefined, 'default')).toMatchObject({
      parentAccepted: true,
      accepted: false,
      listeners: [],
    });
  });

  test('from: Same accepts only ListenerSets in the Gateway namespace', () => {
    expect(withAllowed({ namespaces: { from: 'Same' } }, 'default')?.accepted).toBe(true);
    expect(withAllowed({ namespaces: { from: 'Same' } }, 'team')?.accepted).toBe(false);
  });

  test('from: All accepts any namespace; from: None accepts none', () => {
    expect(withAllowed({ namespaces: { from: 'All' } }, 'team')?.accepted).toBe(true);
    expect(withAllowed({ namespaces: { from: 'None' } }, 'default')?.accepted).toBe(false);
  });

  test('from: Selector matches the labels of the ListenerSet namespace', () => {
    const sel = { namespaces: { from: 'Selector', selector: { matchLabels: { ls: 'yes' } } } };
    expect(withAllowed(sel, 'team', [namespace('team', { ls: 'yes' })])?.accepted).toBe(true);
    expect(withAllowed(sel, 'team', [namespace('team', { ls: 'no' })])?.accepted).toBe(false);
    expect(
      withAllowed({ namespaces: { from: 'Selector' } }, 'team', [namespace('team', { ls: 'yes' })])?.accepted,
    ).toBe(false);
  });

  test('the parentRef namespace defaults to the ListenerSet namespace', () => {
    const t = build([
      gatewayClass(),
      gateway('gw', [listener('http')], {
        ns: 'team',
        spec: { allowedListeners: { namespaces: { from: 'Same' } } },
      }),
      listenerSet('ls', { name: 'gw' }, [listener('x', 'HTTP', 8080)], 'team'),
    ]);
    expect(t.listenerSets.get('team/ls')).toMatchObject({ parentGateway: 'team/gw', accepted: true });
  });

  test('a not-accepted ListenerSet adds no listeners and is diagnosed', () => {
    const t = build([
      gatewayClass(),
      gateway('gw', [listener('http')]),
      listenerSet('ls', { name: 'gw' }, [listener('x', 'HTTP', 8080)]),
    ]);
    expect(t.gateways.get('default/gw')?.listeners).toEqual(['default/gw/http']);
    expect(t.listeners.has('default/gw/default/ls/x')).toBe(false);
    expect(codes(t)).toContain('GWP-TOPO-LISTENERSET-NOT-ALLOWED');
  });

  test('a ListenerSet of an unmanaged Gateway has parentAccepted false; one of a missing Gateway is diagnosed', () => {
    const t = build([
      gatewayClass(),
      gateway('gw', [listener('http')], {
        className: 'other',
        spec: { allowedListeners: { namespaces: { from: 'All' } } },
      }),
      listenerSet('ls', { name: 'gw' }, [listener('x', 'HTTP', 8080)]),
      listenerSet('orphan', { name: 'nope' }, [listener('x', 'HTTP', 8080)]),
    ]);
    expect(t.listenerSets.get('default/ls')).toMatchObject({
      parentGateway: 'default/gw',
      parentAccepted: false,
      accepted: false,
    });
    expect(t.listenerSets.get('default/orphan')).toMatchObject({
      parentGateway: 'default/nope',
      parentAccepted: false,
    });
    expect(codes(t)).toContain('GWP-TOPO-LISTENERSET-PARENT-NOT-FOUND');
  });
});

describe('route parentRefs', () => {
  const base = [gatewayClass(), gateway('gw', [listener('http'), listener('alt', 'HTTP', 8080)])];

  test('kind defaults to Gateway and namespace to the route namespace', () => {
    const t = build([
      ...base,
      namespace('other'),
      httpRoute('r', [{ name: 'gw' }]),
      httpRoute('r', [{ name: 'gw' }], { ns: 'other' }),
    ]);
    expect(parent(t, 'HTTPRoute/default/r')).toMatchObject({
      kind: 'Gateway',
      namespace: 'default',
      gateway: 'default/gw',
      managed: true,
    });
    expect(parent(t, 'HTTPRoute/other/r')).toMatchObject({
      namespace: 'other',
      gateway: 'other/gw',
      exists: false,
      notAttachedReason: 'ParentNotFound',
    });
  });

  test('without sectionName or port a Gateway parentRef reaches every listener of the Gateway', () => {
    const t = build([...base, httpRoute('r', [{ name: 'gw' }])]);
    expect(parent(t, 'HTTPRoute/default/r').listeners).toEqual(['default/gw/http', 'default/gw/alt']);
  });

  test('sectionName selects the listener of that name', () => {
    const t = build([
      ...base,
      httpRoute('r', [{ name: 'gw', sectionName: 'alt' }]),
      httpRoute('bad', [{ name: 'gw', sectionName: 'nope' }]),
    ]);
    expect(parent(t, 'HTTPRoute/default/r').listeners).toEqual(['default/gw/alt']);
    expect(parent(t, 'HTTPRoute/default/bad')).toMatchObject({
      listeners: [],
      notAttachedReason: 'NoMatchingParent',
      managed: true,
    });
    expect(t.routes.get('HTTPRoute/default/bad')?.relevant).toBe(true);
  });

  test('port selects the listeners on that port, and must agree with sectionName', () => {
    const t = build([
      ...base,
      httpRoute('p', [{ name: 'gw', port: 8080 }]),
      httpRoute('both', [{ name: 'gw', port: 8080, sectionName: 'http' }]),
    ]);
    expect(parent(t, 'HTTPRoute/default/p').listeners).toEqual(['default/gw/alt']);
    expect(parent(t, 'HTTPRoute/default/both').notAttachedReason).toBe('NoMatchingParent');
  });

  test('a parentRef to an unmanaged Gateway is kept, marked unmanaged; a route is relevant through any managed parent', () => {
    const t = build([
      ...base,
      gatewayClass('other', 'example.com/other'),
      gateway('theirs', [listener('http')], { className: 'other' }),
      httpRoute('mixed', [{ name: 'theirs' }, { name: 'gw' }]),
      httpRoute('foreign', [{ name: 'theirs' }]),
    ]);
    expect(parent(t, 'HTTPRoute/default/mixed', 0)).toMatchObject({
      managed: false,
      exists: true,
      gateway: 'default/theirs',
      notAttachedReason: 'ParentNotManaged',
    });
    expect(parent(t, 'HTTPRoute/default/mixed', 1).managed).toBe(true);
    expect(t.routes.get('HTTPRoute/default/mixed')?.relevant).toBe(true);
    expect(t.routes.get('HTTPRoute/default/foreign')?.relevant).toBe(false);
  });

  test('a parentRef of another kind or group is unsupported', () => {
    const t = build([
      ...base,
      httpRoute('svc', [{ name: 'gw', kind: 'Service', group: '' }]),
      httpRoute('grp', [{ name: 'gw', group: 'example.com' }]),
    ]);
    expect(parent(t, 'HTTPRoute/default/svc')).toMatchObject({
      notAttachedReason: 'UnsupportedValue',
      managed: false,
    });
    expect(parent(t, 'HTTPRoute/default/grp')).toMatchObject({
      notAttachedReason: 'UnsupportedValue',
      group: 'example.com',
    });
    expect(codes(t).filter((c) => c === 'GWP-TOPO-PARENTREF-UNSUPPORTED')).toHaveLength(2);
  });
});

describe('allowedRoutes.namespaces', () => {
  const gw = (from?: Obj) =>
    gateway('gw', [listener('http', 'HTTP', 80, from ? { allowedRoutes: { namespaces: from } } : {})]);

  test('Same (the default) allows only routes in the Gateway namespace', () => {
    const t = build([
      gatewayClass(),
      gw(),
      httpRoute('r', [{ name: 'gw', namespace: 'default' }]),
      httpRoute('r', [{ name: 'gw', namespace: 'default' }], { ns: 'team' }),
    ]);
    expect(parent(t, 'HTTPRoute/default/r').listeners).toEqual(['default/gw/http']);
    expect(parent(t, 'HTTPRoute/team/r')).toMatchObject({
      managed: true,
      listeners: [],
      allowedListeners: [],
      notAttachedReason: 'NotAllowedByListeners',
    });
  });

  test('All allows routes from any namespace', () => {
    const t = build([
      gatewayClass(),
      gw({ from: 'All' }),
      httpRoute('r', [{ name: 'gw', namespace: 'default' }], { ns: 'team' }),
    ]);
    expect(parent(t, 'HTTPRoute/team/r').listeners).toEqual(['default/gw/http']);
  });

  test('Selector matches the labels of the route namespace', () => {
    const sel = { from: 'Selector', selector: { matchLabels: { shared: 'true' } } };
    const t = build([
      gatewayClass(),
      gw(sel),
      namespace('yes', { shared: 'true' }),
      namespace('no', { shared: 'false' }),
      httpRoute('r', [{ name: 'gw', namespace: 'default' }], { ns: 'yes' }),
      httpRoute('r', [{ name: 'gw', namespace: 'default' }], { ns: 'no' }),
      httpRoute('r', [{ name: 'gw', namespace: 'default' }], { ns: 'unlisted' }),
    ]);
    expect(parent(t, 'HTTPRoute/yes/r').listeners).toEqual(['default/gw/http']);
    expect(parent(t, 'HTTPRoute/no/r').notAttachedReason).toBe('NotAllowedByListeners');
    expect(parent(t, 'HTTPRoute/unlisted/r').notAttachedReason).toBe('NotAllowedByListeners');
  });

  test('Same is relative to the ListenerSet namespace for a ListenerSet listener', () => {
    const t = build([
      gatewayClass(),
      gateway('gw', [listener('http')], { spec: { allowedListeners: { namespaces: { from: 'All' } } } }),
      listenerSet('ls', { name: 'gw', namespace: 'default' }, [listener('x', 'HTTP', 8080)], 'team'),
      route(
        'HTTPRoute',
        'r',
        [{ kind: 'ListenerSet', group: 'gateway.networking.k8s.io', name: 'ls', namespace: 'team' }],
        { ns: 'team' },
      ),
      route('HTTPRoute', 'r', [
        { kind: 'ListenerSet', group: 'gateway.networking.k8s.io', name: 'ls', namespace: 'team' },
      ]),
    ]);
    expect(parent(t, 'HTTPRoute/team/r').listeners).toEqual(['default/gw/team/ls/x']);
    expect(parent(t, 'HTTPRoute/default/r').notAttachedReason).toBe('NotAllowedByListeners');
  });

  test('with implicitNamespaces as a list, a route namespace without a Namespace object is not allowed', () => {
    const objects = [
      gatewayClass(),
      gw({ from: 'All' }),
      httpRoute('r', [{ name: 'gw', namespace: 'default' }], { ns: 'ghost' }),
    ];
    expect(parent(build(objects), 'HTTPRoute/ghost/r').listeners).toHaveLength(1);
    expect(
      parent(build(objects, { implicitNamespaces: ['default'] }), 'HTTPRoute/ghost/r').notAttachedReason,
    ).toBe('NotAllowedByListeners');
  });
});

describe('allowedRoutes.kinds and protocols', () => {
  const one = (l: Obj, kind: string) =>
    parent(
      build([gatewayClass(), gateway('gw', [l]), route(kind, 'r', [{ name: 'gw' }])]),
      `${kind}/default/r`,
    );

  test.each([
    ['HTTP', undefined, ['HTTPRoute', 'GRPCRoute']],
    ['HTTPS', undefined, ['HTTPRoute', 'GRPCRoute']],
    ['TLS', 'Passthrough', ['TLSRoute']],
    ['TLS', 'Terminate', ['TCPRoute', 'TLSRoute']],
    ['TLS', undefined, ['TCPRoute', 'TLSRoute']],
    ['TCP', undefined, ['TCPRoute']],
    ['UDP', undefined, ['UDPRoute']],
    ['SCTP', undefined, []],
  ])('a %s listener (TLS mode %s) accepts by default %j', (protocol, mode, kinds) => {
    const l = listener('l', protocol, 1000, mode ? { tls: { mode } } : {});
    for (const kind of ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']) {
      const p = one(l, kind);
      expect(p.listeners.length > 0, `${kind} on ${protocol}`).toBe(kinds.includes(kind));
      if (!kinds.includes(kind)) expect(p.notAttachedReason).toBe('NotAllowedByListeners');
    }
  });

  test('explicit kinds narrow the protocol kinds', () => {
    const l = listener('l', 'HTTP', 80, { allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } });
    expect(one(l, 'GRPCRoute').listeners).toHaveLength(1);
    expect(one(l, 'HTTPRoute').notAttachedReason).toBe('NotAllowedByListeners');
  });

  test('explicit kinds the protocol cannot carry, or of another group, allow nothing', () => {
    expect(
      one(listener('l', 'HTTP', 80, { allowedRoutes: { kinds: [{ kind: 'TCPRoute' }] } }), 'TCPRoute')
        .notAttachedReason,
    ).toBe('NotAllowedByListeners');
    const other = listener('l', 'HTTP', 80, {
      allowedRoutes: { kinds: [{ group: 'example.com', kind: 'HTTPRoute' }] },
    });
    expect(one(other, 'HTTPRoute').notAttachedReason).toBe('NotAllowedByListeners');
    const t = build([gatewayClass(), gateway('gw', [other])]);
    expect(t.listeners.get('default/gw/l')?.supportedKinds).toEqual([]);
  });
});

describe('hostname intersection', () => {
  const attach = (
    listenerHost: string | undefined,
    routeHosts: readonly string[] | undefined,
    kind = 'HTTPRoute',
  ) => {
    const l = listener(
      'l',
      kind === 'TLSRoute' ? 'TLS' : kind === 'TCPRoute' ? 'TCP' : 'HTTP',
      443,
      listenerHost ? { hostname: listenerHost } : {},
    );
    const t = build([
      gatewayClass(),
      gateway('gw', [l]),
      route(kind, 'r', [{ name: 'gw' }], routeHosts ? { hostnames: routeHosts } : {}),
    ]);
    return parent(t, `${kind}/default/r`);
  };

  test.each([
    [undefined, ['foo.example.com'], true],
    ['foo.example.com', undefined, true],
    ['foo.example.com', ['foo.example.com'], true],
    ['foo.example.com', ['bar.example.com'], false],
    ['*.example.com', ['foo.example.com'], true],
    ['*.example.com', ['example.com'], false],
    ['*.example.com', ['a.b.example.com'], true],
    ['foo.example.com', ['*.example.com'], true],
    ['foo.example.com', ['*.other.com'], false],
    ['*.example.com', ['*.com'], true],
    ['*.com', ['*.example.com'], true],
    ['*.example.com', ['*.example.com'], true],
    ['*.example.com', ['*.other.com'], false],
    ['foo.example.com', ['bar.example.com', 'foo.example.com'], true],
  ])('listener %s and route hostnames %j intersect: %s', (lh, rh, expected) => {
    const p = attach(lh, rh);
    expect(p.listeners.length > 0).toBe(expected);
    if (!expected) {
      expect(p.notAttachedReason).toBe('NoMatchingListenerHostname');
      expect(p.allowedListeners).toEqual(['default/gw/l']);
    }
  });

  test('TLSRoute hostnames are checked; TCPRoute has none to check', () => {
    expect(attach('foo.example.com', ['bar.example.com'], 'TLSRoute').notAttachedReason).toBe(
      'NoMatchingListenerHostname',
    );
    expect(attach('foo.example.com', ['bar.example.com'], 'TCPRoute').listeners).toEqual(['default/gw/l']);
  });

  test('a hostname that another listener on the same port names exactly is left to that listener', () => {
    const t = build([
      gatewayClass(),
      gateway('gw', [
        listener('any', 'HTTP', 80),
        listener('foo', 'HTTP', 80, { hostname: 'foo.com' }),
        listener('p81', 'HTTP', 81),
      ]),
      httpRoute('to-any', [{ name: 'gw', sectionName: 'any' }], { hostnames: ['foo.com'] }),
      httpRoute('whole', [{ name: 'gw' }], { hostnames: ['foo.com'] }),
      httpRoute('mixed', [{ name: 'gw', sectionName: 'any' }], { hostnames: ['foo.com', 'bar.com'] }),
    ]);
    expect(parent(t, 'HTTPRoute/default/to-any').notAttachedReason).toBe('NoMatchingListenerHostname');
    expect(parent(t, 'HTTPRoute/default/whole').listeners).toEqual(['default/gw/foo', 'default/gw/p81']);
    expect(parent(t, 'HTTPRoute/default/mixed').listeners).toEqual(['default/gw/any']);
  });
});

describe('Gateway and ListenerSet parents', () => {
  const objects = [
    gatewayClass(),
    gateway('gw', [listener('http')], { spec: { allowedListeners: { namespaces: { from: 'Same' } } } }),
    listenerSet('ls', { name: 'gw' }, [listener('x', 'HTTP', 8080), listener('http', 'HTTP', 8081)]),
    listenerSet('empty', { name: 'gw' }, []),
    listenerSet('refused', { name: 'gw', namespace: 'default' }, [listener('y', 'HTTP', 8082)], 'team'),
  ];
  const lsRef = (name: string, extra: Obj = {}) => ({
    group: 'gateway.networking.k8s.io',
    kind: 'ListenerSet',
    name,
    ...extra,
  });

  test('a Gateway parentRef attaches only to the Gateway own listeners', () => {
    const t = build([
      ...objects,
      httpRoute('r', [{ name: 'gw' }]),
      httpRoute('s', [{ name: 'gw', sectionName: 'x' }]),
    ]);
    expect(parent(t, 'HTTPRoute/default/r').listeners).toEqual(['default/gw/http']);
    expect(parent(t, 'HTTPRoute/default/s').notAttachedReason).toBe('NoMatchingParent');
  });

  test('a ListenerSet parentRef attaches only to that ListenerSet listeners', () => {
    const t = build([
      ...objects,
      httpRoute('r', [lsRef('ls')]),
      httpRoute('s', [lsRef('ls', { sectionName: 'http' })]),
    ]);
    expect(parent(t, 'HTTPRoute/default/r')).toMatchObject({
      kind: 'ListenerSet',
      gateway: 'default/gw',
      listenerSet: 'default/ls',
      managed: true,
      listeners: ['default/gw/default/ls/x', 'default/gw/default/ls/http'],
    });
    expect(parent(t, 'HTTPRoute/default/s').listeners).toEqual(['default/gw/default/ls/http']);
  });

  test('a ListenerSet that is not accepted, or has no listeners, is not a managed parent', () => {
    const t = build([
      ...objects,
      httpRoute('a', [lsRef('refused', { namespace: 'team' })]),
      httpRoute('b', [lsRef('empty')]),
      httpRoute('c', [lsRef('missing')]),
    ]);
    expect(parent(t, 'HTTPRoute/default/a')).toMatchObject({
      managed: false,
      exists: true,
      notAttachedReason: 'ListenerSetNotAccepted',
    });
    expect(parent(t, 'HTTPRoute/default/b')).toMatchObject({
      managed: false,
      notAttachedReason: 'ListenerSetNotAccepted',
    });
    expect(parent(t, 'HTTPRoute/default/c')).toMatchObject({
      managed: false,
      exists: false,
      listenerSet: null,
      notAttachedReason: 'ParentNotFound',
    });
    expect(t.routes.get('HTTPRoute/default/a')?.relevant).toBe(false);
  });
});

describe('indexes', () => {
  test('routesOnListener lists attached routes in route input order with the parentRef index', () => {
    const t = build([
      gatewayClass(),
      gateway('gw', [listener('http'), listener('alt', 'HTTP', 8080)]),
      route('GRPCRoute', 'g', [{ name: 'gw', sectionName: 'alt' }]),
      httpRoute('h', [{ name: 'gw', sectionName: 'http' }, { name: 'gw' }]),
    ]);
    expect(t.routesOnListener.get('default/gw/alt')).toEqual([
      { route: 'GRPCRoute/default/g', parentRefIndex: 0 },
      { route: 'HTTPRoute/default/h', parentRefIndex: 1 },
    ]);
    expect(t.routesOnListener.get('default/gw/http')).toEqual([
      { route: 'HTTPRoute/default/h', parentRefIndex: 0 },
      { route: 'HTTPRoute/default/h', parentRefIndex: 1 },
    ]);
    expect(t.routesByKind.get('GRPCRoute')?.map((r) => r.key)).toEqual(['GRPCRoute/default/g']);
    expect(t.routesByKind.get('UDPRoute')).toEqual([]);
  });

  test('rules are addressable by index and by name, with their backends', () => {
    const t = build([
      gatewayClass(),
      gateway('gw', [listener('http')]),
      httpRoute('r', [{ name: 'gw' }], {
        rules: [
          {
            name: 'a',
            backendRefs: [
              { name: 'svc', port: 80 },
              { name: 'svc', port: 81 },
            ],
          },
          {
            backendRefs: [
              { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'be', namespace: 'other' },
            ],
          },
        ],
      }),
      httpRoute('r2', [{ name: 'gw' }], { rules: [{ backendRefs: [{ name: 'svc' }] }] }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default' } },
    ]);
    const r = t.routes.get('HTTPRoute/default/r');
    expect(r?.rules.map((x) => x.name)).toEqual(['a', null]);
    expect(r?.ruleByName.get('a')?.index).toBe(0);
    expect(r?.rules[0]?.backends).toEqual(['Service/default/svc']);
    expect(r?.rules[1]?.backends).toEqual(['Backend/other/be']);
    expect(t.backends.get('Service/default/svc')).toMatchObject({
      kind: 'Service',
      routes: ['HTTPRoute/default/r', 'HTTPRoute/default/r2'],
    });
    expect(t.backends.get('Service/default/svc')?.resource?.key).toBe('Service/default/svc');
    expect(t.backends.get('Backend/other/be')?.resource).toBeNull();
  });

  test('namespaces, ReferenceGrants by namespace and policies by kind in input order', () => {
    const rg = (name: string, ns: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name, namespace: ns },
      spec: { from: [], to: [] },
    });
    const t = build([
      namespace('a'),
      rg('g1', 'a'),
      policy('SecurityPolicy', 'z', {}),
      rg('g2', 'a'),
      policy('SecurityPolicy', 'b', {}),
      policy('ClientTrafficPolicy', 'c', {}),
    ]);
    expect([...t.namespaces.keys()]).toEqual(['a']);
    expect(t.referenceGrants.get('a')?.map((r) => r.name)).toEqual(['g1', 'g2']);
    expect(t.policies.get('SecurityPolicy')?.map((p) => p.name)).toEqual(['z', 'b']);
    expect(t.policies.get('BackendTrafficPolicy')).toEqual([]);
  });
});

describe('Backend support', () => {
  const objects = [
    gatewayClass(),
    gateway('gw', [listener('http')]),
    httpRoute('r', [{ name: 'gw' }], {
      rules: [{ backendRefs: [{ group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'be' }] }],
    }),
    policy('SecurityPolicy', 'sp', {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'r' }],
      extAuth: {
        http: {
          backendRefs: [{ group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'auth', port: 9000 }],
        },
      },
    }),
  ];

  test('a route backendRef to a Backend while Backend is disabled gives Envoy Gateway message', () => {
    const d = build(objects).diagnostics.find((x) => x.code === 'GWP-TOPO-BACKEND-DISABLED');
    expect(d).toMatchObject({
      message: 'Backend is disabled in Envoy Gateway configuration',
      resource: 'HTTPRoute/default/r',
      location: { pointer: '/spec/rules/0/backendRefs/0' },
    });
  });

  test('a policy Backend reference while Backend is disabled gives Envoy Gateway message', () => {
    const d = build(objects).diagnostics.find((x) => x.code === 'GWP-TOPO-POLICY-BACKEND-DISABLED');
    expect(d).toMatchObject({
      message:
        'resource auth of type Backend cannot be used since Backend is disabled in Envoy Gateway configuration',
      resource: 'SecurityPolicy/default/sp',
      location: { pointer: '/spec/extAuth/http/backendRefs/0' },
    });
  });

  test('with enableBackend there are no Backend diagnostics, and the default is off', () => {
    expect(codes(build(objects, { enableBackend: true })).filter((c) => c.includes('BACKEND'))).toEqual([]);
    expect(build(objects).options.enableBackend).toBe(false);
  });
});

describe('purity', () => {
  test('building does not mutate the input and never throws on malformed objects', () => {
    const resources: Resource[] = toResources([
      gatewayClass(),
      gateway('gw', [listener('http'), 'nonsense', { protocol: 'HTTP' }] as unknown as Obj[], {
        spec: { addresses: 'x' },
      }),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'bad' },
        spec: { parentRefs: 'gw', rules: [null, 3] },
      },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata: { name: 'ls' } },
      policy('BackendTrafficPolicy', 'p', { targetRefs: 'nope' }),
      httpRoute('r', [{ name: 'gw' }, null as unknown as Obj], { hostnames: [42 as unknown as string] }),
    ]);
    const before = structuredClone(resources);
    const t = buildTopology(resources);
    expect(resources).toEqual(before);
    expect(t.routes.get('HTTPRoute/default/bad')?.parentRefs).toEqual([]);
    expect(codes(t)).toContain('GWP-TOPO-LISTENER-INVALID');
    expect(codes(t)).toContain('GWP-TOPO-MALFORMED-FIELD');
    expect(t.routes.get('HTTPRoute/default/r')?.parentRefs[0]?.listeners).toEqual(['default/gw/http']);
  });

  test('a repeated resource key keeps the first and is reported', () => {
    const t = build([gatewayClass(), gateway('gw', [listener('a')]), gateway('gw', [listener('b')])]);
    expect(t.gateways.get('default/gw')?.directListeners).toEqual(['default/gw/a']);
    expect(codes(t)).toContain('GWP-TOPO-DUPLICATE-RESOURCE');
  });
});
