/**
 * What the request-dependent parts of the effective policies decide: rate limits, JWT,
 * authorization, CORS, timeouts and redirects, each on a small topology where it decides.
 */
import type { RequestAnswer, RequestDecision, SimulateOptions } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { gateway, httpRoute, type Obj, router, rule } from './_fixtures.js';

const HTTP = { name: 'http', protocol: 'HTTP', port: 80 };

function policy(kind: string, name: string, spec: Obj): Obj {
  return {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }], ...spec },
  };
}

/** A Gateway, HTTPRoute `web` with one rule, and one policy of `kind` targeting it. */
/** An install with global rate limiting configured (the EnvoyGateway configuration's `rateLimit`). */
const GLOBAL_RATE_LIMIT: SimulateOptions = { topology: { globalRateLimit: true } };

function webWith(kind: string, spec: Obj, options: SimulateOptions = {}) {
  return router(
    [gateway('eg', [HTTP]), httpRoute('web', { rules: [rule()] }), policy(kind, 'p', spec)],
    options,
  );
}

function decision<T extends RequestDecision['type']>(
  a: RequestAnswer,
  type: T,
): Extract<RequestDecision, { type: T }> {
  const d = a.decisions.find((x) => x.type === type);
  if (d === undefined) throw new Error(`no ${type} decision in ${JSON.stringify(a.decisions)}`);
  return d as Extract<RequestDecision, { type: T }>;
}

describe('rate limits', () => {
  const local = webWith('BackendTrafficPolicy', {
    rateLimit: {
      local: {
        rules: [
          {
            clientSelectors: [{ headers: [{ name: 'x-user', value: 'bot' }] }],
            limit: { requests: 1, unit: 'Second' },
          },
          {
            clientSelectors: [{ methods: [{ value: 'POST' }, { value: 'PUT' }] }],
            limit: { requests: 5, unit: 'Minute' },
          },
          {
            clientSelectors: [{ path: { type: 'Exact', value: '/login' } }],
            limit: { requests: 3, unit: 'Minute' },
          },
          { limit: { requests: 100, unit: 'Second' } },
        ],
      },
    },
  });

  test("local: a rule without clientSelectors is the route's default bucket, used only when no other rule matches", () => {
    const plain = decision(local.ask('GET', 'http://x/'), 'rateLimit');
    expect(plain.mode).toBe('local');
    expect(plain.defaultLimit).toEqual({ requests: 100, unit: 'Second', fromRule: 3 });
    expect(plain.counting).toEqual(['rule 3 (default bucket): 100/Second']);
    const bot = decision(local.ask('PUT', 'http://x/', { headers: [['x-user', 'bot']] }), 'rateLimit');
    expect(bot.counting).toEqual(['rule 0: 1/Second', 'rule 1: 5/Minute']);
  });

  test('methods are ORed; a path match sees :path with its query, so Exact /login misses /login?next=/', () => {
    expect(decision(local.ask('PUT', 'http://x/'), 'rateLimit').rules[1]?.matched).toBe(true);
    expect(decision(local.ask('GET', 'http://x/login'), 'rateLimit').rules[2]?.matched).toBe(true);
    expect(decision(local.ask('GET', 'http://x/login?next=/'), 'rateLimit').rules[2]?.matched).toBe(false);
  });

  const global = webWith(
    'BackendTrafficPolicy',
    {
      rateLimit: {
        global: {
          rules: [
            {
              clientSelectors: [{ headers: [{ name: 'x-tenant', type: 'Distinct' }] }],
              limit: { requests: 10, unit: 'Minute' },
            },
            {
              clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: '10.0.0.0/8' } }],
              limit: { requests: 50, unit: 'Minute' },
            },
            {
              clientSelectors: [{ headers: [{ name: 'x-internal', value: 'yes', invert: true }] }],
              limit: { requests: 7, unit: 'Hour' },
            },
            { limit: { requests: 1000, unit: 'Hour' }, shared: true },
          ],
        },
      },
    },
    { topology: { globalRateLimit: true } },
  );

  test('global: a Distinct header applies only when present, one bucket per value; a rule without selectors counts every request', () => {
    const none = decision(global.ask('GET', 'http://x/', { headers: [['x-internal', 'yes']] }), 'rateLimit');
    expect(none.rules.map((r) => r.matched)).toEqual([false, false, false, true]);
    expect(none.rules[3]).toMatchObject({
      shared: true,
      bucket: 'one bucket (shared by every route the policy reaches)',
    });
    const tenant = decision(
      global.ask('GET', 'http://x/', { headers: [['x-tenant', 'acme']], sourceIp: '10.1.2.3' }),
      'rateLimit',
    );
    expect(tenant.rules.map((r) => r.matched)).toEqual([true, true, true, true]);
    expect(tenant.rules[0]?.bucket).toBe('per value of header x-tenant (per route match)');
    expect(tenant.rules[1]?.bucket).toBe('per client IP in 10.0.0.0/8 (per route match)');
  });

  test('an inverted header match applies when the header is absent or different', () => {
    expect(decision(global.ask('GET', 'http://x/'), 'rateLimit').rules[2]?.matched).toBe(true);
    expect(
      decision(global.ask('GET', 'http://x/', { headers: [['x-internal', 'no']] }), 'rateLimit').rules[2]
        ?.matched,
    ).toBe(true);
    expect(
      decision(global.ask('GET', 'http://x/', { headers: [['x-internal', 'yes']] }), 'rateLimit').rules[2]
        ?.matched,
    ).toBe(false);
  });
});

