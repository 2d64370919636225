/**
 * Rules whose consequences no other precedence test pins on its own: the kinds CEL allows are not
 * re-checked (R1.4, R3.6), values of mergeType the merge refuses (R1.5), a ListenerSet whose
 * Gateway is not accepted (R3.4), the parent map's first policy (R4.1), which points a route or
 * rule policy reaches (R6.2), and policies across namespaces and Gateways (R10.2, R10.3).
 */
import { describe, expect, test } from 'vitest';
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
import { ancestorsOf, idsOf, pointSummary, run, statusLines } from './_pipeline.js';

const BTP = 'BackendTrafficPolicy';
const btp = (ns: string, name: string, targets: Obj[], extra: Obj = {}): Obj =>
  policyObj(BTP, ns, name, { targetRefs: targets, ...featureOf(BTP), ...extra });

const world: Obj[] = [
  gatewayClassObj(),
  gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80), listenerObj('admin', 'HTTP', 8080)]),
  gatewayObj('infra', 'gw2', [listenerObj('http', 'HTTP', 80)]),
  httpRouteObj(
    'app',
    'web',
    [parentRefObj('gw', { namespace: 'infra' }), parentRefObj('gw2', { namespace: 'infra' })],
    ['r1', 'r2'],
  ),
];

/** `mode applied…` of the BTP at each point of `app/web`, by point key. */
function btpAt(objects: Obj[], options = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, kinds] of Object.entries(pointSummary(run(objects, options).resolution))) {
    if (!key.includes('HTTPRoute/app/web')) continue;
    const pp = kinds[BTP] as { applied: string[]; mode: string } | undefined;
    out[key] = pp ? `${pp.mode} ${pp.applied.join(' + ')}` : 'none';
  }
  return out;
}

describe('R1.4, R3.6: the engine does not re-check the kinds CEL allows', () => {
  test('a target of a kind no pass resolves (a Service) is tried as a route, finds nothing, and is silence', () => {
    const p = btp('app', 'svc', [{ group: '', kind: 'Service', name: 'web' }]);
    const { resolution, status } = run([...world, p], { admission: 'report' });
    // Classified as a route target (R3.6), so it joins the output list (R4.4) with no ancestor (R3.5).
    expect(idsOf(status, BTP)).toEqual(['app/svc']);
    expect(ancestorsOf(status, BTP, 'app/svc')).toBeNull();
    expect(resolution.kinds[BTP].decisions.map((d) => `${d.scope.kind} ${d.verdict}`)).toEqual([
      'Route notFound',
    ]);
  });
});

describe('R1.5: mergeType values the merge refuses', () => {
  test('Replace (refused by CEL, simulated under admission report) is Invalid on each listener with a parent', () => {
    const parent = btp('infra', 'gw-policy', [ref('Gateway', 'gw')]);
    const route = btp('app', 'route', [ref('HTTPRoute', 'web')], { mergeType: 'Replace' });
    const { status } = run([...world, parent, route], { admission: 'report' });
    const lines = statusLines(status, BTP, 'app/route') ?? [];
    expect(lines.filter((l) => l.includes('Invalid'))).toEqual([
      'Gateway infra/gw/http: Accepted/False/Invalid: Error merging policies: unsupported merge type: Replace.',
      'Gateway infra/gw/admin: Accepted/False/Invalid: Error merging policies: unsupported merge type: Replace.',
    ]);
  });
});

describe('R3.4: a ListenerSet whose parent Gateway is not accepted', () => {
  test('is silence for BTP, SP and EEP: no ancestor, no claim', () => {
    const objects = [
      gatewayClassObj(),
      gatewayObj('infra', 'other-class', [listenerObj('http', 'HTTP', 80)]),
      {
        ...listenerSetObj('infra', 'ls', { namespace: 'infra', name: 'other-class' }, [
          listenerObj('x', 'HTTP', 81),
        ]),
      },
      btp('infra', 'p', [ref('ListenerSet', 'ls')]),
    ];
    // The Gateway names a class this controller does not manage.
    (objects[1] as { spec: { gatewayClassName: string } }).spec.gatewayClassName = 'not-ours';
    const { resolution, status } = run(objects);
    expect(ancestorsOf(status, BTP, 'infra/p')).toBeNull();
    expect(resolution.kinds[BTP].decisions.find((d) => d.scope.kind === 'ListenerSet')?.reason).toMatch(
      /^R3\.4: /,
    );
  });
});

