/**
 * Law: of two policies at the same scope the older wins, then the smaller namespace, then the
 * smaller name (R2.1, R5.1) — a (namespace, name) tuple, not the `ns/name` string:
 * with namespaces `team` and `team-a` the two orders disagree.
 */
import fc from 'fast-check';
import type { PolicyKind } from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import {
  featureOf,
  GW_GROUP,
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  listenerSetObj,
  namespaceObj,
  type Obj,
  parentRefObj,
  policyObj,
  ref,
  referenceGrantObj,
  TIMESTAMPS,
} from '../_support/topology-arbitrary.js';
import { conditionsAt, run } from './_pipeline.js';

type TargetKind = 'Gateway' | 'ListenerSet' | 'HTTPRoute';
const TARGET_NAME: Readonly<Record<TargetKind, string>> = {
  Gateway: 'gw',
  ListenerSet: 'ls',
  HTTPRoute: 'web',
};

/** Targets live in `infra`; contestants in `team` or `team-a` reach them by selector + ReferenceGrant. */
function world(kind: PolicyKind): Obj[] {
  const objects: Obj[] = [
    gatewayClassObj(),
    ...['team', 'team-a', 'infra'].map((n) => namespaceObj(n)),
    gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80)], { labels: { contest: 'yes' } }),
    listenerSetObj('infra', 'ls', { namespace: 'infra', name: 'gw' }, [listenerObj('extra', 'HTTP', 8081)], {
      labels: { contest: 'yes' },
    }),
    httpRouteObj('infra', 'web', [parentRefObj('gw')], ['r1'], { labels: { contest: 'yes' } }),
  ];
  for (const from of ['team', 'team-a']) {
    for (const to of ['Gateway', 'ListenerSet', 'HTTPRoute']) {
      objects.push(
        referenceGrantObj(
          'infra',
          `grant-${from}-${to.toLowerCase()}`,
          { kind, namespace: from },
          { kind: to },
        ),
      );
    }
  }
  return objects;
}

const contestArb = fc
  .record({
    kind: fc.constantFrom<PolicyKind>(
      'ClientTrafficPolicy',
      'BackendTrafficPolicy',
      'SecurityPolicy',
      'EnvoyExtensionPolicy',
    ),
    target: fc.constantFrom<TargetKind>('Gateway', 'ListenerSet', 'HTTPRoute'),
    contestants: fc.uniqueArray(
      fc.record({
        namespace: fc.constantFrom('team', 'team-a', 'infra'),
        name: fc.constantFrom('a', 'b', 'ab', 'b-1'),
        ts: fc.constantFrom(...TIMESTAMPS),
      }),
      { minLength: 2, maxLength: 4, selector: (c) => `${c.namespace}/${c.name}` },
    ),
  })
  .map((c) => ({
    ...c,
    target: c.kind === 'ClientTrafficPolicy' && c.target === 'HTTPRoute' ? ('Gateway' as const) : c.target,
  }))
  .chain((c) =>
    fc.tuple(fc.constant(c), fc.shuffledSubarray(c.contestants, { minLength: c.contestants.length })),
  );

test('of two policies at the same scope the older wins, then the smaller namespace, then the smaller name', () => {
  fc.assert(
    fc.property(contestArb, ([{ kind, target, contestants }, inputOrder]) => {
      const objects = [...world(kind)];
      for (const c of inputOrder) {
        // Same-namespace contestants use a plain ref; the others a selector over all namespaces.
        const targeting =
          c.namespace === 'infra'
            ? { targetRefs: [ref(target, TARGET_NAME[target])] }
            : {
                targetSelectors: [
                  {
                    group: GW_GROUP,
                    kind: target,
                    matchLabels: { contest: 'yes' },
                    namespaces: { from: 'All' },
                  },
                ],
              };
        objects.push(policyObj(kind, c.namespace, c.name, { ...targeting, ...featureOf(kind) }, c.ts));
      }
      const { status } = run(objects, { order: 'cluster' });

      const tuple = [...contestants].sort(
        (x, y) =>
          x.ts.localeCompare(y.ts) ||
          (x.namespace < y.namespace ? -1 : x.namespace > y.namespace ? 1 : 0) ||
          (x.name < y.name ? -1 : x.name > y.name ? 1 : 0),
      );
      const anc = {
        kind: target === 'ListenerSet' ? 'ListenerSet' : 'Gateway',
        namespace: 'infra',
        name: target === 'ListenerSet' ? 'ls' : 'gw',
      };
      const [winner, ...losers] = tuple;
      const won = conditionsAt(status, kind, `${winner!.namespace}/${winner!.name}`, anc) ?? [];
      expect(won.some((c) => c.startsWith('Accepted/True/Accepted'))).toBe(true);
      for (const l of losers) {
        const lost = conditionsAt(status, kind, `${l.namespace}/${l.name}`, anc) ?? [];
        expect(lost.some((c) => c.startsWith('Accepted/False/Conflicted'))).toBe(true);
      }
    }),
    { numRuns: 200 },
  );
});
