import { mergePolicies } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';

type Obj = Record<string, unknown>;
const policy = (kind: string, ns: string, name: string, spec: Obj) => ({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind,
  metadata: { namespace: ns, name },
  spec,
});
const gwTarget = { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'eg' }] };
const routeTarget = (mergeType: string) => ({
  mergeType,
  targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }],
});
const sources = { parent: 'infra/gw', patch: 'app/route' };

function ok(r: ReturnType<typeof mergePolicies>) {
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r;
}
const spec = (r: ReturnType<typeof mergePolicies>) => ok(r).merged.spec as Obj;

describe('mergePolicies: identity (R7.7)', () => {
  test("the merged policy has the route policy's name, namespace, mergeType and targetRefs", () => {
    const r = ok(
      mergePolicies(
        policy('BackendTrafficPolicy', 'infra', 'gw', {
          ...gwTarget,
          timeout: { tcp: { connectTimeout: '5s' } },
        }),
        policy('BackendTrafficPolicy', 'app', 'route', routeTarget('StrategicMerge')),
        'StrategicMerge',
      ),
    );
    expect(r.merged.metadata).toStrictEqual({ namespace: 'app', name: 'route' });
    expect(r.merged.spec).toStrictEqual({
      ...routeTarget('StrategicMerge'),
      timeout: { tcp: { connectTimeout: '5s' } },
    });
  });
  test("the parent's labels survive: metadata merges like any object", () => {
    const parent = {
      ...policy('SecurityPolicy', 'infra', 'gw', {}),
      metadata: { namespace: 'infra', name: 'gw', labels: { team: 'infra' } },
    };
    const r = ok(
      mergePolicies(parent, policy('SecurityPolicy', 'app', 'route', routeTarget('JSONMerge')), 'JSONMerge'),
    );
    expect(r.merged.metadata).toStrictEqual({ namespace: 'app', name: 'route', labels: { team: 'infra' } });
  });
  test('a parent targetRefs list and a route targetRef (singular) both end up in the merged spec', () => {
    const route = policy('BackendTrafficPolicy', 'app', 'route', {
      mergeType: 'StrategicMerge',
      targetRef: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' },
    });
    const s = spec(
      mergePolicies(policy('BackendTrafficPolicy', 'infra', 'gw', gwTarget), route, 'StrategicMerge'),
    );
    expect(s.targetRef).toBeDefined();
    expect(s.targetRefs).toStrictEqual(gwTarget.targetRefs);
  });
});

describe('mergePolicies: whole-object merge, and only four keyed lists', () => {
  test('objects merge field by field under both merge types', () => {
    for (const t of ['StrategicMerge', 'JSONMerge'] as const) {
      const s = spec(
        mergePolicies(
          policy('BackendTrafficPolicy', 'infra', 'gw', {
            timeout: { tcp: { connectTimeout: '5s' }, http: { requestTimeout: '10s' } },
          }),
          policy('BackendTrafficPolicy', 'app', 'route', {
            mergeType: t,
            timeout: { http: { requestTimeout: '30s' } },
          }),
          t,
        ),
      );
      expect(s.timeout).toStrictEqual({ tcp: { connectTimeout: '5s' }, http: { requestTimeout: '30s' } });
    }
  });
  test('jwt.providers is replaced wholesale even under StrategicMerge', () => {
    const provider = (name: string) => ({ name, remoteJWKS: { uri: `https://${name}/jwks` } });
    const s = spec(
      mergePolicies(
        policy('SecurityPolicy', 'infra', 'gw', { jwt: { providers: [provider('a'), provider('b')] } }),
        policy('SecurityPolicy', 'app', 'route', {
          mergeType: 'StrategicMerge',
          jwt: { providers: [provider('c')] },
        }),
        'StrategicMerge',
      ),
    );
    expect((s.jwt as { providers: { name: string }[] }).providers.map((p) => p.name)).toEqual(['c']);
  });
  test('httpUpgrade merges by type under StrategicMerge, new route items first', () => {
    const s = spec(
      mergePolicies(
        policy('BackendTrafficPolicy', 'infra', 'gw', { httpUpgrade: [{ type: 'websocket' }] }),
        policy('BackendTrafficPolicy', 'app', 'route', {
          mergeType: 'StrategicMerge',
          httpUpgrade: [{ type: 'spdy/3.1' }],
        }),
        'StrategicMerge',
      ),
    );
    expect(s.httpUpgrade).toStrictEqual([{ type: 'spdy/3.1' }, { type: 'websocket' }]);
  });
  test('extAuth.contextExtensions merges by name under StrategicMerge and is replaced under JSONMerge', () => {
    const ext = (...items: [string, string][]) => ({
      extAuth: {
        http: { backendRefs: [{ name: 'auth', port: 80 }] },
        contextExtensions: items.map(([name, value]) => ({ name, type: 'Value', value })),
      },
    });
    const run = (t: 'StrategicMerge' | 'JSONMerge') =>
      (
        spec(
          mergePolicies(
            policy('SecurityPolicy', 'infra', 'gw', ext(['shared', 'gw'], ['gw-only', 'gw'])),
            policy('SecurityPolicy', 'app', 'route', { mergeType: t, ...ext(['shared', 'route']) }),
            t,
          ),
        ).extAuth as { contextExtensions: { name: string; value: string }[] }
      ).contextExtensions.map((c) => `${c.name}=${c.value}`);
    expect(run('StrategicMerge')).toEqual(['shared=route', 'gw-only=gw']);
    expect(run('JSONMerge')).toEqual(['shared=route']);
  });
});

