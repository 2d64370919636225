/**
 * ClientTrafficPolicy (R9): a section pass, then whole ListenerSet, then whole Gateway; its own
 * messages; Overridden before Accepted; port-overlap validation; ancestors and output in pass order.
 */
import { describe, expect, test } from 'vitest';
import {
  featureOf,
  gatewayClassObj,
  gatewayObj,
  listenerObj,
  listenerSetObj,
  type Obj,
  policyObj,
  ref,
} from '../_support/topology-arbitrary.js';
import { idsOf, pointSummary, run, statusLines } from './_pipeline.js';

const CTP = 'ClientTrafficPolicy';
const ctp = (name: string, targets: Obj[], ts = '2024-01-01T00:00:00Z'): Obj =>
  policyObj(CTP, 'infra', name, { targetRefs: targets, ...featureOf(CTP) }, ts);
// `extra` has a hostname of its own: on port 80 beside the Gateway's `http` (no hostname) it is
// still programmed, so it has an IR listener that shares the port (validate.go hostname rules).
const world = (lsHttpPort = 8081): Obj[] => [
  gatewayClassObj(),
  gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80), listenerObj('https', 'HTTPS', 443)]),
  listenerSetObj('infra', 'ls', { namespace: 'infra', name: 'gw' }, [
    { ...listenerObj('extra', 'HTTP', lsHttpPort), hostname: 'extra.example.com' },
    listenerObj('ls-https', 'HTTPS', 8443),
  ]),
];
const ACCEPTED = 'Accepted/True/Accepted: Policy has been accepted.';
const appliedAt = (objects: Obj[], listener: string): unknown =>
  (pointSummary(run(objects).resolution)[listener]?.[CTP] as { applied?: string[] } | undefined)?.applied;

describe('R9.1: section targets', () => {
  test('the two TargetNotFound wordings: ListenerSet (quoted) and Gateway', () => {
    const { status } = run([
      ...world(),
      ctp('ls-bad', [ref('ListenerSet', 'ls', 'nope')]),
      ctp('gw-bad', [ref('Gateway', 'gw', 'nope')]),
    ]);
    expect(statusLines(status, CTP, 'infra/ls-bad')).toEqual([
      'ListenerSet infra/ls/nope: Accepted/False/TargetNotFound: ListenerSet infra/ls does not have a listener named "nope"',
    ]);
    expect(statusLines(status, CTP, 'infra/gw-bad')).toEqual([
      'Gateway infra/gw/nope: Accepted/False/TargetNotFound: No section name nope found for Gateway infra/gw',
    ]);
  });

  test('a Gateway sectionName may name a ListenerSet listener (unlike the other kinds)', () => {
    const objects = [...world(), ctp('p', [ref('Gateway', 'gw', 'extra')])];
    expect(statusLines(run(objects).status, CTP, 'infra/p')).toEqual([`Gateway infra/gw/extra: ${ACCEPTED}`]);
    expect(appliedAt(objects, 'infra/gw/infra/ls/extra')).toEqual(['ClientTrafficPolicy/infra/p']);
  });

  test('a section already claimed: Conflicted, worded with the target name', () => {
    const { status } = run([
      ...world(),
      ctp('first', [ref('Gateway', 'gw', 'http')]),
      ctp('second', [ref('Gateway', 'gw', 'http')], '2025-01-01T00:00:00Z'),
    ]);
    expect(statusLines(status, CTP, 'infra/second')).toEqual([
      'Gateway infra/gw/http: Accepted/False/Conflicted: Unable to target section of gw, another ClientTrafficPolicy has already attached to it',
    ]);
  });

  test('a section policy on a plain HTTP listener sharing its port with another is Invalid', () => {
    const { status } = run([...world(80), ctp('p', [ref('Gateway', 'gw', 'http')])]);
    expect(statusLines(status, CTP, 'infra/p')).toEqual([
      'Gateway infra/gw/http: Accepted/False/Invalid: ClientTrafficPolicy is being applied to multiple http (non https) listeners (infra/gw/infra/ls/extra) on the same port, which is not allowed.',
    ]);
  });
});

