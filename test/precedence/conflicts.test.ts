/**
 * Same-scope conflicts (R5.1, R5.2, R5.4) and sectionName validation (R5.3) for the three
 * six-pass kinds: exact messages per kind and scope, exact scopes only.
 */
import type { PolicyKind } from 'gateway-policy-sim';
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
import { run, statusLines } from './_pipeline.js';

type DirectKind = Exclude<PolicyKind, 'ClientTrafficPolicy'>;
const KINDS: readonly DirectKind[] = ['BackendTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy'];

const world: Obj[] = [
  gatewayClassObj(),
  gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80)]),
  listenerSetObj('infra', 'ls', { namespace: 'infra', name: 'gw' }, [listenerObj('extra', 'HTTP', 8081)]),
  httpRouteObj('infra', 'web', [parentRefObj('gw')], ['r1', 'r2']),
  httpRouteObj('infra', 'plain', [parentRefObj('gw')], [null]),
];
const policy = (kind: DirectKind, name: string, target: Obj, ts: string): Obj =>
  policyObj(kind, 'infra', name, { targetRefs: [target], ...featureOf(kind) }, ts);

interface Case {
  readonly scope: string;
  readonly target: Obj;
  /** The loser's ancestor, as `statusLines` prints it. */
  readonly ancestor: string;
  readonly message: (kind: DirectKind) => string;
}
const another = (kind: DirectKind): string => `another ${kind} has already attached to it`;
const CASES: readonly Case[] = [
  {
    scope: 'Gateway',
    target: ref('Gateway', 'gw'),
    ancestor: 'Gateway infra/gw',
    message: (k) => `Unable to target Gateway gw, ${another(k)}`,
  },
  {
    scope: 'Gateway listener',
    target: ref('Gateway', 'gw', 'http'),
    ancestor: 'Gateway infra/gw/http',
    // R5.4: only BackendTrafficPolicy names the Gateway namespace.
    message: (k) =>
      k === 'BackendTrafficPolicy'
        ? `Unable to target Listener infra/gw/http, ${another(k)}`
        : `Unable to target Listener gw/http, ${another(k)}`,
  },
  {
    scope: 'ListenerSet',
    target: ref('ListenerSet', 'ls'),
    ancestor: 'ListenerSet infra/ls',
    message: (k) => `Unable to target ListenerSet ls, ${another(k)}`,
  },
  {
    scope: 'ListenerSet listener',
    target: ref('ListenerSet', 'ls', 'extra'),
    ancestor: 'ListenerSet infra/ls/extra',
    message: (k) => `Unable to target Listener ls/extra, ${another(k)}`,
  },
  {
    scope: 'route',
    target: ref('HTTPRoute', 'web'),
    ancestor: 'Gateway infra/gw',
    message: (k) => `Unable to target HTTPRoute web, ${another(k)}`,
  },
  {
    scope: 'route rule',
    target: ref('HTTPRoute', 'web', 'r1'),
    ancestor: 'Gateway infra/gw',
    message: (k) => `Unable to target RouteRule web/r1, ${another(k)}`,
  },
];

describe('R5.1 / R5.4: one policy per exact scope, the later one Conflicted with the exact message', () => {
  for (const kind of KINDS) {
    test.each(CASES)(`${kind}, $scope`, ({ target, ancestor, message }) => {
      const first = policy(kind, 'first', target, '2024-01-01T00:00:00Z');
      const second = policy(kind, 'second', target, '2024-06-01T00:00:00Z');
      const { status } = run([...world, second, first]);
      expect(statusLines(status, kind, 'infra/second')).toEqual([
        `${ancestor}: Accepted/False/Conflicted: ${message(kind)}`,
      ]);
      expect((statusLines(status, kind, 'infra/first') ?? []).join('\n')).not.toContain('Conflicted');
    });
  }

  test('scopes are exact: Gateway vs listener, route vs rule, rule vs rule, ListenerSet vs its listener never conflict', () => {
    const objects = [...world];
    const pairs: [Obj, Obj][] = [
      [ref('Gateway', 'gw'), ref('Gateway', 'gw', 'http')],
      [ref('HTTPRoute', 'web'), ref('HTTPRoute', 'web', 'r1')],
      [ref('HTTPRoute', 'web', 'r2'), ref('HTTPRoute', 'plain')],
      [ref('ListenerSet', 'ls'), ref('ListenerSet', 'ls', 'extra')],
    ];
    pairs.forEach(([a, b], i) => {
      objects.push(policy('BackendTrafficPolicy', `a${i}`, a, '2024-01-01T00:00:00Z'));
      objects.push(policy('BackendTrafficPolicy', `b${i}`, b, '2024-01-01T00:00:00Z'));
    });
    const { status } = run(objects);
    expect(JSON.stringify(status)).not.toContain('Conflicted');
  });

  test('kinds never conflict with each other (R2.5)', () => {
    const objects = [
      ...world,
      ...KINDS.map((k) => policy(k, 'p', ref('Gateway', 'gw'), '2024-01-01T00:00:00Z')),
    ];
    expect(JSON.stringify(run(objects).status)).not.toContain('Conflicted');
  });

  test('the loser keeps its other targets (R5.2)', () => {
    const first = policy('SecurityPolicy', 'first', ref('Gateway', 'gw'), '2024-01-01T00:00:00Z');
    const second = policyObj(
      'SecurityPolicy',
      'infra',
      'second',
      { targetRefs: [ref('Gateway', 'gw'), ref('HTTPRoute', 'web')], ...featureOf('SecurityPolicy') },
      '2024-06-01T00:00:00Z',
    );
    const { status, resolution } = run([...world, first, second]);
    // One shared ancestor (the route's parentRef is the whole Gateway): the route target was
    // Accepted first, then the Gateway conflict overwrote Accepted in place (R8.4).
    expect(statusLines(status, 'SecurityPolicy', 'infra/second')).toEqual([
      'Gateway infra/gw: Accepted/False/Conflicted: Unable to target Gateway gw, another SecurityPolicy has already attached to it',
    ]);
    const web = resolution.points.filter((p) => p.route === 'HTTPRoute/infra/web');
    expect(web.map((p) => p.policies.SecurityPolicy?.applied)).toEqual([
      ['SecurityPolicy/infra/second'],
      ['SecurityPolicy/infra/second'],
    ]);
  });
});

