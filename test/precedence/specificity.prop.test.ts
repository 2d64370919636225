/**
 * Law: for HTTP points without mergeType a policy at a more specific scope always beats a less
 * specific one (R4.3: rule > route > ListenerSet listener > ListenerSet > Gateway
 * listener > Gateway), whatever the processing order.
 */
import fc from 'fast-check';
import type { Point, Resolution, Scope, ScopeKind, TargetDecision } from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import { topologyArbitrary } from '../_support/topology-arbitrary.js';
import { run } from './_pipeline.js';

const RANK: Readonly<Record<ScopeKind, number>> = {
  Gateway: 1,
  GatewayListener: 2,
  ListenerSet: 3,
  ListenerSetListener: 4,
  Route: 5,
  RouteRule: 6,
};
const DIRECT = ['BackendTrafficPolicy', 'SecurityPolicy', 'EnvoyExtensionPolicy'] as const;

/** Whether a scope covers a point, from the scope's definition (R4.3, R6.2), not from the engine. */
function covers(s: Scope, p: Point, res: Resolution): boolean {
  const id = `${s.ref.namespace}/${s.ref.name}`;
  switch (s.kind) {
    case 'RouteRule': {
      if (p.route !== `${s.ref.kind}/${id}` || p.ruleIndex === null) return false;
      return res.topology.routes.get(p.route)?.rules[p.ruleIndex]?.name === s.ref.section;
    }
    case 'Route':
      return p.route === `${s.ref.kind}/${id}`;
    case 'ListenerSetListener':
      return p.listenerSet === `ListenerSet/${id}` && p.listenerName === s.ref.section;
    case 'ListenerSet':
      return p.listenerSet === `ListenerSet/${id}`;
    case 'GatewayListener':
      return p.gateway === `Gateway/${id}` && p.listenerSet === null && p.listenerName === s.ref.section;
    case 'Gateway':
      return p.gateway === `Gateway/${id}`;
  }
}

test('for HTTP points without mergeType a policy at a more specific scope always beats a less specific one', () => {
  let contested = 0;
  fc.assert(
    fc.property(topologyArbitrary({ kinds: DIRECT, mergeType: false, maxPolicies: 10 }), ({ objects }) => {
      const { resolution } = run(objects, { order: 'cluster' });
      for (const kind of DIRECT) {
        const attached: TargetDecision[] = resolution.kinds[kind].decisions.filter(
          (d) => d.verdict === 'applied',
        );
        for (const p of resolution.points) {
          if (p.family !== 'http') continue;
          const reaching = attached.filter((d) => covers(d.scope, p, resolution));
          const got = p.policies[kind];
          if (reaching.length === 0) {
            expect(got, `${kind} at ${p.key}`).toBeUndefined();
            continue;
          }
          const best = Math.max(...reaching.map((d) => RANK[d.scope.kind]));
          if (new Set(reaching.map((d) => d.scope.kind)).size > 1) contested++;
          // One policy holds an exact scope (R5.1), so the most specific reaching scope has one winner.
          const winners = reaching.filter((d) => RANK[d.scope.kind] === best);
          expect(new Set(winners.map((d) => d.policy)).size).toBe(1);
          expect(got?.applied, `${kind} at ${p.key}`).toEqual([winners[0]!.policy]);
          expect(got?.scopeKind).toBe(winners[0]!.scope.kind);
          expect(got?.mode).toBe('replace');
        }
      }
    }),
    { numRuns: 200 },
  );
  // The law is not vacuous: points where several scopes compete do occur.
  expect(contested).toBeGreaterThan(50);
});