describe('mergePolicies: Go-marshal erasure (R7.6)', () => {
  test("a route authorization block without defaultAction erases the parent's defaultAction", () => {
    for (const t of ['StrategicMerge', 'JSONMerge'] as const) {
      const r = ok(
        mergePolicies(
          policy('SecurityPolicy', 'infra', 'gw', { authorization: { defaultAction: 'Deny', rules: [] } }),
          policy('SecurityPolicy', 'app', 'route', {
            mergeType: t,
            authorization: {
              rules: [{ name: 'r', action: 'Allow', principal: { clientCIDRs: ['10.0.0.0/8'] } }],
            },
          }),
          t,
          { sources },
        ),
      );
      expect((r.merged.spec as { authorization: Obj }).authorization.defaultAction).toBeNull();
      expect(r.provenance['/authorization/defaultAction']).toBe('app/route');
    }
  });
  test('a route oidc.provider without issuer overwrites the parent issuer with ""', () => {
    const oidc = (provider: Obj) => ({ oidc: { provider, clientID: 'c', clientSecret: { name: 's' } } });
    const s = spec(
      mergePolicies(
        policy('SecurityPolicy', 'infra', 'gw', oidc({ issuer: 'https://idp' })),
        policy('SecurityPolicy', 'app', 'route', {
          mergeType: 'StrategicMerge',
          ...oidc({ tokenEndpoint: 'https://idp/token' }),
        }),
        'StrategicMerge',
      ),
    );
    expect((s.oidc as { provider: Obj }).provider).toStrictEqual({
      issuer: '',
      tokenEndpoint: 'https://idp/token',
    });
  });
});

describe('mergePolicies: compressors (omitempty pointers cannot delete)', () => {
  const parent = policy('BackendTrafficPolicy', 'infra', 'gw', {
    compressor: [
      { type: 'Gzip', gzip: {} },
      { type: 'Brotli', brotli: {} },
    ],
  });
  const route = (t: string) =>
    policy('BackendTrafficPolicy', 'app', 'route', { mergeType: t, compressor: [{ type: 'Gzip' }] });
  test('StrategicMerge keeps the parent config of a route item {type: Gzip}: Gzip stays enabled', () => {
    expect(spec(mergePolicies(parent, route('StrategicMerge'), 'StrategicMerge')).compressor).toStrictEqual([
      { type: 'Gzip', gzip: {} },
      { type: 'Brotli', brotli: {} },
    ]);
  });
  test('JSONMerge replaces the list: the config-less Gzip item is what disables compressors', () => {
    expect(spec(mergePolicies(parent, route('JSONMerge'), 'JSONMerge')).compressor).toStrictEqual([
      { type: 'Gzip' },
    ]);
  });
});

describe('mergePolicies: CRD defaults mode', () => {
  const parent = policy('BackendTrafficPolicy', 'infra', 'gw', {
    healthCheck: {
      active: {
        type: 'HTTP',
        http: { path: '/' },
        timeout: '5s',
        interval: '10s',
        unhealthyThreshold: 7,
        healthyThreshold: 2,
      },
    },
  });
  const route = policy('BackendTrafficPolicy', 'app', 'route', {
    mergeType: 'StrategicMerge',
    healthCheck: { active: { type: 'HTTP', http: { path: '/healthz' } } },
  });
  const active = (r: ReturnType<typeof mergePolicies>) => (spec(r).healthCheck as { active: Obj }).active;
  test('without defaults (as the translator tests) the route erases the parent values with null', () => {
    expect(active(mergePolicies(parent, route, 'StrategicMerge'))).toMatchObject({
      timeout: null,
      interval: null,
      unhealthyThreshold: null,
      healthyThreshold: null,
      http: { path: '/healthz' },
    });
  });
  test("with defaults (as in a cluster) the route's defaulted values override the parent's", () => {
    expect(active(mergePolicies(parent, route, 'StrategicMerge', { applyCrdDefaults: true }))).toMatchObject({
      timeout: '1s',
      interval: '3s',
      unhealthyThreshold: 3,
      healthyThreshold: 1,
    });
  });
});

