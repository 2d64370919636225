/**
 * policyStatus (R8): condition order and merging (R8.4, R8.5), the route-rule Overridden message
 * (R8.6), parent-side Merged / Overridden from the scope graphs (R8.7, R8.8), deprecated-field
 * warnings (R8.9), the 16-ancestor cap (R8.10), observedGeneration and long messages.
 */
import type { PolicyKind } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { formatScopes, scope } from '../../src/precedence/scope.js';
import {
  featureOf,
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  listenerSetObj,
  type Obj,
  parentRefObj,
  policyObj,
  ref,
} from '../_support/topology-arbitrary.js';
import { ancestorsOf, conditionsAt, pointSummary, run, statusLines } from '../precedence/_pipeline.js';

type DirectKind = Exclude<PolicyKind, 'ClientTrafficPolicy'>;
const BTP = 'BackendTrafficPolicy';
const ACCEPTED = 'Accepted/True/Accepted: Policy has been accepted.';
const TARGET_REF_DEPRECATED = 'spec.targetRef is deprecated, use spec.targetRefs instead';
const GW = { namespace: 'infra', name: 'gw' };
const types = (lines: string[] | undefined): string[] | undefined =>
  lines?.map((c) => c.slice(0, c.indexOf('/')));

const world: Obj[] = [
  gatewayClassObj(),
  gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80), listenerObj('admin', 'HTTP', 8080)]),
  listenerSetObj('infra', 'ls', { namespace: 'infra', name: 'gw' }, [listenerObj('extra', 'HTTP', 8081)]),
  httpRouteObj('infra', 'web', [parentRefObj('gw')], ['r1', 'r2']),
  httpRouteObj('infra', 'on-ls', [parentRefObj('ls', { kind: 'ListenerSet' })]),
];
const pol = (kind: PolicyKind, name: string, spec: Obj, ts = '2024-01-01T00:00:00Z', ns = 'infra'): Obj =>
  policyObj(kind, ns, name, { ...spec, ...featureOf(kind) }, ts);

describe('R8.4: conditions keep the order in which they were first set', () => {
  test('an error after Accepted=True overwrites it in place, before the Warning set in between', () => {
    const holder = pol(BTP, 'holder', { targetRefs: [ref('Gateway', 'gw')] });
    // compression is deprecated: a Warning on every ancestor reached successfully (R8.9).
    const p = pol(
      BTP,
      'p',
      { targetRefs: [ref('HTTPRoute', 'web'), ref('Gateway', 'gw')], compression: [{ type: 'Gzip' }] },
      '2025-01-01T00:00:00Z',
    );
    expect(conditionsAt(run([...world, holder, p]).status, BTP, 'infra/p', GW)).toEqual([
      'Accepted/False/Conflicted: Unable to target Gateway gw, another BackendTrafficPolicy has already attached to it',
      'Warning/True/DeprecatedField: spec.compression is deprecated, use spec.compressor instead',
    ]);
  });

  test('Accepted=True is never written over an earlier error on the same ancestor', () => {
    const p = pol(BTP, 'p', { targetRefs: [ref('HTTPRoute', 'web', 'nope'), ref('HTTPRoute', 'web')] });
    expect(conditionsAt(run([...world, p]).status, BTP, 'infra/p', GW)).toEqual([
      'Accepted/False/TargetNotFound: No section name nope found for HTTPRoute infra/web',
    ]);
  });

  test('a warning already present is not repeated; different warnings join with "; " under reason Warnings', () => {
    const same = pol(BTP, 'p', {
      targetRefs: [ref('HTTPRoute', 'web'), ref('Gateway', 'gw')],
      compression: [{ type: 'Gzip' }],
    });
    expect(conditionsAt(run([...world, same]).status, BTP, 'infra/p', GW)).toEqual([
      ACCEPTED,
      'Warning/True/DeprecatedField: spec.compression is deprecated, use spec.compressor instead',
      'Overridden/True/Overridden: This policy is being overridden by other backendTrafficPolicies for these routes: [infra/web]',
    ]);
    const ctp = policyObj('ClientTrafficPolicy', 'infra', 'c', {
      targetRef: ref('Gateway', 'gw2', 'https'),
      http3: {},
      tls: { clientValidation: { caCertificateRefs: [{ name: 'ca' }] } },
    });
    const gw2 = gatewayObj('infra', 'gw2', [listenerObj('https', 'HTTPS', 443)]);
    // The CA bundle the client validation names (a missing one would make the policy Invalid).
    const ca = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace: 'infra', name: 'ca' },
      data: { 'ca.crt': 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t' },
    };
    // The listener's certificate: with Secrets in the input, a listener whose certificate Secret
    // is missing is not programmed, and a ClientTrafficPolicy writes (and warns) nothing there.
    const cert = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { namespace: 'infra', name: 'cert' },
    };
    expect(
      conditionsAt(run([...world, gw2, ca, cert, ctp]).status, 'ClientTrafficPolicy', 'infra/c', {
        namespace: 'infra',
        name: 'gw2',
        sectionName: 'https',
      }),
    ).toEqual([
      ACCEPTED,
      `Warning/True/Warnings: HTTP/3 was disabled for listener "https" because Envoy does not support downstream client TLS validation over QUIC; ${TARGET_REF_DEPRECATED}`,
    ]);
  });

  test('deprecated fields are listed sorted and joined by "; " (R8.9)', () => {
    const p = pol(BTP, 'p', { targetRef: ref('Gateway', 'gw'), compression: [{ type: 'Gzip' }] });
    expect(conditionsAt(run([...world, p]).status, BTP, 'infra/p', GW)).toEqual([
      ACCEPTED,
      `Warning/True/DeprecatedField: spec.compression is deprecated, use spec.compressor instead; ${TARGET_REF_DEPRECATED}`,
    ]);
  });

  test('the deprecated warning is written only on ancestors reached successfully (R8.9)', () => {
    const holder = pol(BTP, 'holder', { targetRefs: [ref('Gateway', 'gw')] });
    const p = pol(BTP, 'p', { targetRef: ref('Gateway', 'gw') }, '2025-01-01T00:00:00Z');
    expect(types(conditionsAt(run([...world, holder, p]).status, BTP, 'infra/p', GW))).toEqual(['Accepted']);
  });
});

