/**
 * lint: one small handcrafted manifest per finding (each test fails if its finding is dropped),
 * the negative twin of each, a clean manifest with no finding, and the bundled example's promises.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Diagnostic,
  GatewayPolicySimError,
  LINT_CODES,
  type LintOptions,
  lint,
  loadObjects,
  type SimulateOptions,
  simulate,
} from 'gateway-policy-sim';
import { readManifestFiles } from 'gateway-policy-sim/node';
import { describe, expect, test } from 'vitest';
import {
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  namespaceObj,
  type Obj,
  parentRefObj,
  policyObj,
  ref,
  referenceGrantObj,
} from '../_support/topology-arbitrary.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** GatewayClass, Namespaces infra/app/other, Gateway infra/gw (http, https), HTTPRoute app/web (rules main + unnamed). */
function base(): Obj[] {
  return [
    gatewayClassObj(),
    namespaceObj('infra'),
    namespaceObj('app', { team: 'app' }),
    namespaceObj('other'),
    gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80), listenerObj('https', 'HTTPS', 443)]),
    httpRouteObj(
      'app',
      'web',
      [parentRefObj('gw', { namespace: 'infra', sectionName: 'http' })],
      ['main', null],
      {
        labels: { app: 'web' },
      },
    ),
  ];
}

function lintOf(
  objects: readonly Obj[],
  options: SimulateOptions = {},
  lintOptions: LintOptions = {},
): readonly Diagnostic[] {
  return lint(simulate(loadObjects(objects), options).resolution, lintOptions);
}

function only(ds: readonly Diagnostic[], code: string): Diagnostic[] {
  return ds.filter((d) => d.code === code);
}

const gwBtp = (spec: Obj): Obj =>
  policyObj('BackendTrafficPolicy', 'infra', 'gw-btp', { targetRefs: [ref('Gateway', 'gw')], ...spec });
const routeBtp = (spec: Obj, name = 'web-btp'): Obj =>
  policyObj('BackendTrafficPolicy', 'app', name, { targetRefs: [ref('HTTPRoute', 'web')], ...spec });

describe('GWP-LINT-SILENT-REPLACE', () => {
  const parent = gwBtp({
    retry: { numRetries: 2 },
    timeout: { tcp: { connectTimeout: '5s' }, http: { requestTimeout: '30s' } },
  });

  test('a route policy without mergeType that drops Gateway fields is reported with the lost fields', () => {
    const ds = only(
      lintOf([...base(), parent, routeBtp({ timeout: { http: { requestTimeout: '10s' } } })]),
      'GWP-LINT-SILENT-REPLACE',
    );

    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d.severity).toBe('warning');
    expect(d.resource).toBe('BackendTrafficPolicy/app/web-btp');
    expect(d.location?.pointer).toBe('/spec/targetRefs/0');
    expect(d.message).toContain('infra/gw-btp');
    expect(d.message).toContain('R6.1');
    expect(d.message).toContain('HTTPRoute/app/web on Gateway/infra/gw/http (2 rules)');
    expect(d.message).toMatch(/are lost: retry, timeout\.tcp\./);
    expect(d.message).not.toContain('timeout.http');
  });

  test('mergeType, or a route policy that sets every field the Gateway policy sets, is not reported', () => {
    const merged = lintOf([
      ...base(),
      parent,
      routeBtp({ mergeType: 'StrategicMerge', timeout: { http: { requestTimeout: '10s' } } }),
    ]);
    const superset = lintOf([
      ...base(),
      parent,
      routeBtp({
        retry: { numRetries: 0 },
        timeout: { tcp: { connectTimeout: '1s' }, http: { requestTimeout: '10s' } },
      }),
    ]);

    expect(only(merged, 'GWP-LINT-SILENT-REPLACE')).toEqual([]);
    expect(only(superset, 'GWP-LINT-SILENT-REPLACE')).toEqual([]);
  });

  test('only on HTTP points: a TCP route policy falls back field by field (R6.3)', () => {
    const objects = [
      gatewayClassObj(),
      gatewayObj('infra', 'gw', [listenerObj('db', 'TCP', 5432)]),
      {
        apiVersion: 'gateway.networking.k8s.io/v1alpha2',
        kind: 'TCPRoute',
        metadata: { name: 'db', namespace: 'infra' },
        spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
      },
      gwBtp({ timeout: { tcp: { connectTimeout: '5s' } }, loadBalancer: { type: 'Random' } }),
      policyObj('BackendTrafficPolicy', 'infra', 'db-btp', {
        targetRefs: [ref('TCPRoute', 'db')],
        timeout: { tcp: { connectTimeout: '1s' } },
      }),
    ];

    expect(only(lintOf(objects), 'GWP-LINT-SILENT-REPLACE')).toEqual([]);
  });
});