describe('R5.3: a sectionName that names nothing gives TargetNotFound and claims nothing', () => {
  for (const kind of KINDS) {
    test(`${kind}: the messages, with the bogus sectionName kept in Gateway / ListenerSet ancestors`, () => {
      const objects = [
        ...world,
        policy(kind, 'gw-section', ref('Gateway', 'gw', 'nope'), '2024-01-01T00:00:00Z'),
        policy(kind, 'ls-section', ref('ListenerSet', 'ls', 'nope'), '2024-01-01T00:00:00Z'),
        policy(kind, 'rule', ref('HTTPRoute', 'web', 'nope'), '2024-01-01T00:00:00Z'),
      ];
      const { status } = run(objects);
      expect(statusLines(status, kind, 'infra/gw-section')).toEqual([
        'Gateway infra/gw/nope: Accepted/False/TargetNotFound: No section name nope found for Gateway infra/gw',
      ]);
      expect(statusLines(status, kind, 'infra/ls-section')).toEqual([
        'ListenerSet infra/ls/nope: Accepted/False/TargetNotFound: No section name nope found for ListenerSet infra/ls',
      ]);
      expect(statusLines(status, kind, 'infra/rule')).toEqual([
        'Gateway infra/gw: Accepted/False/TargetNotFound: No section name nope found for HTTPRoute infra/web',
      ]);
    });
  }

  test("a Gateway sectionName must name one of the Gateway's own listeners, not a ListenerSet listener", () => {
    const { status } = run([
      ...world,
      policy('BackendTrafficPolicy', 'p', ref('Gateway', 'gw', 'extra'), '2024-01-01T00:00:00Z'),
    ]);
    expect(statusLines(status, 'BackendTrafficPolicy', 'infra/p')).toEqual([
      'Gateway infra/gw/extra: Accepted/False/TargetNotFound: No section name extra found for Gateway infra/gw',
    ]);
  });

  test('a rule target on a route whose rules have no name is always TargetNotFound (§11.3)', () => {
    const { status } = run([
      ...world,
      policy('BackendTrafficPolicy', 'p', ref('HTTPRoute', 'plain', '0'), '2024-01-01T00:00:00Z'),
    ]);
    expect(statusLines(status, 'BackendTrafficPolicy', 'infra/p')).toEqual([
      'Gateway infra/gw: Accepted/False/TargetNotFound: No section name 0 found for HTTPRoute infra/plain',
    ]);
  });

  test('validation comes before the conflict check: an invalid section never claims', () => {
    const objects = [
      ...world,
      policy('BackendTrafficPolicy', 'bad-1', ref('Gateway', 'gw', 'nope'), '2024-01-01T00:00:00Z'),
      policy('BackendTrafficPolicy', 'bad-2', ref('Gateway', 'gw', 'nope'), '2024-06-01T00:00:00Z'),
    ];
    const { status } = run(objects);
    for (const id of ['infra/bad-1', 'infra/bad-2']) {
      expect(statusLines(status, 'BackendTrafficPolicy', id)?.[0]).toContain('TargetNotFound');
    }
  });
});
