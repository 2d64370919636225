/**
 * Processing order: R4.4 (the output list is pass order), the two ordering modes (R2.1 / R2.3),
 * the v1.5 profile's `ns/name` string tie-break (§14), and the two admission modes.
 */
import { ENVOY_GATEWAY_V1_5, ENVOY_GATEWAY_V1_9, resolvePolicies } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { orderPolicies } from '../../src/precedence/order-policies.js';
import {
  featureOf,
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  listenerSetObj,
  loadTopology,
  type Obj,
  parentRefObj,
  policyObj,
  ref,
} from '../_support/topology-arbitrary.js';
import { ancestorsOf, conditionsAt, idsOf, run } from './_pipeline.js';

const BTP = 'BackendTrafficPolicy';
const btp = (ns: string, name: string, spec: Obj, ts?: string): Obj =>
  policyObj(BTP, ns, name, { ...spec, ...featureOf(BTP) }, ts);

const world: Obj[] = [
  gatewayClassObj(),
  gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80), listenerObj('admin', 'HTTP', 8080)], {
    labels: { app: 'edge' },
  }),
  listenerSetObj('infra', 'ls', { namespace: 'infra', name: 'gw' }, [listenerObj('extra', 'HTTP', 8081)], {
    labels: { app: 'edge' },
  }),
  httpRouteObj('infra', 'web', [parentRefObj('gw')], ['r1']),
];

describe('R4.4: the output list is processing order', () => {
  test('a policy joins the list in the first pass that classifies one of its targets, found or not', () => {
    const policies = [
      btp('infra', 'p-missing', { targetRefs: [ref('Gateway', 'missing', 'x')] }),
      btp('infra', 'p-gw', { targetRefs: [ref('Gateway', 'gw')] }),
      btp('infra', 'p-rule', { targetRefs: [ref('HTTPRoute', 'web', 'r1')] }),
      btp('infra', 'p-gwl', { targetRefs: [ref('Gateway', 'gw', 'http')] }),
      btp('infra', 'p-route', { targetRefs: [ref('HTTPRoute', 'web')] }),
      // R3.6: any non-Gateway plain ref is also classified as a route (rule) target, so these two
      // join in the route passes; a ListenerSet selector first matches in the ListenerSet pass.
      btp('infra', 'p-ls', { targetRefs: [ref('ListenerSet', 'ls')] }),
      btp('infra', 'p-lsl', { targetRefs: [ref('ListenerSet', 'ls', 'extra')] }),
      btp('infra', 'p-lssel', { targetSelectors: [{ kind: 'ListenerSet', matchLabels: { app: 'edge' } }] }),
    ];
    const { status } = run([...world, ...policies], { order: 'input' });
    expect(idsOf(status, BTP)).toEqual([
      'infra/p-rule',
      'infra/p-lsl',
      'infra/p-route',
      'infra/p-ls',
      'infra/p-lssel',
      'infra/p-missing',
      'infra/p-gwl',
      'infra/p-gw',
    ]);
    // p-missing is listed although nothing resolved (ancestors null).
    expect(ancestorsOf(status, BTP, 'infra/p-missing')).toBeNull();
  });
});