describe('GWP-LINT-GO-NULL-ERASE', () => {
  const gwSp = policyObj('SecurityPolicy', 'infra', 'gw-sp', {
    targetRefs: [ref('Gateway', 'gw')],
    authorization: {
      defaultAction: 'Allow',
      rules: [{ name: 'deny-guests', action: 'Deny', principal: { clientCIDRs: ['10.200.0.0/16'] } }],
    },
  });
  const routeRules = [{ name: 'office', action: 'Allow', principal: { clientCIDRs: ['10.40.0.0/16'] } }];

  test('an unset defaultAction marshals as null and erases the parent value (R7.6)', () => {
    const routeSp = policyObj('SecurityPolicy', 'app', 'web-sp', {
      targetRefs: [ref('HTTPRoute', 'web')],
      mergeType: 'StrategicMerge',
      authorization: { rules: routeRules },
    });

    const ds = only(lintOf([...base(), gwSp, routeSp]), 'GWP-LINT-GO-NULL-ERASE');

    expect(ds).toHaveLength(1);
    expect(ds[0]!.resource).toBe('SecurityPolicy/app/web-sp');
    expect(ds[0]!.location?.pointer).toBe('/spec/authorization');
    expect(ds[0]!.message).toContain(
      'authorization.defaultAction (infra/gw-sp sets "Allow"; the merge patch carries null)',
    );
    expect(ds[0]!.message).toContain('R7.6');
  });

  test('a nested Go-null inside a struct the route does write (healthCheck.active.timeout) is found too', () => {
    const parent = gwBtp({
      healthCheck: { active: { type: 'HTTP', timeout: '1s', http: { path: '/healthz' } } },
    });
    const route = routeBtp({
      mergeType: 'JSONMerge',
      healthCheck: { active: { type: 'HTTP', http: { path: '/ready' } } },
    });

    const ds = only(lintOf([...base(), parent, route]), 'GWP-LINT-GO-NULL-ERASE');

    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toContain('healthCheck.active.timeout (infra/gw-btp sets "1s"');
    expect(ds[0]!.location?.pointer).toBe('/spec/healthCheck/active');
  });

  test('a route policy that sets the field itself erases nothing', () => {
    const routeSp = policyObj('SecurityPolicy', 'app', 'web-sp', {
      targetRefs: [ref('HTTPRoute', 'web')],
      mergeType: 'StrategicMerge',
      authorization: { defaultAction: 'Allow', rules: routeRules },
    });

    expect(only(lintOf([...base(), gwSp, routeSp]), 'GWP-LINT-GO-NULL-ERASE')).toEqual([]);
  });
});