describe('R8.5: the order of conditions per kind and target scope', () => {
  // Each policy uses the deprecated targetRef (Warning) and is overridden by a route policy below it.
  const routePolicies = (kind: DirectKind): Obj[] => [
    pol(kind, 'on-web', { targetRefs: [ref('HTTPRoute', 'web')] }),
    pol(kind, 'on-ls-route', { targetRefs: [ref('HTTPRoute', 'on-ls')] }),
  ];
  test.each([
    ['BackendTrafficPolicy', 'Gateway', ['Accepted', 'Warning', 'Overridden']],
    ['SecurityPolicy', 'Gateway', ['Accepted', 'Overridden', 'Warning']],
    ['EnvoyExtensionPolicy', 'Gateway', ['Accepted', 'Warning', 'Overridden']],
    ['BackendTrafficPolicy', 'ListenerSet', ['Accepted', 'Overridden', 'Warning']],
    ['SecurityPolicy', 'ListenerSet', ['Accepted', 'Overridden', 'Warning']],
    ['EnvoyExtensionPolicy', 'ListenerSet', ['Accepted', 'Warning', 'Overridden']],
  ] as const)('%s on a %s', (kind, target, expected) => {
    const p = pol(kind, 'p', { targetRef: ref(target, target === 'Gateway' ? 'gw' : 'ls') });
    const anc = { kind: target, namespace: 'infra', name: target === 'Gateway' ? 'gw' : 'ls' };
    expect(
      types(conditionsAt(run([...world, ...routePolicies(kind), p]).status, kind, 'infra/p', anc)),
    ).toEqual(expected);
  });
});