describe('ordering modes', () => {
  const newer = btp('infra', 'newer', { targetRefs: [ref('Gateway', 'gw')] }, '2025-01-01T00:00:00Z');
  const older = btp('infra', 'older', { targetRefs: [ref('Gateway', 'gw')] }, '2024-01-01T00:00:00Z');
  const gwAnc = { namespace: 'infra', name: 'gw' };
  const conflicted =
    'Accepted/False/Conflicted: Unable to target Gateway gw, another BackendTrafficPolicy has already attached to it';

  test('cluster (the default): the older policy wins, whatever the input order', () => {
    const r = run([...world, newer, older]);
    expect(r.resolution.order).toBe('cluster');
    expect(r.resolution.ordered.BackendTrafficPolicy).toEqual([
      'BackendTrafficPolicy/infra/older',
      'BackendTrafficPolicy/infra/newer',
    ]);
    expect(conditionsAt(r.status, BTP, 'infra/newer', gwAnc)).toEqual([conflicted]);
    expect(conditionsAt(r.status, BTP, 'infra/older', gwAnc)).toEqual([
      'Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });

  test('input: the first policy in the input wins, timestamps ignored (the translator tests)', () => {
    const r = run([...world, newer, older], { order: 'input' });
    expect(r.resolution.ordered.BackendTrafficPolicy).toEqual([
      'BackendTrafficPolicy/infra/newer',
      'BackendTrafficPolicy/infra/older',
    ]);
    expect(conditionsAt(r.status, BTP, 'infra/older', gwAnc)).toEqual([conflicted]);
  });

  test('cluster: an absent creationTimestamp counts as the oldest (Go zero time)', () => {
    const none = btp('infra', 'z-no-timestamp', { targetRefs: [ref('Gateway', 'gw')] });
    expect(run([...world, older, none]).resolution.ordered.BackendTrafficPolicy).toEqual([
      'BackendTrafficPolicy/infra/z-no-timestamp',
      'BackendTrafficPolicy/infra/older',
    ]);
  });

  test('cluster: timestamps compare at second precision, then namespace, then name', () => {
    const a = btp('infra', 'b', { targetRefs: [ref('Gateway', 'gw')] }, '2024-01-01T00:00:00.900Z');
    const b = btp('infra', 'a', { targetRefs: [ref('Gateway', 'gw')] }, '2024-01-01T00:00:00Z');
    expect(run([...world, a, b]).resolution.ordered.BackendTrafficPolicy).toEqual([
      'BackendTrafficPolicy/infra/a',
      'BackendTrafficPolicy/infra/b',
    ]);
  });
});

describe('profiles: the tie-break after creationTimestamp', () => {
  const objects = [
    gatewayClassObj(),
    gatewayObj('team', 'gw-1', [listenerObj('http', 'HTTP', 80)]),
    gatewayObj('team-a', 'gw-2', [listenerObj('http', 'HTTP', 80)]),
    btp('team-a', 'a', { targetRefs: [ref('Gateway', 'gw-2')] }, '2024-01-01T00:00:00Z'),
    btp('team', 'b', { targetRefs: [ref('Gateway', 'gw-1')] }, '2024-01-01T00:00:00Z'),
  ];

  test('envoy-gateway-v1.9 compares namespace, then name: team/b before team-a/a', () => {
    const { resolution, status } = run(objects, { profile: ENVOY_GATEWAY_V1_9 });
    expect(resolution.ordered.BackendTrafficPolicy).toEqual([
      'BackendTrafficPolicy/team/b',
      'BackendTrafficPolicy/team-a/a',
    ]);
    expect(idsOf(status, BTP)).toEqual(['team/b', 'team-a/a']);
  });

  test('envoy-gateway-v1.5 compares the `ns/name` string: team-a/a before team/b', () => {
    const { resolution, status } = run(objects, { profile: 'envoy-gateway-v1.5' });
    expect(resolution.profile).toBe(ENVOY_GATEWAY_V1_5);
    expect(resolution.ordered.BackendTrafficPolicy).toEqual([
      'BackendTrafficPolicy/team-a/a',
      'BackendTrafficPolicy/team/b',
    ]);
    expect(idsOf(status, BTP)).toEqual(['team-a/a', 'team/b']);
  });

  test('orderPolicies applies the profile to any resources, input mode keeps input order', () => {
    const { topology } = loadTopology(objects);
    const policies = topology.policies.get(BTP) ?? [];
    const keys = (xs: readonly { namespace: string; name: string }[]): string[] =>
      xs.map((p) => `${p.namespace}/${p.name}`);
    expect(keys(orderPolicies(policies, 'cluster', ENVOY_GATEWAY_V1_5))).toEqual(['team-a/a', 'team/b']);
    expect(keys(orderPolicies(policies, 'cluster', ENVOY_GATEWAY_V1_9))).toEqual(['team/b', 'team-a/a']);
    expect(keys(orderPolicies(policies, 'input', ENVOY_GATEWAY_V1_9))).toEqual(['team-a/a', 'team/b']);
  });

  test('an unknown profile name or ordering mode is a programmer error', () => {
    const { topology } = loadTopology(objects);
    expect(() => resolvePolicies(topology, { profile: 'envoy-gateway-v0' })).toThrow(/unknown profile/);
    expect(() => resolvePolicies(topology, { order: 'random' as never })).toThrow(/order must be/);
  });
});

describe('admission modes', () => {
  // CEL: mergeType only with xRoute targets (R1.5). This one is older, so it would win the Gateway.
  const bad = btp(
    'infra',
    'bad',
    { targetRefs: [ref('Gateway', 'gw')], mergeType: 'StrategicMerge' },
    '2024-01-01T00:00:00Z',
  );
  const good = btp('infra', 'good', { targetRefs: [ref('Gateway', 'gw')] }, '2025-01-01T00:00:00Z');
  const gwAnc = { namespace: 'infra', name: 'gw' };

  test('reject (the default): a CRD-invalid policy is reported and left out, so it claims nothing', () => {
    const { resolution, status } = run([...world, bad, good]);
    expect(resolution.admission).toBe('reject');
    const d = resolution.diagnostics.find((x) => x.resource === 'BackendTrafficPolicy/infra/bad');
    expect(d).toMatchObject({ code: 'GWP-ADMIT-MERGETYPE-TARGETS', severity: 'error' });
    expect(resolution.ordered.BackendTrafficPolicy).toEqual(['BackendTrafficPolicy/infra/good']);
    expect(idsOf(status, BTP)).toEqual(['infra/good']);
    expect(conditionsAt(status, BTP, 'infra/good', gwAnc)).toEqual([
      'Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });

  test('report: the same policy is reported as a warning and simulated as the translator would', () => {
    const { resolution, status } = run([...world, bad, good], { admission: 'report' });
    const d = resolution.diagnostics.find((x) => x.resource === 'BackendTrafficPolicy/infra/bad');
    expect(d).toMatchObject({ code: 'GWP-ADMIT-MERGETYPE-TARGETS', severity: 'warning' });
    expect(idsOf(status, BTP)).toEqual(['infra/bad', 'infra/good']);
    // R7.1: mergeType on a Gateway policy is simply ignored by the translator.
    expect(conditionsAt(status, BTP, 'infra/bad', gwAnc)).toEqual([
      'Accepted/True/Accepted: Policy has been accepted.',
    ]);
    expect(conditionsAt(status, BTP, 'infra/good', gwAnc)).toEqual([
      'Accepted/False/Conflicted: Unable to target Gateway gw, another BackendTrafficPolicy has already attached to it',
    ]);
  });
});