describe('R4.1: the merge parent of a scope is the first policy in processing order that targets it validly', () => {
  test('even when that policy then fails translation, it stays the parent (and leaves the route unmerged there)', () => {
    // The first Gateway policy's ResponseOverride names a ConfigMap that does not exist (R6.5).
    const broken = policyObj(
      BTP,
      'infra',
      'broken',
      {
        targetRefs: [ref('Gateway', 'gw')],
        responseOverride: [
          {
            match: { statusCodes: [{ value: 500 }] },
            response: { body: { type: 'ValueRef', valueRef: { kind: 'ConfigMap', name: 'missing' } } },
          },
        ],
      },
      '2024-01-01T00:00:00Z',
    );
    const later = policyObj(
      BTP,
      'infra',
      'later',
      { targetRefs: [ref('Gateway', 'gw')], ...featureOf(BTP) },
      '2025-01-01T00:00:00Z',
    );
    const route = btp('app', 'route', [ref('HTTPRoute', 'web')], { mergeType: 'StrategicMerge' });
    const { status } = run([...world, broken, later, route]);
    // The merge is with infra/broken (its failing ResponseOverride comes into the merged policy),
    // never with infra/later, which comes second and conflicts (R5.1).
    expect(statusLines(status, BTP, 'app/route')).toEqual([
      "Gateway infra/gw/http: Accepted/False/Invalid: ResponseOverride: can't find the referenced configmap infra/missing.",
      "Gateway infra/gw/admin: Accepted/False/Invalid: ResponseOverride: can't find the referenced configmap infra/missing.",
      'Gateway infra/gw: Accepted/True/Accepted: Policy has been accepted.',
      'Gateway infra/gw2: Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });
});

describe('R6.2: the points a route-level policy reaches', () => {
  test('a route policy reaches the route on every listener of every Gateway it is attached to; a rule policy only its rule', () => {
    const route = btp('app', 'route', [ref('HTTPRoute', 'web')]);
    const rule = btp('app', 'rule', [ref('HTTPRoute', 'web', 'r2')]);
    expect(btpAt([...world, route, rule])).toEqual({
      'infra/gw/http|HTTPRoute/app/web|0': 'replace BackendTrafficPolicy/app/route',
      'infra/gw/http|HTTPRoute/app/web|1': 'replace BackendTrafficPolicy/app/rule',
      'infra/gw/admin|HTTPRoute/app/web|0': 'replace BackendTrafficPolicy/app/route',
      'infra/gw/admin|HTTPRoute/app/web|1': 'replace BackendTrafficPolicy/app/rule',
      'infra/gw2/http|HTTPRoute/app/web|0': 'replace BackendTrafficPolicy/app/route',
      'infra/gw2/http|HTTPRoute/app/web|1': 'replace BackendTrafficPolicy/app/rule',
    });
  });
});

describe('R10.2, R10.3: across namespaces and Gateways', () => {
  test('a route policy merges with each Gateway’s own parent, found through the route’s parentRefs in another namespace', () => {
    const g1 = btp('infra', 'gw-policy', [ref('Gateway', 'gw')]);
    const g2 = btp('infra', 'gw2-policy', [ref('Gateway', 'gw2')]);
    const route = btp('app', 'route', [ref('HTTPRoute', 'web')], { mergeType: 'JSONMerge' });
    const points = btpAt([...world, g1, g2, route]);
    expect(points['infra/gw/http|HTTPRoute/app/web|0']).toBe(
      'JSONMerge BackendTrafficPolicy/app/route + BackendTrafficPolicy/infra/gw-policy',
    );
    expect(points['infra/gw2/http|HTTPRoute/app/web|0']).toBe(
      'JSONMerge BackendTrafficPolicy/app/route + BackendTrafficPolicy/infra/gw2-policy',
    );
  });

  test('a plain route policy on a route under two Gateways has one ancestor per parentRef', () => {
    const route = btp('app', 'route', [ref('HTTPRoute', 'web')]);
    const { status } = run([...world, route]);
    expect(statusLines(status, BTP, 'app/route')).toEqual([
      'Gateway infra/gw: Accepted/True/Accepted: Policy has been accepted.',
      'Gateway infra/gw2: Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });
});
