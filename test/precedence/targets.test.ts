/**
 * Target resolution inside one policy: R2.4 (selector targets first, by the target's timestamp;
 * plain refs de-duplicated against them only), R3.1 (plain refs are namespace-local), R3.2
 * (selector namespaces + ReferenceGrant), R3.5 (a missing target is silence).
 */
import { describe, expect, test } from 'vitest';
import {
  featureOf,
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
import { ancestorsOf, conditionsAt, idsOf, run, statusLines } from './_pipeline.js';

const BTP = 'BackendTrafficPolicy';
const http = [listenerObj('http', 'HTTP', 80)];
const btp = (ns: string, name: string, spec: Obj, ts?: string): Obj =>
  policyObj(BTP, ns, name, { ...spec, ...featureOf(BTP) }, ts);
const gatewayNames = (objects: Obj[], id: string, options = {}): string[] =>
  (ancestorsOf(run(objects, options).status, BTP, id) ?? []).map(
    (a) => `${a.ancestorRef.namespace}/${a.ancestorRef.name}`,
  );

describe('R2.4: the target list of one policy', () => {
  const gateways = [
    gatewayClassObj(),
    gatewayObj('infra', 'gw-a', http, { ts: '2024-06-01T00:00:00Z', labels: { app: 'x' } }),
    gatewayObj('infra', 'gw-b', http, { ts: '2024-01-01T00:00:00Z' }),
    gatewayObj('infra', 'gw-c', http, { ts: '2024-01-01T00:00:00Z', labels: { app: 'x' } }),
  ];

  test('selector targets come first, oldest target first, then plain refs in written order', () => {
    const p = btp('infra', 'p', {
      targetRefs: [ref('Gateway', 'gw-b')],
      targetSelectors: [{ kind: 'Gateway', matchLabels: { app: 'x' } }],
    });
    // gw-a comes before gw-c in the input, but gw-c is older; gw-b is a plain ref, so last.
    expect(gatewayNames([...gateways, p], 'infra/p')).toEqual(['infra/gw-c', 'infra/gw-a', 'infra/gw-b']);
  });

  test('a plain ref identical to a selector target is dropped', () => {
    const p = btp('infra', 'p', {
      targetRefs: [ref('Gateway', 'gw-a')],
      targetSelectors: [{ kind: 'Gateway', matchLabels: { app: 'x' } }],
    });
    const { status } = run([...gateways, p]);
    expect(statusLines(status, BTP, 'infra/p')).toEqual([
      'Gateway infra/gw-c: Accepted/True/Accepted: Policy has been accepted.',
      'Gateway infra/gw-a: Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });

  test('a plain ref whose group differs from the selected object is not de-duplicated and conflicts with itself', () => {
    // CEL refuses a group other than gateway.networking.k8s.io, so only `report` simulates it.
    const p = btp('infra', 'p', {
      targetRefs: [{ group: '', kind: 'Gateway', name: 'gw-a' }],
      targetSelectors: [{ kind: 'Gateway', matchLabels: { app: 'x' } }],
    });
    const { status } = run([...gateways, p], { admission: 'report' });
    expect(conditionsAt(status, BTP, 'infra/p', { namespace: 'infra', name: 'gw-a' })).toEqual([
      'Accepted/False/Conflicted: Unable to target Gateway gw-a, another BackendTrafficPolicy has already attached to it',
    ]);
    expect(conditionsAt(status, BTP, 'infra/p', { namespace: 'infra', name: 'gw-c' })).toEqual([
      'Accepted/True/Accepted: Policy has been accepted.',
    ]);
  });

  test('plain refs are not de-duplicated among themselves: a repeated ref conflicts with itself', () => {
    const p = btp('infra', 'p', { targetRefs: [ref('Gateway', 'gw-b'), ref('Gateway', 'gw-b')] });
    const { status } = run([...gateways, p]);
    expect(statusLines(status, BTP, 'infra/p')).toEqual([
      'Gateway infra/gw-b: Accepted/False/Conflicted: Unable to target Gateway gw-b, another BackendTrafficPolicy has already attached to it',
    ]);
  });

  test('targetRef wins over targetRefs when targetSelectors makes both admissible (R1.2)', () => {
    const p = btp('infra', 'p', {
      targetRef: ref('Gateway', 'gw-b'),
      targetRefs: [ref('Gateway', 'gw-a')],
      targetSelectors: [{ kind: 'Gateway', matchLabels: { app: 'none' } }],
    });
    expect(gatewayNames([...gateways, p], 'infra/p')).toEqual(['infra/gw-b']);
  });
});

describe('R3.1: plain refs are namespace-local', () => {
  const objects = [
    gatewayClassObj(),
    gatewayObj('infra', 'gw', http),
    gatewayObj('team', 'gw', http),
    httpRouteObj('infra', 'web', [parentRefObj('gw')], ['r1']),
  ];

  test('a plain ref resolves in the policy namespace, never in the target namespace', () => {
    const p = btp('team', 'p', { targetRefs: [ref('Gateway', 'gw')] });
    expect(gatewayNames([...objects, p], 'team/p')).toEqual(['team/gw']);
  });

  test('a plain ref to a route of another namespace is not found: ancestors null', () => {
    const p = btp('team', 'p', { targetRefs: [ref('HTTPRoute', 'web')] });
    expect(ancestorsOf(run([...objects, p]).status, BTP, 'team/p')).toBeNull();
  });
});

describe('R3.2: selector namespaces and ReferenceGrants', () => {
  const base = [
    gatewayClassObj(),
    namespaceObj('team', { env: 'prod' }),
    namespaceObj('team-a', { env: 'dev' }),
    namespaceObj('infra'),
    gatewayObj('team', 'gw-team', http, { labels: { app: 'edge' } }),
    gatewayObj('team-a', 'gw-team-a', http, { labels: { app: 'edge' } }),
    gatewayObj('infra', 'gw-infra', http, { labels: { app: 'edge' } }),
  ];
  const grantsToTeamPolicies = [
    referenceGrantObj('team-a', 'g1', { kind: BTP, namespace: 'team' }, { kind: 'Gateway' }),
    referenceGrantObj('infra', 'g2', { kind: BTP, namespace: 'team' }, { kind: 'Gateway' }),
  ];
  const selecting = (namespaces?: Obj): Obj =>
    btp('team', 'p', {
      targetSelectors: [
        { kind: 'Gateway', matchLabels: { app: 'edge' }, ...(namespaces ? { namespaces } : {}) },
      ],
    });

  test.each([
    ['absent', undefined],
    ['Same', { from: 'Same' }],
  ])('namespaces %s: only the policy namespace', (_, namespaces) => {
    expect(gatewayNames([...base, ...grantsToTeamPolicies, selecting(namespaces)], 'team/p')).toEqual([
      'team/gw-team',
    ]);
  });

  test('namespaces All: every namespace, but another namespace only through a ReferenceGrant', () => {
    expect(gatewayNames([...base, selecting({ from: 'All' })], 'team/p')).toEqual(['team/gw-team']);
    const objects = [...base, ...grantsToTeamPolicies, selecting({ from: 'All' })];
    // Equal timestamps: (namespace, name) order in a cluster (R2.1), input order in the translator tests.
    expect(gatewayNames(objects, 'team/p')).toEqual(['infra/gw-infra', 'team/gw-team', 'team-a/gw-team-a']);
    expect(gatewayNames(objects, 'team/p', { order: 'input' })).toEqual([
      'team/gw-team',
      'team-a/gw-team-a',
      'infra/gw-infra',
    ]);
  });

  test('namespaces Selector: by Namespace labels; a Namespace without labels never matches, even `{}`', () => {
    const bySelector = (selector: Obj): string[] =>
      gatewayNames([...base, ...grantsToTeamPolicies, selecting({ from: 'Selector', selector })], 'team/p');
    expect(bySelector({ matchLabels: { env: 'dev' } })).toEqual(['team-a/gw-team-a']);
    expect(bySelector({})).toEqual(['team/gw-team', 'team-a/gw-team-a']);
  });

  test('a ReferenceGrant counts only in the target namespace, from this policy kind and namespace, to that kind and name', () => {
    const all = selecting({ from: 'All' });
    const grants = (g: Obj): string[] => gatewayNames([...base, g, all], 'team/p');
    expect(
      grants(referenceGrantObj('team', 'g', { kind: BTP, namespace: 'team' }, { kind: 'Gateway' })),
    ).toEqual(['team/gw-team']);
    expect(
      grants(
        referenceGrantObj('team-a', 'g', { kind: 'SecurityPolicy', namespace: 'team' }, { kind: 'Gateway' }),
      ),
    ).toEqual(['team/gw-team']);
    expect(
      grants(referenceGrantObj('team-a', 'g', { kind: BTP, namespace: 'infra' }, { kind: 'Gateway' })),
    ).toEqual(['team/gw-team']);
    expect(
      grants(referenceGrantObj('team-a', 'g', { kind: BTP, namespace: 'team' }, { kind: 'HTTPRoute' })),
    ).toEqual(['team/gw-team']);
    expect(
      grants(
        referenceGrantObj(
          'team-a',
          'g',
          { kind: BTP, namespace: 'team' },
          { kind: 'Gateway', name: 'other' },
        ),
      ),
    ).toEqual(['team/gw-team']);
    expect(
      grants(
        referenceGrantObj(
          'team-a',
          'g',
          { kind: BTP, namespace: 'team' },
          { kind: 'Gateway', name: 'gw-team-a' },
        ),
      ),
    ).toEqual(['team/gw-team', 'team-a/gw-team-a']);
  });

  test('an empty selector matches every object of that kind in the allowed namespaces', () => {
    const p = btp('team', 'p', { targetSelectors: [{ kind: 'Gateway', namespaces: { from: 'All' } }] });
    expect(gatewayNames([...base, ...grantsToTeamPolicies, p], 'team/p')).toHaveLength(3);
  });
});

describe('R3.5: a target that does not exist is silence', () => {
  const objects = [gatewayClassObj(), gatewayObj('infra', 'gw', http, { labels: { app: 'edge' } })];

  test('a plain ref to a missing object keeps the policy in the output with `ancestors: null`', () => {
    const p = btp('infra', 'p', { targetRefs: [ref('Gateway', 'missing')] });
    const { status } = run([...objects, p]);
    expect(idsOf(status, BTP)).toEqual(['infra/p']);
    expect(ancestorsOf(status, BTP, 'infra/p')).toBeNull();
  });

  test('a policy whose only targets are selectors that match nothing is absent from the output', () => {
    const p = btp('infra', 'p', { targetSelectors: [{ kind: 'Gateway', matchLabels: { app: 'nobody' } }] });
    const { status } = run([...objects, p]);
    expect(ancestorsOf(status, BTP, 'infra/p')).toBeUndefined();
    expect(status.BackendTrafficPolicy).toBeUndefined();
  });

  test('a selector that reaches another namespace without a ReferenceGrant is the same silence', () => {
    const p = btp('team', 'p', { targetSelectors: [{ kind: 'Gateway', namespaces: { from: 'All' } }] });
    expect(ancestorsOf(run([...objects, p]).status, BTP, 'team/p')).toBeUndefined();
  });

  test('a missing object never gives TargetNotFound, only a missing sectionName does', () => {
    const missing = btp('infra', 'p', { targetRefs: [ref('Gateway', 'missing', 'http')] });
    const badSection = btp('infra', 'q', { targetRefs: [ref('Gateway', 'gw', 'nope')] });
    const { status } = run([...objects, missing, badSection]);
    expect(ancestorsOf(status, BTP, 'infra/p')).toBeNull();
    expect(statusLines(status, BTP, 'infra/q')).toEqual([
      'Gateway infra/gw/nope: Accepted/False/TargetNotFound: No section name nope found for Gateway infra/gw',
    ]);
  });
});