describe('GWP-LINT-LIST-REPLACED', () => {
  test('StrategicMerge replaces authorization.rules: the parent rules that are dropped are named', () => {
    const gwSp = policyObj('SecurityPolicy', 'infra', 'gw-sp', {
      targetRefs: [ref('Gateway', 'gw')],
      authorization: {
        defaultAction: 'Allow',
        rules: [{ name: 'deny-guests', action: 'Deny', principal: { clientCIDRs: ['10.200.0.0/16'] } }],
      },
    });
    const routeSp = policyObj('SecurityPolicy', 'app', 'web-sp', {
      targetRefs: [ref('HTTPRoute', 'web')],
      mergeType: 'StrategicMerge',
      authorization: {
        defaultAction: 'Allow',
        rules: [{ name: 'office', action: 'Allow', principal: { clientCIDRs: ['10.40.0.0/16'] } }],
      },
    });

    const ds = only(lintOf([...base(), gwSp, routeSp]), 'GWP-LINT-LIST-REPLACED');

    expect(ds).toHaveLength(1);
    expect(ds[0]!.location?.pointer).toBe('/spec/authorization/rules');
    expect(ds[0]!.message).toContain('authorization.rules');
    expect(ds[0]!.message).toContain('name "deny-guests"');
    expect(ds[0]!.message).toContain('R7.5');
  });

  test('keyed lists (compressor), rate-limit rules (R7.8) and JSONMerge are not reported', () => {
    const limit = (n: number): Obj => ({ limit: { requests: n, unit: 'Second' } });
    const parent = gwBtp({
      compressor: [{ type: 'Gzip', gzip: {} }],
      rateLimit: { type: 'Local', local: { rules: [limit(100)] } },
      retry: { retryOn: { triggers: ['connect-failure'] } },
    });
    const strategic = routeBtp({
      mergeType: 'StrategicMerge',
      compressor: [{ type: 'Zstd', zstd: {} }],
      rateLimit: { type: 'Local', local: { rules: [limit(5)] } },
    });
    const json = routeBtp({ mergeType: 'JSONMerge', retry: { retryOn: { triggers: ['reset'] } } });

    expect(only(lintOf([...base(), parent, strategic]), 'GWP-LINT-LIST-REPLACED')).toEqual([]);
    expect(only(lintOf([...base(), parent, json]), 'GWP-LINT-LIST-REPLACED')).toEqual([]);
  });

  test('the same replaced list under StrategicMerge is reported (the twin of the JSONMerge case)', () => {
    const parent = gwBtp({ retry: { retryOn: { triggers: ['connect-failure'] } } });
    const route = routeBtp({ mergeType: 'StrategicMerge', retry: { retryOn: { triggers: ['reset'] } } });

    const ds = only(lintOf([...base(), parent, route]), 'GWP-LINT-LIST-REPLACED');

    expect(ds.map((d) => d.location?.pointer)).toEqual(['/spec/retry/retryOn/triggers']);
  });
});