test('rate-limit query parameter matches read the percent-decoded query, unlike route matches', () => {
  const r = webWith(
    'BackendTrafficPolicy',
    {
      rateLimit: {
        global: {
          rules: [
            {
              clientSelectors: [{ queryParams: [{ name: 'user id', value: 'a b' }] }],
              limit: { requests: 1, unit: 'Second' },
            },
          ],
        },
      },
    },
    GLOBAL_RATE_LIMIT,
  );
  expect(decision(r.ask('GET', 'http://x/?user%20id=a%20b'), 'rateLimit').rules[0]?.matched).toBe(true);
  expect(decision(r.ask('GET', 'http://x/?user%20id=a%2Bb'), 'rateLimit').rules[0]?.matched).toBe(false);
});

describe('authorization and JWT', () => {
  const r = webWith('SecurityPolicy', {
    jwt: { providers: [{ name: 'sso', issuer: 'https://sso', remoteJWKS: { uri: 'https://sso/jwks' } }] },
    authorization: {
      rules: [
        {
          name: 'admins',
          action: 'Allow',
          principal: { jwt: { provider: 'sso', claims: [{ name: 'org.role', values: ['admin'] }] } },
        },
        {
          name: 'readers',
          action: 'Allow',
          principal: { jwt: { provider: 'sso', scopes: ['read'] } },
          operation: { methods: ['GET'] },
        },
        { name: 'office', action: 'Deny', principal: { clientCIDRs: ['192.168.0.0/16'] } },
      ],
    },
  });

  test('without a JWT Envoy answers 401 before authorization runs', () => {
    const a = r.ask('GET', 'http://x/');
    expect(a.outcome).toMatchObject({ status: 401, by: 'jwt' });
  });

  test('the first rule that matches decides; nested claims and space-delimited scopes are read as Envoy Gateway programs them', () => {
    const admin = r.ask('DELETE', 'http://x/', { jwtClaims: { iss: 'https://sso', org: { role: 'admin' } } });
    expect(decision(admin, 'authorization')).toMatchObject({ rule: 'admins', action: 'Allow', status: null });
    const reader = r.ask('GET', 'http://x/', { jwtClaims: { iss: 'https://sso', scope: 'openid read' } });
    expect(decision(reader, 'authorization')).toMatchObject({ rule: 'readers', action: 'Allow' });
  });

  test('no rule matches: defaultAction, Deny when unset, is a 403', () => {
    const a = r.ask('POST', 'http://x/', {
      jwtClaims: { iss: 'https://sso', scope: 'read' },
      sourceIp: '8.8.8.8',
    });
    const d = decision(a, 'authorization');
    expect(d).toMatchObject({ rule: null, action: 'Deny', status: 403 });
    expect(d.rules.map((x) => x.matched)).toEqual([false, false, false]);
    expect(a.outcome).toMatchObject({ status: 403, by: 'authorization' });
    const office = r.ask('POST', 'http://x/', { jwtClaims: { iss: 'https://sso' }, sourceIp: '192.168.1.1' });
    expect(decision(office, 'authorization')).toMatchObject({ rule: 'office', action: 'Deny', status: 403 });
  });

  test('a token from another issuer is refused with 401', () => {
    expect(r.ask('GET', 'http://x/', { jwtClaims: { iss: 'https://evil' } }).outcome).toMatchObject({
      status: 401,
    });
  });
});