describe('R9.2: whole ListenerSet, then whole Gateway', () => {
  test('a whole-Gateway policy is not stopped by same-port listeners of its own Gateway; a whole-ListenerSet one is', () => {
    const objects = [...world(80), ctp('g', [ref('Gateway', 'gw')]), ctp('l', [ref('ListenerSet', 'ls')])];
    const { status, resolution } = run(objects);
    expect(statusLines(status, CTP, 'infra/l')).toEqual([
      'ListenerSet infra/ls: Accepted/False/Invalid: ClientTrafficPolicy is being applied to multiple http (non https) listeners (infra/gw/http) on the same port, which is not allowed.',
    ]);
    // Only ls-https was taken by the ListenerSet policy; the failed `extra` is left to the Gateway one.
    expect(statusLines(status, CTP, 'infra/g')).toEqual([
      `Gateway infra/gw: Overridden/True/Overridden: There are existing ClientTrafficPolicies that are overriding these sections [ls-https] | ${ACCEPTED}`,
    ]);
    const points = pointSummary(resolution);
    expect(points['infra/gw/infra/ls/extra']?.[CTP]).toMatchObject({
      applied: ['ClientTrafficPolicy/infra/g'],
    });
    expect(points['infra/gw/infra/ls/ls-https']?.[CTP]).toMatchObject({
      applied: ['ClientTrafficPolicy/infra/l'],
    });
  });

  test('conflict messages for a whole Gateway and a whole ListenerSet', () => {
    const later = '2025-01-01T00:00:00Z';
    const { status } = run([
      ...world(),
      ctp('g1', [ref('Gateway', 'gw')]),
      ctp('g2', [ref('Gateway', 'gw')], later),
      ctp('l1', [ref('ListenerSet', 'ls')]),
      ctp('l2', [ref('ListenerSet', 'ls')], later),
    ]);
    expect(statusLines(status, CTP, 'infra/g2')).toEqual([
      'Gateway infra/gw: Accepted/False/Conflicted: Unable to target Gateway gw, another ClientTrafficPolicy has already attached to it',
    ]);
    expect(statusLines(status, CTP, 'infra/l2')).toEqual([
      'ListenerSet infra/ls: Accepted/False/Conflicted: Unable to target ListenerSet ls, another ClientTrafficPolicy has already attached to it',
    ]);
  });

  test('Overridden comes before Accepted and lists the claimed sections, ListenerSet listeners taken by a whole-ListenerSet policy included', () => {
    const objects = [
      ...world(),
      ctp('g', [ref('Gateway', 'gw')]),
      ctp('l', [ref('ListenerSet', 'ls')]),
      ctp('s', [ref('Gateway', 'gw', 'http')]),
      ctp('sl', [ref('ListenerSet', 'ls', 'ls-https')]),
    ];
    const { status, resolution } = run(objects);
    expect(statusLines(status, CTP, 'infra/g')).toEqual([
      `Gateway infra/gw: Overridden/True/Overridden: There are existing ClientTrafficPolicies that are overriding these sections [extra http ls-https] | ${ACCEPTED}`,
    ]);
    expect(statusLines(status, CTP, 'infra/l')).toEqual([
      `ListenerSet infra/ls: Overridden/True/Overridden: There are existing ClientTrafficPolicies that are overriding these sections [ls-https] | ${ACCEPTED}`,
    ]);
    const points = pointSummary(resolution);
    expect(points['infra/gw/http']?.[CTP]).toMatchObject({
      applied: ['ClientTrafficPolicy/infra/s'],
      scopeKind: 'GatewayListener',
    });
    expect(points['infra/gw/https']?.[CTP]).toMatchObject({
      applied: ['ClientTrafficPolicy/infra/g'],
      scopeKind: 'Gateway',
    });
    expect(points['infra/gw/infra/ls/extra']?.[CTP]).toMatchObject({
      applied: ['ClientTrafficPolicy/infra/l'],
      scopeKind: 'ListenerSet',
    });
    expect(points['infra/gw/infra/ls/ls-https']?.[CTP]).toMatchObject({
      applied: ['ClientTrafficPolicy/infra/sl'],
      scopeKind: 'ListenerSetListener',
    });
  });

  test('a whole-ListenerSet policy beats a whole-Gateway one whatever the order', () => {
    const g = ctp('g', [ref('Gateway', 'gw')], '2024-01-01T00:00:00Z');
    const l = ctp('l', [ref('ListenerSet', 'ls')], '2025-01-01T00:00:00Z');
    for (const objects of [
      [...world(), g, l],
      [...world(), l, g],
    ]) {
      expect(appliedAt(objects, 'infra/gw/infra/ls/extra')).toEqual(['ClientTrafficPolicy/infra/l']);
      expect(appliedAt(objects, 'infra/gw/http')).toEqual(['ClientTrafficPolicy/infra/g']);
    }
  });
});

describe('R9.3: pass order', () => {
  test("one policy's ancestors come in pass order (section, ListenerSet, Gateway), not targetRefs order; its own sections override its Gateway target", () => {
    const p = ctp('p', [ref('Gateway', 'gw'), ref('ListenerSet', 'ls'), ref('Gateway', 'gw', 'http')]);
    expect(statusLines(run([...world(), p]).status, CTP, 'infra/p')).toEqual([
      `Gateway infra/gw/http: ${ACCEPTED}`,
      `ListenerSet infra/ls: ${ACCEPTED}`,
      `Gateway infra/gw: Overridden/True/Overridden: There are existing ClientTrafficPolicies that are overriding these sections [extra http ls-https] | ${ACCEPTED}`,
    ]);
  });

  test('the output list is section policies, then ListenerSet ones, then Gateway ones', () => {
    const objects = [
      ...world(),
      ctp('g', [ref('Gateway', 'gw')]),
      ctp('l', [ref('ListenerSet', 'ls')]),
      ctp('s', [ref('Gateway', 'gw', 'http')]),
    ];
    expect(idsOf(run(objects, { order: 'input' }).status, CTP)).toEqual(['infra/s', 'infra/l', 'infra/g']);
  });
});