describe('mergePolicies: provenance', () => {
  test('every leaf of the merged spec, keyed list elements included, names its source', () => {
    const r = ok(
      mergePolicies(
        policy('BackendTrafficPolicy', 'infra', 'gw', {
          httpUpgrade: [{ type: 'websocket' }],
          timeout: { tcp: { connectTimeout: '5s' } },
        }),
        policy('BackendTrafficPolicy', 'app', 'route', {
          mergeType: 'StrategicMerge',
          httpUpgrade: [{ type: 'spdy/3.1' }],
        }),
        'StrategicMerge',
        { sources },
      ),
    );
    expect(r.provenance).toStrictEqual({
      '/timeout/tcp/connectTimeout': 'infra/gw',
      '/mergeType': 'app/route',
      '/httpUpgrade/0/type': 'app/route',
      '/httpUpgrade/1/type': 'infra/gw',
    });
  });
  test("defaults to 'parent' and 'patch'", () => {
    const r = ok(
      mergePolicies(
        policy('EnvoyExtensionPolicy', 'infra', 'gw', { lua: [{ type: 'Inline', inline: 'x' }] }),
        policy('EnvoyExtensionPolicy', 'app', 'route', { mergeType: 'JSONMerge' }),
        'JSONMerge',
      ),
    );
    expect(r.provenance).toStrictEqual({
      '/mergeType': 'patch',
      '/lua/0/type': 'parent',
      '/lua/0/inline': 'parent',
    });
  });
});

describe('mergePolicies: rate limits (R7.8)', () => {
  const rl = (ns: string, name: string, t: string | undefined, rules: number) =>
    policy('BackendTrafficPolicy', ns, name, {
      ...(t === undefined ? {} : { mergeType: t }),
      rateLimit: {
        global: {
          rules: Array.from({ length: rules }, (_, i) => ({ limit: { requests: i + 1, unit: 'Second' } })),
        },
      },
    });
  test('both set: StrategicMerge gives route rules then parent rules, each named by its own policy', () => {
    const r = ok(
      mergePolicies(
        rl('infra', 'gw', undefined, 1),
        rl('app', 'route', 'StrategicMerge', 2),
        'StrategicMerge',
      ),
    );
    expect(r.rateLimit?.case).toBe('both');
    expect(r.rateLimit?.global?.map((x) => [x.name, x.from])).toEqual([
      ['app/route/rule/0', 'patch'],
      ['app/route/rule/1', 'patch'],
      ['infra/gw/rule/0', 'parent'],
    ]);
    // The merged spec itself has the route's rules only (the list is replaced).
    expect((spec(r).rateLimit as { global: { rules: unknown[] } }).global.rules).toHaveLength(2);
  });
  test('both set: JSONMerge gives the route rules only', () => {
    const r = ok(
      mergePolicies(rl('infra', 'gw', undefined, 1), rl('app', 'route', 'JSONMerge', 2), 'JSONMerge'),
    );
    expect(r.rateLimit?.global?.map((x) => x.name)).toEqual(['app/route/rule/0', 'app/route/rule/1']);
  });
  test("only the parent sets rateLimit: the parent's rules keep the parent's names", () => {
    const route = policy('BackendTrafficPolicy', 'app', 'route', { mergeType: 'StrategicMerge' });
    const r = ok(mergePolicies(rl('infra', 'gw', undefined, 2), route, 'StrategicMerge'));
    expect(r.rateLimit?.case).toBe('parentOnly');
    expect(r.rateLimit?.global?.map((x) => x.name)).toEqual(['infra/gw/rule/0', 'infra/gw/rule/1']);
  });
  test("only the route sets rateLimit: the route's rules", () => {
    const r = ok(
      mergePolicies(
        policy('BackendTrafficPolicy', 'infra', 'gw', {}),
        rl('app', 'route', 'JSONMerge', 1),
        'JSONMerge',
      ),
    );
    expect(r.rateLimit).toMatchObject({
      case: 'routeOnly',
      global: [{ name: 'app/route/rule/0', policy: 'app/route', index: 0 }],
    });
  });
  test('local rules: the rule without clientSelectors is the default bucket, and the route default wins', () => {
    const local = (ns: string, name: string, t: string | undefined, withDefault: boolean) =>
      policy('BackendTrafficPolicy', ns, name, {
        ...(t === undefined ? {} : { mergeType: t }),
        rateLimit: {
          local: {
            rules: [
              ...(withDefault ? [{ limit: { requests: 100, unit: 'Second' } }] : []),
              {
                clientSelectors: [{ headers: [{ name: 'x', value: 'y' }] }],
                limit: { requests: 1, unit: 'Second' },
              },
            ],
          },
        },
      });
    const r = ok(
      mergePolicies(
        local('infra', 'gw', undefined, true),
        local('app', 'route', 'StrategicMerge', false),
        'StrategicMerge',
      ),
    );
    expect(r.rateLimit?.local?.rules.map((x) => x.name)).toEqual(['app/route/rule/0', 'infra/gw/rule/1']);
    expect(r.rateLimit?.local?.default).toBeUndefined();
    const r2 = ok(
      mergePolicies(
        local('infra', 'gw', undefined, false),
        local('app', 'route', 'StrategicMerge', true),
        'StrategicMerge',
      ),
    );
    expect(r2.rateLimit?.local?.default?.name).toBe('app/route/rule/0');
  });
  test('neither sets rateLimit: no rateLimit entry', () => {
    const r = ok(
      mergePolicies(
        policy('BackendTrafficPolicy', 'infra', 'gw', {}),
        policy('BackendTrafficPolicy', 'app', 'route', {}),
        'JSONMerge',
      ),
    );
    expect(r.rateLimit).toBeUndefined();
  });
});