describe('JWT providers and failOpen', () => {
  const r = webWith('SecurityPolicy', {
    jwt: {
      failOpen: true,
      providers: [
        { name: 'partners', issuer: 'https://partners', remoteJWKS: { uri: 'https://partners/jwks' } },
        { name: 'staff', issuer: 'https://staff', remoteJWKS: { uri: 'https://staff/jwks' } },
      ],
    },
    authorization: {
      defaultAction: 'Deny',
      rules: [
        {
          name: 'staff-admins',
          action: 'Allow',
          principal: { jwt: { provider: 'staff', claims: [{ name: 'role', values: ['admin'] }] } },
        },
        {
          name: 'public-get',
          action: 'Allow',
          principal: { clientCIDRs: ['0.0.0.0/0'] },
          operation: { methods: ['GET'] },
        },
      ],
    },
  });

  test('failOpen lets a missing or refused token through, without claims for authorization', () => {
    const missing = r.ask('GET', 'http://x/', { sourceIp: '10.0.0.1' });
    expect(decision(missing, 'jwt')).toMatchObject({ token: 'missing', failOpen: true, status: null });
    expect(missing.outcome.status).toBeNull();
    const refused = r.ask('DELETE', 'http://x/', { jwtClaims: { iss: 'https://evil', role: 'admin' } });
    expect(decision(refused, 'jwt')).toMatchObject({ token: 'given', verifiedBy: null, status: null });
    expect(refused.outcome).toMatchObject({ status: 403, by: 'authorization' });
  });

  test('a JWT principal reads the claims only of the provider that verified the token', () => {
    const staff = r.ask('DELETE', 'http://x/', { jwtClaims: { iss: 'https://staff', role: 'admin' } });
    expect(decision(staff, 'jwt')).toMatchObject({ verifiedBy: 'staff' });
    expect(decision(staff, 'authorization')).toMatchObject({ rule: 'staff-admins', action: 'Allow' });
    const partner = r.ask('DELETE', 'http://x/', { jwtClaims: { iss: 'https://partners', role: 'admin' } });
    expect(decision(partner, 'jwt')).toMatchObject({ verifiedBy: 'partners' });
    expect(decision(partner, 'authorization')).toMatchObject({ rule: null, action: 'Deny', status: 403 });
  });
});

