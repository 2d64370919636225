/**
 * routeRequest: listener choice, virtual host choice and Envoy Gateway's route order
 * (internal/gatewayapi/sort.go), each step checked on a small topology where it decides.
 */
import { describe, expect, test } from 'vitest';
import { gateway, grpcRoute, httpRoute, router, rule, served } from './_fixtures.js';

const HTTP = { name: 'http', protocol: 'HTTP', port: 80 };

describe('route order inside a virtual host (XdsIRRoutes.Less, descending, stable)', () => {
  test('an Exact path comes before a longer PathPrefix, which comes before a shorter one', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('a', { rules: [rule([{ path: { type: 'PathPrefix', value: '/' } }])] }),
      httpRoute('b', { rules: [rule([{ path: { type: 'PathPrefix', value: '/api' } }])] }),
      httpRoute('c', { rules: [rule([{ path: { type: 'Exact', value: '/api/v1' } }])] }),
    ]);
    expect(served(r.ask('GET', 'http://x.example/api/v1'))).toBe('HTTPRoute/default/c 0 0');
    expect(served(r.ask('GET', 'http://x.example/api/v2'))).toBe('HTTPRoute/default/b 0 0');
    expect(served(r.ask('GET', 'http://x.example/apiv2'))).toBe('HTTPRoute/default/a 0 0');
    const a = r.ask('GET', 'http://x.example/api/v1');
    const steps = a.notChosen
      .filter((n) => n.type === 'route')
      .map((n) => (n.type === 'route' ? `${n.route} ${n.step}` : ''));
    expect(steps).toEqual(['HTTPRoute/default/b pathMatchType', 'HTTPRoute/default/a pathMatchType']);
  });

  test('a RegularExpression path sorts between Exact and PathPrefix, and matches the whole path (RE2)', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('prefix', {
        rules: [rule([{ path: { type: 'PathPrefix', value: '/items/long/prefix/that/is/longer' } }])],
      }),
      httpRoute('regex', {
        rules: [rule([{ path: { type: 'RegularExpression', value: '/items/[0-9]+.*' } }])],
      }),
    ]);
    expect(served(r.ask('GET', 'http://x.example/items/long/prefix/that/is/longer'))).toBe(
      'HTTPRoute/default/prefix 0 0',
    );
    expect(served(r.ask('GET', 'http://x.example/items/42/x'))).toBe('HTTPRoute/default/regex 0 0');
    // Full match: a regex that matches only a part of the path does not match.
    expect(served(r.ask('GET', 'http://x.example/x/items/42'))).toBeNull();
  });

  test("path length is Go's len, in UTF-8 bytes, not JavaScript's UTF-16 length", () => {
    const r = router([
      gateway('eg', [HTTP]),
      // 12 characters, 13 bytes.
      httpRoute('accent', {
        rules: [rule([{ path: { type: 'RegularExpression', value: '/menu(é)?/.*' } }])],
      }),
      // 13 characters, 13 bytes: a tie in Go, so processing order decides.
      httpRoute('ascii', {
        rules: [rule([{ path: { type: 'RegularExpression', value: '/menu/[a-z]+x' } }])],
      }),
    ]);
    const a = r.ask('GET', 'http://x.example/menu/abcx');
    expect(served(a)).toBe('HTTPRoute/default/accent 0 0');
    expect(a.notChosen.find((n) => n.type === 'route')).toMatchObject({ step: 'processingOrder' });
  });

  test('PathPrefix matches on segment boundaries; a trailing slash is trimmed', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('a', { rules: [rule([{ path: { value: '/foo/' } }])] }),
    ]);
    expect(served(r.ask('GET', 'http://x.example/foo'))).toBe('HTTPRoute/default/a 0 0');
    expect(served(r.ask('GET', 'http://x.example/foo/bar'))).toBe('HTTPRoute/default/a 0 0');
    expect(r.ask('GET', 'http://x.example/foobar').outcome.status).toBe(404);
  });

  test('with equal paths, more header matches first; the method counts as a header match', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('plain', { rules: [rule([{ path: { value: '/p' } }])] }),
      httpRoute('method', { rules: [rule([{ path: { value: '/p' }, method: 'POST' }])] }),
      httpRoute('two', {
        rules: [rule([{ path: { value: '/p' }, method: 'POST', headers: [{ name: 'x-v', value: '2' }] }])],
      }),
    ]);
    expect(served(r.ask('POST', 'http://x.example/p', { headers: [['X-V', '2']] }))).toBe(
      'HTTPRoute/default/two 0 0',
    );
    expect(served(r.ask('POST', 'http://x.example/p'))).toBe('HTTPRoute/default/method 0 0');
    expect(served(r.ask('GET', 'http://x.example/p'))).toBe('HTTPRoute/default/plain 0 0');
    const a = r.ask('POST', 'http://x.example/p', { headers: [['x-v', '2']] });
    expect(
      a.notChosen.filter((n) => n.type === 'route').map((n) => (n.type === 'route' ? n.step : '')),
    ).toEqual(['headerMatchCount', 'headerMatchCount']);
  });

  test('with equal header counts, more exact header matches first', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('regex', {
        rules: [rule([{ headers: [{ name: 'x-a', type: 'RegularExpression', value: '.*' }] }])],
      }),
      httpRoute('exact', { rules: [rule([{ headers: [{ name: 'x-a', value: 'v' }] }])] }),
    ]);
    const a = r.ask('GET', 'http://x.example/', { headers: [['x-a', 'v']] });
    expect(served(a)).toBe('HTTPRoute/default/exact 0 0');
    expect(a.notChosen.find((n) => n.type === 'route')).toMatchObject({
      route: 'HTTPRoute/default/regex',
      step: 'exactHeaderMatchCount',
    });
  });

  test('then more query parameter matches first', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('none', { rules: [rule([{ path: { value: '/q' } }])] }),
      httpRoute('one', {
        rules: [rule([{ path: { value: '/q' }, queryParams: [{ name: 'v', value: '1' }] }])],
      }),
    ]);
    expect(served(r.ask('GET', 'http://x.example/q?v=1&v=2'))).toBe('HTTPRoute/default/one 0 0');
    expect(served(r.ask('GET', 'http://x.example/q?v=2&v=1'))).toBe('HTTPRoute/default/none 0 0');
  });

  test('query parameter values are compared as sent, not percent-decoded (parseQueryString)', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('space', { rules: [rule([{ queryParams: [{ name: 'q', value: 'a b' }] }])] }),
      httpRoute('escaped', { rules: [rule([{ queryParams: [{ name: 'q', value: 'a%20c' }] }])] }),
      httpRoute('regex', {
        rules: [rule([{ queryParams: [{ name: 'r', type: 'RegularExpression', value: '[a-z]+' }] }])],
      }),
    ]);
    expect(r.ask('GET', 'http://x.example/?q=a%20b').outcome.status).toBe(404);
    expect(served(r.ask('GET', 'http://x.example/?q=a%20c'))).toBe('HTTPRoute/default/escaped 0 0');
    expect(served(r.ask('GET', 'http://x.example/?r=abc'))).toBe('HTTPRoute/default/regex 0 0');
    expect(r.ask('GET', 'http://x.example/?r=%61bc').outcome.status).toBe(404);
  });

  test('ties keep processing order: earlier route, then earlier rule and match', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('first', { rules: [rule([{ path: { value: '/t' } }])] }),
      httpRoute('second', { rules: [rule([{ path: { value: '/t' } }]), rule([{ path: { value: '/t' } }])] }),
    ]);
    const a = r.ask('GET', 'http://x.example/t');
    expect(served(a)).toBe('HTTPRoute/default/first 0 0');
    expect(
      a.notChosen
        .filter((n) => n.type === 'route')
        .map((n) => (n.type === 'route' ? `${n.route} ${n.ruleIndex} ${n.step}` : '')),
    ).toEqual(['HTTPRoute/default/second 0 processingOrder', 'HTTPRoute/default/second 1 processingOrder']);
  });

  test('HTTPRoutes are processed before GRPCRoutes, whatever the input order', () => {
    const r = router([
      gateway('eg', [HTTP]),
      grpcRoute('g', { rules: [rule()] }),
      httpRoute('h', { rules: [rule()] }),
    ]);
    expect(
      served(
        r.ask('POST', 'http://x.example/pkg.Svc/Get', { headers: [['content-type', 'application/grpc']] }),
      ),
    ).toBe('HTTPRoute/default/h 0 null');
  });

  test('GRPCRoute service and method matches; a method alone is a :path suffix header match', () => {
    const r = router([
      gateway('eg', [HTTP]),
      grpcRoute('g', {
        rules: [
          rule([{ method: { service: 'pkg.Svc', method: 'Get' } }]),
          rule([{ method: { service: 'pkg.Svc' } }]),
          rule([{ method: { method: 'List' } }]),
        ],
      }),
    ]);
    const grpc: [string, string][] = [['content-type', 'application/grpc']];
    expect(served(r.ask('POST', 'http://x.example/pkg.Svc/Get', { headers: grpc }))).toBe(
      'GRPCRoute/default/g 0 0',
    );
    expect(served(r.ask('POST', 'http://x.example/pkg.Svc/Put', { headers: grpc }))).toBe(
      'GRPCRoute/default/g 1 0',
    );
    expect(served(r.ask('POST', 'http://x.example/other.Svc/List', { headers: grpc }))).toBe(
      'GRPCRoute/default/g 2 0',
    );
    expect(r.ask('POST', 'http://x.example/other.Svc/Get', { headers: grpc }).route).toBeNull();
  });
});

