/**
 * mergeType (R7): one parent per listener, no chaining (R7.2), ListenerSet listeners look up
 * ListenerSet listener → ListenerSet → Gateway (Gateway-listener policies are siblings, skipped),
 * rule policies skip the route policy, and no parent means the route policy alone (R7.3).
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
import { pointSummary, run, statusLines } from './_pipeline.js';

const BTP = 'BackendTrafficPolicy';
const btp = (name: string, target: Obj, extra: Obj = {}): Obj =>
  policyObj(BTP, 'infra', name, { targetRefs: [target], ...featureOf(BTP), ...extra });

const world: Obj[] = [
  gatewayClassObj(),
  gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80), listenerObj('admin', 'HTTP', 8080)]),
  gatewayObj('infra', 'gw2', [listenerObj('http', 'HTTP', 80)]),
  // The ListenerSet has its own `http` listener: the Gateway-listener policy on gw/http must not reach it.
  listenerSetObj('infra', 'ls', { namespace: 'infra', name: 'gw' }, [
    listenerObj('http', 'HTTP', 8081),
    listenerObj('extra', 'HTTP', 8082),
  ]),
  httpRouteObj(
    'infra',
    'web',
    [parentRefObj('gw'), parentRefObj('ls', { kind: 'ListenerSet' })],
    ['r1', 'r2'],
  ),
];
const G = btp('g', ref('Gateway', 'gw'));
const GL = btp('gl', ref('Gateway', 'gw', 'http'));
const LSL = btp('lsl', ref('ListenerSet', 'ls', 'extra'));
const LSW = btp('lsw', ref('ListenerSet', 'ls'));
const R = btp('r', ref('HTTPRoute', 'web'), { mergeType: 'StrategicMerge' });

const LISTENERS = ['infra/gw/http', 'infra/gw/admin', 'infra/gw/infra/ls/http', 'infra/gw/infra/ls/extra'];
/** The parent each listener's point merged with, for one rule of `web`. */
function parents(objects: Obj[], rule: number): Record<string, unknown> {
  const points = pointSummary(run(objects).resolution);
  return Object.fromEntries(
    LISTENERS.map((l) => {
      const pp = points[`${l}|HTTPRoute/infra/web|${rule}`]?.[BTP] as
        | { applied: string[]; mode: string }
        | undefined;
      return [l, pp ? `${pp.mode} ${pp.applied.join(' + ')}` : 'none'];
    }),
  );
}

describe('R7.2: the parent is chosen per listener, one parent, no chaining', () => {
  test('Gateway listener policy, else Gateway policy; ListenerSet listeners: LS listener, LS, then Gateway (never the Gateway listener)', () => {
    expect(parents([...world, G, GL, LSL, R], 1)).toEqual({
      'infra/gw/http': 'StrategicMerge BackendTrafficPolicy/infra/r + BackendTrafficPolicy/infra/gl',
      'infra/gw/admin': 'StrategicMerge BackendTrafficPolicy/infra/r + BackendTrafficPolicy/infra/g',
      'infra/gw/infra/ls/http': 'StrategicMerge BackendTrafficPolicy/infra/r + BackendTrafficPolicy/infra/g',
      'infra/gw/infra/ls/extra':
        'StrategicMerge BackendTrafficPolicy/infra/r + BackendTrafficPolicy/infra/lsl',
    });
  });

  test('a whole-ListenerSet policy is the parent of the ListenerSet listeners that have no listener policy', () => {
    expect(parents([...world, G, GL, LSL, LSW, R], 1)).toMatchObject({
      'infra/gw/infra/ls/http':
        'StrategicMerge BackendTrafficPolicy/infra/r + BackendTrafficPolicy/infra/lsw',
      'infra/gw/infra/ls/extra':
        'StrategicMerge BackendTrafficPolicy/infra/r + BackendTrafficPolicy/infra/lsl',
    });
  });

  test('a rule policy with mergeType merges with the listener / Gateway parent, skipping the route policy', () => {
    const RR = btp('rr', ref('HTTPRoute', 'web', 'r1'), { mergeType: 'JSONMerge' });
    expect(parents([...world, G, GL, LSL, R, RR], 0)).toEqual({
      'infra/gw/http': 'JSONMerge BackendTrafficPolicy/infra/rr + BackendTrafficPolicy/infra/gl',
      'infra/gw/admin': 'JSONMerge BackendTrafficPolicy/infra/rr + BackendTrafficPolicy/infra/g',
      'infra/gw/infra/ls/http': 'JSONMerge BackendTrafficPolicy/infra/rr + BackendTrafficPolicy/infra/g',
      'infra/gw/infra/ls/extra': 'JSONMerge BackendTrafficPolicy/infra/rr + BackendTrafficPolicy/infra/lsl',
    });
    // Rule r2 is still the route policy's.
    expect(parents([...world, G, GL, LSL, R, RR], 1)['infra/gw/admin']).toBe(
      'StrategicMerge BackendTrafficPolicy/infra/r + BackendTrafficPolicy/infra/g',
    );
  });

  test('the route side: Merged per listener on `{parent, sectionName: listener}`, then Accepted on the parentRef ancestors (R7.10, R8.2)', () => {
    const { status } = run([...world, G, GL, LSL, R]);
    expect(statusLines(status, BTP, 'infra/r')).toEqual([
      'Gateway infra/gw/http: Merged/True/Merged: Merged with policy infra/gl',
      'Gateway infra/gw/admin: Merged/True/Merged: Merged with policy infra/g',
      'ListenerSet infra/ls/http: Merged/True/Merged: Merged with policy infra/g',
      'ListenerSet infra/ls/extra: Merged/True/Merged: Merged with policy infra/lsl',
      'Gateway infra/gw: Accepted/True/Accepted: Policy has been accepted.',
      'ListenerSet infra/ls: Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });

  test('without mergeType the route policy replaces on every listener', () => {
    const plain = btp('r', ref('HTTPRoute', 'web'));
    expect(Object.values(parents([...world, G, GL, LSL, plain], 1))).toEqual([
      'replace BackendTrafficPolicy/infra/r',
      'replace BackendTrafficPolicy/infra/r',
      'replace BackendTrafficPolicy/infra/r',
      'replace BackendTrafficPolicy/infra/r',
    ]);
  });
});

describe('R7.3: no parent policy on a listener means the route policy alone there', () => {
  const both = httpRouteObj('infra', 'both', [
    parentRefObj('gw', { sectionName: 'http' }),
    parentRefObj('gw2'),
  ]);
  const P = btp('p', ref('HTTPRoute', 'both'), { mergeType: 'StrategicMerge' });

  test('merged where a parent exists, plain where none does (§11.11)', () => {
    const points = pointSummary(run([...world, both, G, P]).resolution);
    expect(points['infra/gw/http|HTTPRoute/infra/both|0']?.[BTP]).toMatchObject({
      applied: ['BackendTrafficPolicy/infra/p', 'BackendTrafficPolicy/infra/g'],
      mode: 'StrategicMerge',
    });
    expect(points['infra/gw2/http|HTTPRoute/infra/both|0']?.[BTP]).toMatchObject({
      applied: ['BackendTrafficPolicy/infra/p'],
      mode: 'replace',
    });
  });

  test('with no parent anywhere: Accepted and no Merged condition', () => {
    const { status } = run([...world, both, P]);
    expect(statusLines(status, BTP, 'infra/p')).toEqual([
      'Gateway infra/gw/http: Accepted/True/Accepted: Policy has been accepted.',
      'Gateway infra/gw2: Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });
});