describe('R8.6: a route policy is Overridden by the rules other policies claimed', () => {
  test.each([
    ['BackendTrafficPolicy', 'backendTrafficPolicy'],
    ['SecurityPolicy', 'securityPolicies'],
    ['EnvoyExtensionPolicy', 'envoyExtensionPolicies'],
  ] as const)(
    '%s says "%s" and lists the bare rule names, sorted; a rule not found does not count',
    (kind, noun) => {
      const objects = [
        ...world,
        pol(kind, 'route', { targetRefs: [ref('HTTPRoute', 'web')] }),
        pol(kind, 'rule-2', { targetRefs: [ref('HTTPRoute', 'web', 'r2')] }),
        pol(kind, 'rule-1', { targetRefs: [ref('HTTPRoute', 'web', 'r1')] }),
        pol(kind, 'rule-x', { targetRefs: [ref('HTTPRoute', 'web', 'nope')] }),
      ];
      expect(conditionsAt(run(objects).status, kind, 'infra/route', GW)).toEqual([
        ACCEPTED,
        `Overridden/True/Overridden: This policy is being overridden by other ${noun} for these route rules: [r1 r2]`,
      ]);
    },
  );
});

describe('R8.7: parent-side Merged and Overridden', () => {
  // web (team) is on gw/http, api (team-a) on the whole gw: both route policies live beside their routes.
  const objects = [
    gatewayClassObj(),
    gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80), listenerObj('admin', 'HTTP', 8080)]),
    listenerSetObj('infra', 'ls', { namespace: 'infra', name: 'gw' }, [listenerObj('extra', 'HTTP', 8081)]),
    httpRouteObj('team', 'web', [parentRefObj('gw', { namespace: 'infra', sectionName: 'http' })]),
    httpRouteObj('team-a', 'api', [parentRefObj('gw', { namespace: 'infra' })]),
    pol(BTP, 'g', { targetRefs: [ref('Gateway', 'gw')] }),
    pol(BTP, 'gl', { targetRefs: [ref('Gateway', 'gw', 'http')] }),
    pol(BTP, 'lsw', { targetRefs: [ref('ListenerSet', 'ls')] }),
    pol(BTP, 'lsl', { targetRefs: [ref('ListenerSet', 'ls', 'extra')] }),
    pol(BTP, 'api', { targetRefs: [ref('HTTPRoute', 'api')] }, undefined, 'team-a'),
  ];
  const web = (mergeType?: string): Obj =>
    pol(
      BTP,
      'web',
      { targetRefs: [ref('HTTPRoute', 'web')], ...(mergeType ? { mergeType } : {}) },
      undefined,
      'team',
    );
  const overridden = (scopes: string): string =>
    `Overridden/True/Overridden: This policy is being overridden by other backendTrafficPolicies for ${scopes}`;

  test('a Gateway-wide policy is overridden by listener, ListenerSet, ListenerSet-listener and route policies, each group sorted as strings', () => {
    const { status } = run([...objects, web()]);
    expect(conditionsAt(status, BTP, 'infra/g', GW)).toEqual([
      ACCEPTED,
      overridden(
        'these gateway listeners: [infra/gw/http] and these listenersets: [infra/ls] and these listenerset listeners: [infra/ls/extra] and these routes: [team-a/api team/web]',
      ),
    ]);
  });

  test('a Gateway-listener policy is overridden by its routes and by routes attached to the whole Gateway', () => {
    const { status } = run([...objects, web()]);
    expect(conditionsAt(status, BTP, 'infra/gl', { ...GW, sectionName: 'http' })).toEqual([
      ACCEPTED,
      overridden('these routes: [team-a/api team/web]'),
    ]);
  });

  test('a whole-ListenerSet policy is overridden by its listener policies', () => {
    const { status } = run([...objects, web()]);
    expect(
      conditionsAt(status, BTP, 'infra/lsw', { kind: 'ListenerSet', namespace: 'infra', name: 'ls' }),
    ).toEqual([ACCEPTED, overridden('these listenerset listeners: [infra/ls/extra]')]);
  });

  test('a merged route moves from Overridden to Merged only on the scope it merged into (R8.8)', () => {
    const { status } = run([...objects, web('StrategicMerge')]);
    expect(conditionsAt(status, BTP, 'infra/gl', { ...GW, sectionName: 'http' })).toEqual([
      ACCEPTED,
      'Merged/True/Merged: This policy is being merged by other backendTrafficPolicies for these routes: [team/web]',
      overridden('these routes: [team-a/api]'),
    ]);
    expect(conditionsAt(status, BTP, 'infra/g', GW)?.[1]).toContain('these routes: [team-a/api team/web]');
  });

  test('formatScopes: fixed group order, `and`, route rules last, Gateway scopes never listed, route kinds not shown', () => {
    const text = formatScopes([
      scope('RouteRule', { kind: 'HTTPRoute', namespace: 'team', name: 'web', section: 'r1' }),
      scope('Route', { kind: 'GRPCRoute', namespace: 'team', name: 'web' }),
      scope('Route', { kind: 'HTTPRoute', namespace: 'team', name: 'web' }),
      scope('Gateway', { kind: 'Gateway', namespace: 'infra', name: 'gw' }),
      scope('GatewayListener', { kind: 'Gateway', namespace: 'infra', name: 'gw', section: 'http' }),
    ]);
    expect(text).toBe(
      'these gateway listeners: [infra/gw/http] and these routes: [team/web team/web] and these route rules: [team/web/r1]',
    );
    expect(
      formatScopes(
        [
          scope('GatewayListener', { kind: 'Gateway', namespace: 'infra', name: 'gw', section: 'http' }),
          scope('Route', { kind: 'HTTPRoute', namespace: 'team', name: 'web' }),
        ],
        true,
      ),
    ).toBe('these routes: [team/web]');
  });
});