describe('mergePolicies: errors and inputs', () => {
  test('a $patch member in a typed policy is an unknown field, dropped before merging', () => {
    const r = mergePolicies(
      policy('BackendTrafficPolicy', 'infra', 'gw', { httpUpgrade: [{ type: 'websocket' }] }),
      policy('BackendTrafficPolicy', 'app', 'route', {
        mergeType: 'StrategicMerge',
        httpUpgrade: [{ type: 'x', $patch: 'merge' }],
      }),
      'StrategicMerge',
    );
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['GWP-MERGE-UNKNOWN-FIELD']);
  });
  test('a refused strategic patch gives ok: false and a diagnostic naming the route policy', () => {
    const bad = mergePolicies(
      { kind: 'Widget', metadata: { name: 'a' }, l: [1] },
      { kind: 'Widget', metadata: { name: 'b' }, $patch: 'nope' },
      'StrategicMerge',
    );
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => [d.code, d.resource])).toEqual([
      ['GWP-MERGE-STRATEGIC-PATCH', 'Widget/b'],
    ]);
  });
  test('an unknown kind merges as plain JSON with no schema', () => {
    const r = ok(
      mergePolicies(
        { kind: 'Widget', a: [1], o: { x: 1 } },
        { kind: 'Widget', a: [2], o: { y: null } },
        'StrategicMerge',
      ),
    );
    expect(r.merged).toStrictEqual({ kind: 'Widget', a: [2], o: { x: 1 } });
  });
  test('inputs are not mutated', () => {
    const parent = policy('SecurityPolicy', 'infra', 'gw', { authorization: { defaultAction: 'Deny' } });
    const route = policy('SecurityPolicy', 'app', 'route', {
      mergeType: 'StrategicMerge',
      authorization: { rules: [] },
    });
    const before = structuredClone([parent, route]);
    mergePolicies(parent, route, 'StrategicMerge', { applyCrdDefaults: true });
    expect([parent, route]).toStrictEqual(before);
  });
});

describe('a parent merged with many route policies', () => {
  test('each merge equals the same merge with fresh objects (no state carried between merges)', () => {
    const parent = {
      kind: 'SecurityPolicy',
      metadata: { namespace: 'gw', name: 'p' },
      spec: {
        authorization: {
          defaultAction: 'Allow',
          rules: [{ name: 'a', action: 'Deny', principal: { clientCIDRs: ['10.0.0.0/8'] } }],
        },
        extAuth: {
          http: { backendRefs: [{ name: 'authz', port: 80 }] },
          contextExtensions: [{ name: 'x', type: 'Value', value: '1' }],
        },
      },
    };
    const patch = (n: number) => ({
      kind: 'SecurityPolicy',
      metadata: { namespace: 'app', name: `r${n}` },
      spec: {
        mergeType: 'StrategicMerge',
        extAuth: { contextExtensions: [{ name: `k${n}`, type: 'Value', value: String(n) }] },
        ...(n % 2 === 0 ? { authorization: { rules: [] } } : {}),
      },
    });
    for (const type of ['StrategicMerge', 'JSONMerge'] as const) {
      const shared = [0, 1, 2, 3].map((n) => mergePolicies(parent, patch(n), type).merged);
      const fresh = [0, 1, 2, 3].map((n) => mergePolicies(structuredClone(parent), patch(n), type).merged);
      expect(shared).toEqual(fresh);
    }
  });
});