describe('GWP-LINT-SELECTOR-MATCHES-NOTHING', () => {
  const eep = (selectors: Obj[]): Obj =>
    policyObj('EnvoyExtensionPolicy', 'infra', 'audit', {
      targetSelectors: selectors,
      lua: [{ type: 'Inline', inline: 'function envoy_on_request(h) end' }],
    });
  const allWeb = {
    group: 'gateway.networking.k8s.io',
    kind: 'HTTPRoute',
    namespaces: { from: 'All' },
    matchLabels: { app: 'web' },
  };

  test('a cross-namespace selector without a ReferenceGrant is reported with the namespace and R3.2', () => {
    const ds = only(lintOf([...base(), eep([allWeb])]), 'GWP-LINT-SELECTOR-MATCHES-NOTHING');

    expect(ds).toHaveLength(1);
    expect(ds[0]!.location?.pointer).toBe('/spec/targetSelectors/0');
    expect(ds[0]!.message).toContain('in namespace(s) app');
    expect(ds[0]!.message).toContain(
      'no ReferenceGrant there lets EnvoyExtensionPolicy from namespace infra',
    );
    expect(ds[0]!.message).toContain('out of status entirely (R3.5)');
  });

  test('with the grant it matches; each selector index is judged on its own', () => {
    const grant = referenceGrantObj(
      'app',
      'allow',
      { kind: 'EnvoyExtensionPolicy', namespace: 'infra' },
      { kind: 'HTTPRoute' },
    );
    const none = { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', matchLabels: { app: 'nothing' } };

    const ds = only(lintOf([...base(), grant, eep([allWeb, none])]), 'GWP-LINT-SELECTOR-MATCHES-NOTHING');

    expect(ds.map((d) => d.location?.pointer)).toEqual(['/spec/targetSelectors/1']);
    expect(ds[0]!.message).toContain(
      'no HTTPRoute attached to a Gateway of this controller in namespace infra',
    );
    expect(ds[0]!.message).not.toContain('R3.5');
  });
});

describe('GWP-LINT-SELF-CONFLICT', () => {
  test('a duplicated plain ref conflicts with itself (R2.4, R5.1)', () => {
    const p = routeBtp({
      targetRefs: [ref('HTTPRoute', 'web'), ref('HTTPRoute', 'web')],
      timeout: { http: { requestTimeout: '1s' } },
    });

    const ds = only(lintOf([...base(), p]), 'GWP-LINT-SELF-CONFLICT');

    expect(ds).toHaveLength(1);
    expect(ds[0]!.location?.pointer).toBe('/spec/targetRefs/1');
    expect(ds[0]!.message).toContain('names HTTPRoute app/web twice (targetRefs[0] and targetRefs[1])');
  });

  test('a selector and a plain ref with another group reach the same route and conflict', () => {
    const p = routeBtp({
      targetSelectors: [
        { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', matchLabels: { app: 'web' } },
      ],
      targetRefs: [{ group: 'example.com', kind: 'HTTPRoute', name: 'web' }],
      timeout: { http: { requestTimeout: '1s' } },
    });

    // CEL refuses the group; the translator would still see it (admission report).
    const ds = only(lintOf([...base(), p], { admission: 'report' }), 'GWP-LINT-SELF-CONFLICT');

    expect(ds).toHaveLength(1);
    expect(ds[0]!.location?.pointer).toBe('/spec/targetRefs/0');
    expect(ds[0]!.message).toContain('targetSelectors[0]');
    expect(ds[0]!.message).toContain('"example.com"');
  });

  test('a ClientTrafficPolicy naming one listener twice is found although its decisions name no holder', () => {
    const ctp = policyObj('ClientTrafficPolicy', 'infra', 'client', {
      targetRefs: [ref('Gateway', 'gw', 'http'), ref('Gateway', 'gw', 'http')],
      timeout: { http: { idleTimeout: '5s' } },
    });

    const ds = only(lintOf([...base(), ctp]), 'GWP-LINT-SELF-CONFLICT');

    expect(ds.map((d) => d.resource)).toEqual(['ClientTrafficPolicy/infra/client']);
  });

  test('two policies on one scope are a plain conflict, not a self-conflict', () => {
    const a = routeBtp({ timeout: { http: { requestTimeout: '1s' } } }, 'a');
    const b = routeBtp({ timeout: { http: { requestTimeout: '2s' } } }, 'b');

    expect(only(lintOf([...base(), a, b]), 'GWP-LINT-SELF-CONFLICT')).toEqual([]);
  });
});

describe('GWP-LINT-SHADOWED', () => {
  test('a Gateway policy that a route policy replaces at every point it reaches is reported as info', () => {
    const ds = only(
      lintOf([...base(), gwBtp({ retry: { numRetries: 1 } }), routeBtp({ retry: { numRetries: 3 } })]),
      'GWP-LINT-SHADOWED',
    );

    expect(ds).toHaveLength(1);
    expect(ds[0]!.severity).toBe('info');
    expect(ds[0]!.resource).toBe('BackendTrafficPolicy/infra/gw-btp');
    expect(ds[0]!.message).toContain('app/web-btp (2)');
  });

  test('one point where it still applies is enough not to be shadowed', () => {
    const api = httpRouteObj('app', 'api', [parentRefObj('gw', { namespace: 'infra' })]);

    expect(
      only(
        lintOf([...base(), api, gwBtp({ retry: { numRetries: 1 } }), routeBtp({ retry: { numRetries: 3 } })]),
        'GWP-LINT-SHADOWED',
      ),
    ).toEqual([]);
  });
});

describe('GWP-LINT-SECTION-NOT-FOUND', () => {
  test('a listener and a rule that do not exist are reported with what does exist (R5.3)', () => {
    const p = policyObj('BackendTrafficPolicy', 'infra', 'listener-btp', {
      targetRefs: [ref('Gateway', 'gw', 'htps')],
      timeout: { http: { requestTimeout: '1s' } },
    });
    const r = routeBtp({
      targetRefs: [ref('HTTPRoute', 'web', 'mian')],
      timeout: { http: { requestTimeout: '1s' } },
    });

    const ds = only(lintOf([...base(), p, r]), 'GWP-LINT-SECTION-NOT-FOUND');

    expect(ds.map((d) => [d.resource, d.location?.pointer])).toEqual([
      ['BackendTrafficPolicy/app/web-btp', '/spec/targetRefs/0'],
      ['BackendTrafficPolicy/infra/listener-btp', '/spec/targetRefs/0'],
    ]);
    expect(ds[0]!.message).toContain('named rules: main');
    expect(ds[1]!.message).toContain('own listeners: http, https');
  });
});

describe('GWP-LINT-TARGET-NOT-FOUND', () => {
  test('a plain ref to a missing object, and one to an object in another namespace (R3.1, R3.5)', () => {
    const ghost = routeBtp(
      { targetRefs: [ref('HTTPRoute', 'ghost')], timeout: { http: { requestTimeout: '1s' } } },
      'ghost',
    );
    const elsewhere = policyObj('BackendTrafficPolicy', 'other', 'wrong-ns', {
      targetRef: ref('HTTPRoute', 'web'),
      timeout: { http: { requestTimeout: '1s' } },
    });

    const ds = only(lintOf([...base(), ghost, elsewhere]), 'GWP-LINT-TARGET-NOT-FOUND');

    expect(ds.map((d) => [d.resource, d.location?.pointer])).toEqual([
      ['BackendTrafficPolicy/app/ghost', '/spec/targetRefs/0'],
      ['BackendTrafficPolicy/other/wrong-ns', '/spec/targetRef'],
    ]);
    expect(ds[0]!.message).toContain('no HTTPRoute app/ghost exists');
    expect(ds[1]!.message).toContain('one exists in namespace(s) app');
    expect(ds[1]!.message).toContain('R3.1');
  });

  test('a route that exists but is attached to no Gateway of this controller (R3.3)', () => {
    const orphan = httpRouteObj('app', 'orphan', [parentRefObj('elsewhere', { namespace: 'infra' })]);
    const p = routeBtp({
      targetRefs: [ref('HTTPRoute', 'orphan')],
      timeout: { http: { requestTimeout: '1s' } },
    });

    const ds = only(lintOf([...base(), orphan, p]), 'GWP-LINT-TARGET-NOT-FOUND');

    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toContain('R3.3');
  });
});

describe('lint', () => {
  test('a clean manifest gives no finding', () => {
    const objects = [
      ...base(),
      httpRouteObj('app', 'api', [parentRefObj('gw', { namespace: 'infra' })], [null], {
        labels: { app: 'api' },
      }),
      gwBtp({ retry: { numRetries: 2 } }),
      routeBtp({ mergeType: 'StrategicMerge', timeout: { http: { requestTimeout: '10s' } } }),
      policyObj('SecurityPolicy', 'app', 'cors', {
        targetRefs: [ref('HTTPRoute', 'api')],
        cors: { allowOrigins: ['https://example.com'] },
      }),
      policyObj('EnvoyExtensionPolicy', 'app', 'lua', {
        targetSelectors: [
          { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', matchLabels: { app: 'api' } },
        ],
        lua: [{ type: 'Inline', inline: 'function envoy_on_request(h) end' }],
      }),
      policyObj('ClientTrafficPolicy', 'infra', 'client', {
        targetRefs: [ref('Gateway', 'gw')],
        timeout: { http: { idleTimeout: '5s' } },
      }),
    ];

    expect(lintOf(objects)).toEqual([]);
  });

  test('is deterministic, does not touch the resolution, and filters by code', () => {
    const objects = [
      ...base(),
      gwBtp({ retry: { numRetries: 1 } }),
      routeBtp({ timeout: { http: { requestTimeout: '1s' } } }),
    ];
    const { resolution } = simulate(loadObjects(objects));
    const before = JSON.stringify({ points: resolution.points, kinds: resolution.kinds });

    const all = lint(resolution);
    const again = lint(resolution);
    const shadowOnly = lint(resolution, { codes: ['GWP-LINT-SHADOWED'] });

    expect(again).toEqual(all);
    expect(JSON.stringify({ points: resolution.points, kinds: resolution.kinds })).toBe(before);
    expect(all.map((d) => d.code)).toEqual(['GWP-LINT-SILENT-REPLACE', 'GWP-LINT-SHADOWED']);
    expect(shadowOnly.map((d) => d.code)).toEqual(['GWP-LINT-SHADOWED']);
  });

  test('every code is documented in docs/diagnostics.md and docs/lint.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const diagnostics = await readFile(path.join(root, 'docs/diagnostics.md'), 'utf8');
    const chapter = await readFile(path.join(root, 'docs/lint.md'), 'utf8');
    for (const code of LINT_CODES) {
      expect(diagnostics).toContain(`| \`${code}\` |`);
      expect(chapter).toContain(code);
    }
  });

  test('an unknown code is API misuse and throws', () => {
    const { resolution } = simulate(loadObjects(base()));
    expect(() => lint(resolution, { codes: ['GWP-LINT-NOPE' as never] })).toThrow(GatewayPolicySimError);
  });
});

describe('the bundled example', () => {
  async function exampleLint(drop?: (text: string) => string): Promise<readonly Diagnostic[]> {
    const { sources } = await readManifestFiles([path.join(root, 'examples')]);
    const edited = drop ? sources.map((s) => ({ ...s, text: drop(s.text) })) : sources;
    return lint(simulate(edited).resolution);
  }

  test('produces the findings its README promises, located in its files', async () => {
    const ds = await exampleLint();
    const has = (code: string, resource: string, ...words: string[]): boolean =>
      ds.some((d) => d.code === code && d.resource === resource && words.every((w) => d.message.includes(w)));

    // 2. the silent replacement on both Gateways; 3. the same for SecurityPolicy across Gateways.
    expect(
      has(
        'GWP-LINT-SILENT-REPLACE',
        'BackendTrafficPolicy/shop/catalog-rate-limit',
        'infra/public-gw-resilience',
        'retry',
      ),
    ).toBe(true);
    expect(
      has(
        'GWP-LINT-SILENT-REPLACE',
        'BackendTrafficPolicy/shop/catalog-rate-limit',
        'infra/internal-https-defaults',
        'httpUpgrade',
      ),
    ).toBe(true);
    expect(
      has(
        'GWP-LINT-SILENT-REPLACE',
        'SecurityPolicy/shop/shop-api-cors',
        'infra/internal-gw-security',
        'jwt',
      ),
    ).toBe(true);
    // 7. the Go-null surprise, and the replaced rules list.
    expect(
      has(
        'GWP-LINT-GO-NULL-ERASE',
        'SecurityPolicy/payments/payments-admin-authz',
        'authorization.defaultAction',
        '"Allow"',
      ),
    ).toBe(true);
    expect(
      has('GWP-LINT-LIST-REPLACED', 'SecurityPolicy/payments/payments-admin-authz', 'deny-guest-wifi'),
    ).toBe(true);
    // 4. and 5. the merges that work are not findings.
    expect(
      ds.filter((d) =>
        /payments-admin-traffic|inventory-grpc-retries|bot-shield|pci-audit/.test(d.resource ?? ''),
      ),
    ).toEqual([]);
    for (const d of ds) {
      expect(d.severity).not.toBe('error');
      expect(d.location?.file).toMatch(/examples[/\\]/);
      expect(d.location?.line).toBeGreaterThan(0);
    }
  });

  test('8. without the ReferenceGrant, pci-audit silently matches nothing', async () => {
    const ds = await exampleLint((text) => text.replace(/kind: ReferenceGrant/, 'kind: NotAReferenceGrant'));

    const found = ds.filter((d) => d.code === 'GWP-LINT-SELECTOR-MATCHES-NOTHING');
    expect(found.map((d) => d.resource)).toEqual(['EnvoyExtensionPolicy/infra/pci-audit']);
    expect(found[0]!.message).toContain('payments');
  });
});