describe('R8.8: Overridden is about attachment, not effect', () => {
  test('a policy on a Gateway and on a route of it overrides itself', () => {
    const p = pol(BTP, 'p', { targetRefs: [ref('Gateway', 'gw'), ref('HTTPRoute', 'web')] });
    expect(statusLines(run([...world, p]).status, BTP, 'infra/p')).toEqual([
      `Gateway infra/gw: ${ACCEPTED} | Overridden/True/Overridden: This policy is being overridden by other backendTrafficPolicies for these routes: [infra/web]`,
    ]);
  });

  test('a route policy whose rule target was not found still counts as overriding; the Gateway policy still applies', () => {
    const g = pol(BTP, 'g', { targetRefs: [ref('Gateway', 'gw')] });
    const bad = pol(BTP, 'bad', { targetRefs: [ref('HTTPRoute', 'web', 'nope')] });
    const { status, resolution } = run([...world, g, bad]);
    expect(conditionsAt(status, BTP, 'infra/g', GW)?.[1]).toBe(
      'Overridden/True/Overridden: This policy is being overridden by other backendTrafficPolicies for these routes: [infra/web]',
    );
    expect(pointSummary(resolution)['infra/gw/http|HTTPRoute/infra/web|0']?.[BTP]).toMatchObject({
      applied: ['BackendTrafficPolicy/infra/g'],
    });
  });
});