describe('EnvoyProxy preserveRouteOrder', () => {
  test('keeps processing order: the first route that matches wins, however specific the others', () => {
    const objects = [
      gateway('eg', [HTTP], {
        infrastructure: {
          parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'keep' },
        },
      }),
      {
        apiVersion: 'gateway.envoyproxy.io/v1alpha1',
        kind: 'EnvoyProxy',
        metadata: { name: 'keep', namespace: 'default' },
        spec: { preserveRouteOrder: true },
      },
      httpRoute('broad', { rules: [rule([{ path: { value: '/' } }])] }),
      httpRoute('narrow', { rules: [rule([{ path: { type: 'Exact', value: '/a' } }])] }),
    ];
    expect(router(objects).ask('GET', 'http://x/a').route).toBe('HTTPRoute/default/broad');
    // Without it, the Exact match sorts first.
    expect(router([gateway('eg', [HTTP]), ...objects.slice(2)]).ask('GET', 'http://x/a').route).toBe(
      'HTTPRoute/default/narrow',
    );
  });
});

describe('virtual hosts and listeners', () => {
  test('the exact domain beats a wildcard, the longest wildcard beats a shorter one, * comes last', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('exact', {
        hostnames: ['a.b.example.com'],
        rules: [rule([{ path: { value: '/long/path' } }])],
      }),
      httpRoute('wild', { hostnames: ['*.b.example.com'], rules: [rule()] }),
      httpRoute('wider', { hostnames: ['*.example.com'], rules: [rule()] }),
      httpRoute('any', { rules: [rule()] }),
    ]);
    // The exact virtual host has no route for /, so Envoy answers 404 there: it never falls back.
    const a = r.ask('GET', 'http://a.b.example.com/');
    expect(a.route).toBeNull();
    expect(a.outcome.status).toBe(404);
    expect(
      a.notChosen
        .filter((n) => n.type === 'virtualHost')
        .map((n) => (n.type === 'virtualHost' ? n.hostname : '')),
    ).toEqual(['*.b.example.com', '*.example.com', '*']);
    expect(r.ask('GET', 'http://c.b.example.com/').route).toBe('HTTPRoute/default/wild');
    expect(r.ask('GET', 'http://c.example.com/').route).toBe('HTTPRoute/default/wider');
    expect(r.ask('GET', 'http://example.com/').route).toBe('HTTPRoute/default/any');
    // Host matching ignores case and the port.
    expect(r.ask('GET', 'http://C.B.Example.COM:80/').route).toBe('HTTPRoute/default/wild');
  });

  test('a trailing dot in the Host is kept unless the ClientTrafficPolicy sets headers.host.stripTrailingHostDot', () => {
    const objects = [
      gateway('eg', [HTTP]),
      httpRoute('shop', { hostnames: ['shop.example'], rules: [rule()] }),
    ];
    expect(router(objects).ask('GET', 'http://shop.example./').outcome.status).toBe(404);
    const ctp = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'ClientTrafficPolicy',
      metadata: { name: 'strip', namespace: 'default' },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'eg' }],
        headers: { host: { stripTrailingHostDot: true } },
      },
    };
    expect(router([...objects, ctp]).ask('GET', 'http://shop.example./').route).toBe(
      'HTTPRoute/default/shop',
    );
  });

  test('a Host header overrides the URL host for virtual host choice', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('a', { hostnames: ['a.example'], rules: [rule()] }),
      httpRoute('b', { hostnames: ['b.example'], rules: [rule()] }),
    ]);
    expect(r.ask('GET', 'http://a.example/', { headers: [['Host', 'b.example']] }).route).toBe(
      'HTTPRoute/default/b',
    );
  });

  test('plain HTTP listeners on one port share a route configuration; the route hostname taken by another listener is left to it', () => {
    const r = router([
      gateway('eg', [
        { name: 'all', protocol: 'HTTP', port: 80 },
        { name: 'foo', protocol: 'HTTP', port: 80, hostname: 'foo.example' },
      ]),
      httpRoute('on-all', {
        parentRefs: [{ name: 'eg', sectionName: 'all' }],
        hostnames: ['foo.example', 'bar.example'],
        rules: [rule()],
      }),
      httpRoute('on-foo', { parentRefs: [{ name: 'eg', sectionName: 'foo' }], rules: [rule()] }),
    ]);
    const foo = r.ask('GET', 'http://foo.example/');
    expect(foo.route).toBe('HTTPRoute/default/on-foo');
    expect(foo.listener?.name).toBe('foo');
    const bar = r.ask('GET', 'http://bar.example/');
    expect(bar.route).toBe('HTTPRoute/default/on-all');
    expect(bar.listener?.name).toBe('all');
  });

  test('a route hostname under a wildcard listener and on a listener without hostname is two virtual hosts of one domain: Envoy rejects the configuration', () => {
    const r = router([
      gateway('eg', [
        { name: 'wild', protocol: 'HTTP', port: 80, hostname: '*.example.com' },
        { name: 'any', protocol: 'HTTP', port: 80 },
        { name: 'other', protocol: 'HTTP', port: 8080 },
      ]),
      httpRoute('both', { hostnames: ['a.example.com'], rules: [rule()] }),
    ]);
    for (const url of ['http://a.example.com/', 'http://b.example.org/']) {
      const a = r.ask('GET', url);
      expect(a.route).toBeNull();
      expect(a.outcome.by).toBe('routeConfigRejected');
      expect(a.reason).toContain('a.example.com (listeners wild and any)');
    }
    // Another port has its own route configuration.
    expect(r.ask('GET', 'http://a.example.com:8080/').route).toBe('HTTPRoute/default/both');
  });

  test('HTTPS: the filter chain is chosen by SNI (the URL host), the virtual host by the Host header', () => {
    const r = router([
      gateway('eg', [
        { name: 'a', protocol: 'HTTPS', port: 443, hostname: 'a.example' },
        { name: 'wild', protocol: 'HTTPS', port: 443, hostname: '*.example' },
      ]),
      httpRoute('ra', { parentRefs: [{ name: 'eg', sectionName: 'a' }], rules: [rule()] }),
      httpRoute('rw', { parentRefs: [{ name: 'eg', sectionName: 'wild' }], rules: [rule()] }),
    ]);
    expect(r.ask('GET', 'https://a.example/').listener?.name).toBe('a');
    expect(r.ask('GET', 'https://b.example/').route).toBe('HTTPRoute/default/rw');
    // SNI a.example picks listener a, whose only virtual host is a.example: Host b.example gets 404.
    const mismatch = r.ask('GET', 'https://a.example/', { headers: [['host', 'b.example']] });
    expect(mismatch.route).toBeNull();
    expect(mismatch.outcome.status).toBe(404);
    // Plain HTTP to a TLS-only port.
    expect(r.ask('GET', 'http://a.example:443/').outcome.by).toBe('noListener');
  });

  test('a TLS listener forwards by server name to its TLSRoute; without a matching TLSRoute it says so', () => {
    const r = router([
      gateway('eg', [
        { name: 'tls', protocol: 'TLS', port: 443, hostname: '*.example', tls: { mode: 'Passthrough' } },
      ]),
      {
        apiVersion: 'gateway.networking.k8s.io/v1alpha2',
        kind: 'TLSRoute',
        metadata: { name: 'db', namespace: 'default' },
        spec: {
          parentRefs: [{ name: 'eg' }],
          hostnames: ['db.example'],
          rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }],
        },
      },
    ]);
    const hit = r.ask('GET', 'https://db.example/');
    expect(hit).toMatchObject({ route: 'TLSRoute/default/db', outcome: { by: 'tlsRoute' } });
    const miss = r.ask('GET', 'https://web.example/');
    expect(miss.route).toBeNull();
    expect(miss.listener?.name).toBe('tls');
    expect(miss.reason).toContain('none of its TLSRoutes');
  });

  test('the port chooses the listener; other ports are listed as skipped', () => {
    const r = router([
      gateway('eg', [HTTP, { name: 'admin', protocol: 'HTTP', port: 8080 }]),
      httpRoute('web', { parentRefs: [{ name: 'eg', sectionName: 'http' }], rules: [rule()] }),
      httpRoute('admin', { parentRefs: [{ name: 'eg', sectionName: 'admin' }], rules: [rule()] }),
    ]);
    const a = r.ask('GET', 'http://x.example:8080/');
    expect(a.route).toBe('HTTPRoute/default/admin');
    expect(a.notChosen).toContainEqual(
      expect.objectContaining({ type: 'listener', reason: expect.stringContaining('port 80') }),
    );
    expect(r.ask('GET', 'http://x.example:9000/').outcome.by).toBe('noListener');
  });

  test('listeners that conflict on a hostname are not programmed', () => {
    const r = router([
      gateway('eg', [
        { name: 'one', protocol: 'HTTP', port: 80, hostname: 'x.example' },
        { name: 'two', protocol: 'HTTP', port: 80, hostname: 'x.example' },
      ]),
      httpRoute('web', { rules: [rule()] }),
    ]);
    const a = r.ask('GET', 'http://x.example/');
    expect(a.listener).toBeNull();
    expect(a.notChosen.filter((n) => n.type === 'listener').map((n) => n.reason)).toEqual([
      expect.stringContaining('same hostname'),
      expect.stringContaining('same hostname'),
    ]);
  });

  test('Gateways of a class that merges them share one Envoy: the same listener twice conflicts, not across classes', () => {
    const merging = [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'merged' },
        spec: {
          controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
          parametersRef: {
            group: 'gateway.envoyproxy.io',
            kind: 'EnvoyProxy',
            name: 'merge',
            namespace: 'default',
          },
        },
      },
      {
        apiVersion: 'gateway.envoyproxy.io/v1alpha1',
        kind: 'EnvoyProxy',
        metadata: { name: 'merge', namespace: 'default' },
        spec: { mergeGateways: true },
      },
    ];
    const listener = { name: 'http', protocol: 'HTTP', port: 80, hostname: 'x.example' };
    const run = (className: string) =>
      router([
        ...merging,
        gateway('a', [listener], { gatewayClassName: className }),
        gateway('b', [listener], { gatewayClassName: className }),
        httpRoute('web', { parentRefs: [{ name: 'a' }], rules: [rule()] }),
      ]).ask('GET', 'http://x.example/', { gateway: 'default/a' });
    // The first Gateway's listener keeps the address; the second's is not programmed.
    const merged = run('merged');
    expect(merged.route).toBe('HTTPRoute/default/web');
    expect(merged.notChosen).toContainEqual(
      expect.objectContaining({
        listener: expect.objectContaining({ gateway: 'default/b' }),
        reason: expect.stringContaining('unique across merged Gateways'),
      }),
    );
    const separate = run('eg');
    expect(separate.route).toBe('HTTPRoute/default/web');
    expect(separate.notChosen.map((n) => n.reason).join()).not.toContain('merged Gateways');
  });

  test('a rule Envoy Gateway drops (invalid regex) is reported and never chosen', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('web', { rules: [rule([{ path: { type: 'RegularExpression', value: '/(' } }]), rule()] }),
    ]);
    const a = r.ask('GET', 'http://x.example/(');
    expect(served(a)).toBe('HTTPRoute/default/web 1 null');
    expect(a.notChosen).toContainEqual(expect.objectContaining({ type: 'droppedRule', ruleIndex: 0 }));
  });

  test('bad input is a diagnostic, never an exception', () => {
    const r = router([gateway('eg', [HTTP]), httpRoute('web', { rules: [rule()] })]);
    const a = r.ask('GET', 'not a url');
    expect(a.route).toBeNull();
    expect(a.diagnostics[0]?.code).toBe('GWP-REQUEST-BAD-INPUT');
    for (const sourceIp of ['999.1.1.1', '1:2:3', '::::'])
      expect(r.ask('GET', 'http://x/', { sourceIp }).diagnostics[0]?.code, sourceIp).toBe(
        'GWP-REQUEST-BAD-INPUT',
      );
    expect(r.ask('GET', 'http://x/', { sourceIp: '::ffff:10.0.0.1' }).diagnostics).toEqual([]);
    expect(r.ask('GET', 'http://x/', { gateway: 'default/missing' }).diagnostics[0]?.code).toBe(
      'GWP-REQUEST-UNKNOWN-GATEWAY',
    );
  });

  test('the Gateway is named as Gateway/ns/name or ns/name; a near miss names the nearest', () => {
    const r = router([gateway('eg', [HTTP]), httpRoute('web', { rules: [rule()] })]);
    expect(served(r.ask('GET', 'http://x.example/', { gateway: 'Gateway/default/eg' }))).toBe(
      served(r.ask('GET', 'http://x.example/', { gateway: 'default/eg' })),
    );
    expect(r.ask('GET', 'http://x/', { gateway: 'Gateway/default/e' }).diagnostics[0]?.message).toBe(
      'Gateway default/e is not in the input (did you mean default/eg?)',
    );
  });
});