describe('CORS, timeouts, redirects', () => {
  const r = router([
    gateway('eg', [HTTP]),
    httpRoute('web', {
      rules: [
        rule([{ path: { value: '/api' } }], { timeouts: { request: '5s' } }),
        rule([{ path: { value: '/' } }]),
      ],
    }),
    policy('SecurityPolicy', 'cors', {
      cors: {
        allowOrigins: ['https://*.example.com'],
        allowMethods: ['GET', 'PUT'],
        allowHeaders: ['x-token'],
        maxAge: '10m',
      },
    }),
    policy('BackendTrafficPolicy', 'timeouts', { timeout: { http: { requestTimeout: '30s' } } }),
  ]);
  const preflight = (origin: string, method: string, headers = ''): RequestAnswer =>
    r.ask('OPTIONS', 'http://x/', {
      headers: [
        ['origin', origin],
        ['access-control-request-method', method],
        ...(headers === '' ? [] : [['access-control-request-headers', headers] as [string, string]]),
      ],
    });

  test('a preflight from an origin that matches a wildcard is answered by Envoy with the CORS headers', () => {
    const a = preflight('https://app.example.com', 'PUT', 'X-Token');
    expect(a.outcome).toMatchObject({ status: 200, by: 'cors' });
    const d = decision(a, 'cors');
    expect(d).toMatchObject({
      preflight: true,
      originAllowed: true,
      matchedOrigin: 'https://*.example.com',
      browserAllows: true,
    });
    expect(d.responseHeaders).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, PUT',
      'access-control-allow-headers': 'x-token',
      // maxAge 10m, in seconds as Envoy Gateway programs it.
      'access-control-max-age': '600',
    });
    expect(decision(preflight('https://app.example.com', 'DELETE'), 'cors').browserAllows).toBe(false);
    // Envoy answers a preflight from another origin too: everything but access-control-allow-origin.
    expect(decision(preflight('https://example.org', 'GET'), 'cors')).toMatchObject({
      originAllowed: false,
      browserAllows: false,
      responseHeaders: {
        'access-control-allow-methods': 'GET, PUT',
        'access-control-allow-headers': 'x-token',
        'access-control-max-age': '600',
      },
    });
  });

  test("`*` methods and headers are echoed from the preflight, so a browser accepts them even with credentials; a route CORS filter's maxAge defaults to 5 seconds", () => {
    const star = router([
      gateway('eg', [HTTP]),
      httpRoute('web', {
        rules: [
          rule(undefined, {
            filters: [
              {
                type: 'CORS',
                cors: {
                  allowOrigins: ['https://app.example'],
                  allowMethods: ['*'],
                  allowHeaders: ['*'],
                  allowCredentials: true,
                },
              },
            ],
          }),
        ],
      }),
    ]);
    const d = decision(
      star.ask('OPTIONS', 'http://x/', {
        headers: [
          ['origin', 'https://app.example'],
          ['access-control-request-method', 'DELETE'],
          ['access-control-request-headers', 'authorization, x-b'],
        ],
      }),
      'cors',
    );
    expect(d.responseHeaders).toEqual({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'DELETE',
      'access-control-allow-headers': 'authorization, x-b',
      'access-control-max-age': '5',
    });
    expect(d.browserAllows).toBe(true);
  });

  test("the rule's own timeout wins over the policy's; elsewhere the policy's applies", () => {
    expect(decision(r.ask('GET', 'http://x/api'), 'requestTimeout')).toMatchObject({
      value: '5s',
      source: 'HTTPRoute rule timeouts.request',
    });
    expect(decision(r.ask('GET', 'http://x/'), 'requestTimeout')).toMatchObject({
      value: '30s',
      source: 'BackendTrafficPolicy/default/timeouts',
    });
  });

  test('an HTTP-to-HTTPS redirect filter decides the answer', () => {
    const redirect = router([
      gateway('eg', [HTTP]),
      httpRoute('web', {
        rules: [
          { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
        ],
      }),
    ]);
    const a = redirect.ask('GET', 'http://shop.example/cart?id=1');
    expect(a.outcome).toMatchObject({
      status: 301,
      by: 'redirect',
      detail: 'redirect to https://shop.example/cart?id=1',
    });
  });

  test("the Location keeps the Host's port unless a port is programmed or the scheme leaves the port's default", () => {
    const r = router([
      gateway('eg', [{ name: 'alt', protocol: 'HTTP', port: 8080 }]),
      httpRoute('web', {
        hostnames: ['shop.example'],
        rules: [
          rule([{ path: { value: '/keep' } }], {
            backendRefs: [],
            filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }],
          }),
          rule([{ path: { value: '/port' } }], {
            backendRefs: [],
            filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', port: 8443 } }],
          }),
        ],
      }),
    ]);
    const location = (url: string, headers: [string, string][] = []): string | undefined => {
      const d = decision(r.ask('GET', url, { headers }), 'routeAction');
      return d.location;
    };
    // Envoy Gateway programs no port for https (443), so Envoy keeps the Host's :8080.
    expect(location('http://shop.example:8080/keep?a=1')).toBe('https://shop.example:8080/keep?a=1');
    expect(location('http://shop.example:8080/port')).toBe('https://shop.example:8443/port');
    // A Host with http's default port loses it when the scheme becomes https.
    expect(location('http://shop.example:8080/keep', [['Host', 'shop.example:80']])).toBe(
      'https://shop.example/keep',
    );
  });

  test('a RequestMirror filter beside a RequestRedirect is a filter error: Envoy Gateway answers 500', () => {
    const r = router([
      gateway('eg', [HTTP]),
      httpRoute('web', {
        rules: [
          rule(undefined, {
            filters: [
              { type: 'RequestMirror', requestMirror: { backendRef: { name: 'svc', port: 80 } } },
              { type: 'RequestRedirect', requestRedirect: { scheme: 'https' } },
            ],
          }),
        ],
      }),
    ]);
    expect(r.ask('GET', 'http://x/').outcome).toMatchObject({ status: 500, by: 'directResponse' });
  });

  test('a backendRef to a Service or port that does not exist answers 500 when the input holds Services', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    };
    const ok = router([gateway('eg', [HTTP]), httpRoute('web', { rules: [rule()] }), service]);
    expect(ok.ask('GET', 'http://x/').outcome.by).toBe('forward');
    const badPort = router([
      gateway('eg', [HTTP]),
      httpRoute('web', { rules: [{ backendRefs: [{ name: 'svc', port: 8080 }] }] }),
      service,
    ]);
    expect(badPort.ask('GET', 'http://x/').outcome).toMatchObject({ status: 500, by: 'directResponse' });
    const otherNamespace = router([
      gateway('eg', [HTTP]),
      httpRoute('web', { rules: [{ backendRefs: [{ name: 'svc', namespace: 'other', port: 80 }] }] }),
      service,
    ]);
    expect(otherNamespace.ask('GET', 'http://x/').outcome.detail).toContain('no ReferenceGrant');
  });

  test('a rule without backendRefs answers 500', () => {
    const empty = router([gateway('eg', [HTTP]), httpRoute('web', { rules: [{}] })]);
    expect(empty.ask('GET', 'http://x/').outcome).toMatchObject({ status: 500, by: 'directResponse' });
  });
});