describe('R8.10: at most 16 ancestors', () => {
  test('19 Gateways: errors first, then Overridden, then by namespace and name; evicted while adding; Aggregated on the 16th', () => {
    const names = Array.from({ length: 19 }, (_, i) => `g-${String(i + 1).padStart(2, '0')}`);
    const objects: Obj[] = [
      gatewayClassObj(),
      ...names.map((n) => gatewayObj('infra', n, [listenerObj('http', 'HTTP', 80)])),
      httpRouteObj('infra', 'web', [parentRefObj('g-05')]),
      pol(BTP, 'first', { targetRefs: [ref('Gateway', 'g-19')] }),
      pol(BTP, 'route', { targetRefs: [ref('HTTPRoute', 'web')] }),
      pol(BTP, 'wide', { targetSelectors: [{ kind: 'Gateway' }] }, '2025-01-01T00:00:00Z'),
    ];
    const ancestors = ancestorsOf(run(objects).status, BTP, 'infra/wide') ?? [];
    // While adding, the list never exceeds 17: g-18 is evicted on arrival, g-17 when g-19 (Conflicted) comes;
    // the final sort keeps 16 and drops g-16.
    expect(ancestors.map((a) => a.ancestorRef.name)).toEqual([
      'g-19',
      'g-05',
      ...['01', '02', '03', '04', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15'].map(
        (n) => `g-${n}`,
      ),
    ]);
    expect(statusLines(run(objects).status, BTP, 'infra/wide')?.filter((l) => !l.endsWith(ACCEPTED))).toEqual(
      [
        'Gateway infra/g-19: Accepted/False/Conflicted: Unable to target Gateway g-19, another BackendTrafficPolicy has already attached to it',
        `Gateway infra/g-05: ${ACCEPTED} | Overridden/True/Overridden: This policy is being overridden by other backendTrafficPolicies for these routes: [infra/web]`,
        `Gateway infra/g-15: ${ACCEPTED} | Aggregated/True/Aggregated: Ancestors have been truncated because the number of policy ancestors exceeds 16.`,
      ],
    );
  });

  test('an ancestor evicted while adding and re-added later carries only the later conditions', () => {
    const names = Array.from({ length: 18 }, (_, i) => `g-${String(i + 1).padStart(2, '0')}`);
    const objects: Obj[] = [
      gatewayClassObj(),
      ...names.map((n) => gatewayObj('infra', n, [listenerObj('http', 'HTTP', 80)])),
      ...names.map((n) => httpRouteObj('infra', `r-${n}`, [parentRefObj(n)])),
      // Route targets first (pass 2): g-18 is the 18th ancestor and is evicted; the Gateway pass
      // re-adds it with Accepted (evicted again), then with Overridden (rank 1: g-17 goes instead).
      pol(BTP, 'both', {
        targetRefs: [...names.map((n) => ref('HTTPRoute', `r-${n}`)), ref('Gateway', 'g-18')],
      }),
    ];
    const lines = statusLines(run(objects).status, BTP, 'infra/both') ?? [];
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      'Gateway infra/g-18',
      ...names.slice(0, 15).map((n) => `Gateway infra/${n}`),
    ]);
    expect(lines[0]).toBe(
      'Gateway infra/g-18: Overridden/True/Overridden: This policy is being overridden by other backendTrafficPolicies for these routes: [infra/r-g-18]',
    );
    expect(lines[15]).toBe(
      `Gateway infra/g-15: ${ACCEPTED} | Aggregated/True/Aggregated: Ancestors have been truncated because the number of policy ancestors exceeds 16.`,
    );
  });

  test('sections of one Gateway tie on rank, namespace and name: Go’s unstable sort decides which 16 stay', () => {
    const sections = Array.from({ length: 17 }, (_, i) => `l${String(i).padStart(2, '0')}`);
    const objects: Obj[] = [
      gatewayClassObj(),
      gatewayObj(
        'infra',
        'gw',
        sections.map((s, i) => listenerObj(s, 'HTTP', 8000 + i)),
      ),
      // The older policy holds l11…l16, so the newer one is Conflicted there (rank 0) and
      // Accepted on l00…l10 (rank 2): 17 ancestors, one too many.
      pol(BTP, 'old', { targetRefs: sections.slice(11).map((s) => ref('Gateway', 'gw', s)) }),
      pol(BTP, 'new', { targetRefs: sections.map((s) => ref('Gateway', 'gw', s)) }, '2025-01-01T00:00:00Z'),
    ];
    const ancestors = ancestorsOf(run(objects).status, BTP, 'infra/new') ?? [];
    // sort.Slice on 17 elements is Go's pdqsort, traced by hand: the median of l04, l08 and l12 is
    // l04; partitioning swaps the Conflicted sections to the front from the far end, and the
    // Accepted ones keep the order the swaps left them in. A stable sort would keep l00…l09 and
    // drop l10; Go keeps l10 and drops l01.
    expect(ancestors.map((a) => a.ancestorRef.sectionName)).toEqual([
      ...['l11', 'l16', 'l15', 'l14', 'l13', 'l12'],
      ...['l04', 'l07', 'l08', 'l09', 'l10', 'l06', 'l05', 'l00', 'l03', 'l02'],
    ]);
    expect(JSON.stringify(ancestors.at(-1))).toContain('Aggregated');
  });

  test('selector targets with equal creation times keep the order Go’s unstable sort leaves (R2.4, input order)', () => {
    // Thirteen routes, each under its own Gateway: twelve created at the same second, the last
    // one earlier. slices.SortFunc by creation time (pdqsort, traced by hand in test/go/sort.test.ts)
    // gives r12, r06, r02…r05, r00, r07…r11, r01; the ancestors follow the target order.
    const n = 13;
    const names = Array.from({ length: n }, (_, i) => String(i).padStart(2, '0'));
    const objects: Obj[] = [
      gatewayClassObj(),
      ...names.map((x) => gatewayObj('infra', `g-${x}`, [listenerObj('http', 'HTTP', 80)])),
      ...names.map((x, i) =>
        httpRouteObj('infra', `r-${x}`, [parentRefObj(`g-${x}`)], [null], {
          ts: i === n - 1 ? '2024-01-01T00:00:00Z' : '2024-01-02T00:00:00Z',
          labels: { app: 'shop' },
        }),
      ),
      pol(BTP, 'sel', { targetSelectors: [{ kind: 'HTTPRoute', matchLabels: { app: 'shop' } }] }),
    ];
    const ancestors = ancestorsOf(run(objects, { order: 'input' }).status, BTP, 'infra/sel') ?? [];
    expect(ancestors.map((a) => a.ancestorRef.name.slice(2))).toEqual([
      '12',
      '06',
      '02',
      '03',
      '04',
      '05',
      '00',
      '07',
      '08',
      '09',
      '10',
      '11',
      '01',
    ]);
  });

  test('16 ancestors are kept as they are, in insertion order, without Aggregated', () => {
    const names = Array.from({ length: 16 }, (_, i) => `g-${String(16 - i).padStart(2, '0')}`);
    const objects: Obj[] = [
      gatewayClassObj(),
      ...names.map((n) => gatewayObj('infra', n, [listenerObj('http', 'HTTP', 80)])),
      pol(BTP, 'wide', { targetRefs: names.map((n) => ref('Gateway', n)) }),
    ];
    const ancestors = ancestorsOf(run(objects).status, BTP, 'infra/wide') ?? [];
    expect(ancestors.map((a) => a.ancestorRef.name)).toEqual(names);
    expect(JSON.stringify(ancestors)).not.toContain('Aggregated');
  });
});

describe('the rest of the status shape', () => {
  test('observedGeneration is metadata.generation, omitted when absent; lastTransitionTime is null', () => {
    const p = {
      ...pol(BTP, 'p', { targetRefs: [ref('Gateway', 'gw')] }),
      metadata: { name: 'p', namespace: 'infra', generation: 3 },
    };
    const q = pol(BTP, 'q', { targetRefs: [ref('Gateway', 'gw', 'http')] });
    const { status } = run([...world, p, q]);
    expect(ancestorsOf(status, BTP, 'infra/p')?.[0]?.conditions[0]).toEqual({
      type: 'Accepted',
      status: 'True',
      reason: 'Accepted',
      message: 'Policy has been accepted.',
      observedGeneration: 3,
      lastTransitionTime: null,
    });
    expect(ancestorsOf(status, BTP, 'infra/q')?.[0]?.conditions[0]).not.toHaveProperty('observedGeneration');
    expect(ancestorsOf(status, BTP, 'infra/q')?.[0]?.controllerName).toBe(
      'gateway.envoyproxy.io/gatewayclass-controller',
    );
  });

  test('a message over 32768 bytes is cut to 32768 bytes ending with " (message truncated)."', () => {
    const routes = Array.from(
      { length: 600 },
      (_, i) => `route-${String(i).padStart(4, '0')}-${'x'.repeat(50)}`,
    );
    const objects: Obj[] = [
      gatewayClassObj(),
      gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80)]),
      ...routes.map((r) => httpRouteObj('infra', r, [parentRefObj('gw')])),
      pol(BTP, 'g', { targetRefs: [ref('Gateway', 'gw')] }),
      pol(BTP, 'r', { targetRefs: routes.map((r) => ref('HTTPRoute', r)) }),
    ];
    const message = ancestorsOf(run(objects).status, BTP, 'infra/g')?.[0]?.conditions[1]?.message ?? '';
    expect(Buffer.byteLength(message)).toBe(32768);
    expect(message.endsWith(' (message truncated).')).toBe(true);
    expect(
      message.startsWith(
        'This policy is being overridden by other backendTrafficPolicies for these routes: [infra/route-0000-',
      ),
    ).toBe(true);
  });

  test('the input objects are not mutated and the policy objects are returned as given, plus status', () => {
    const p = pol(BTP, 'p', { targetRefs: [ref('Gateway', 'gw')] });
    const input = structuredClone([...world, p]);
    const frozen = deepFreeze(structuredClone(input));
    const { status } = run(frozen);
    expect(frozen).toEqual(input);
    const { status: _s, ...object } = (status.BackendTrafficPolicy?.[0] ?? {}) as Obj;
    expect(object).toEqual(p);
  });
});

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
