/**
 * Laws of `explain` over generated topologies (test/_support/topology-arbitrary.ts), in cluster
 * order with the merge hook (`simulate`'s defaults).
 */
import { test } from '@fast-check/vitest';
import {
  type ExplainPoint,
  explain,
  loadObjects,
  POLICY_KINDS,
  type Point,
  type Resolution,
  simulate,
} from 'gateway-policy-sim';
import { describe, expect } from 'vitest';
import { scopeKey } from '../../src/precedence/scope.js';
import { leaves } from '../_support/leaves.js';
import { topologyArbitrary } from '../_support/topology-arbitrary.js';

const NUM_RUNS = 100;

function resolve(objects: readonly unknown[]): Resolution {
  return simulate(loadObjects(objects)).resolution;
}

/** The scopes that cover a point, by the specification alone (R4.3; R9.4 for listener points). */
function coveringKeys(pt: Point, resolution: Resolution): string[] {
  const keys: string[] = [];
  const k = (
    kind: Parameters<typeof scopeKey>[0]['kind'],
    nsName: string,
    section = '',
    routeKind = '',
  ): string => {
    const i = nsName.indexOf('/');
    const objectKind =
      routeKind !== '' ? routeKind : kind.startsWith('ListenerSet') ? 'ListenerSet' : 'Gateway';
    const whole = { kind: objectKind, namespace: nsName.slice(0, i), name: nsName.slice(i + 1) };
    return scopeKey({ kind, ref: section === '' ? whole : { ...whole, section } });
  };
  if (pt.route !== null) {
    const route = resolution.topology.routes.get(pt.route)!;
    const ruleName = pt.ruleIndex === null ? null : route.rules[pt.ruleIndex]?.name;
    const nsName = `${route.namespace}/${route.name}`;
    if (ruleName) keys.push(k('RouteRule', nsName, ruleName, route.kind));
    keys.push(k('Route', nsName, '', route.kind));
  }
  if (pt.listenerSet !== null)
    keys.push(k('ListenerSetListener', pt.listenerSet, pt.listenerName), k('ListenerSet', pt.listenerSet));
  else keys.push(k('GatewayListener', pt.gateway, pt.listenerName));
  keys.push(k('Gateway', pt.gateway));
  return keys;
}

function sameIdentity(pt: Point, e: ExplainPoint | undefined): boolean {
  return (
    e !== undefined &&
    e.gateway === pt.gateway &&
    e.listener === pt.listenerName &&
    e.listenerSet === pt.listenerSet &&
    e.route === pt.route &&
    e.rule === pt.rule
  );
}

describe('explain', () => {
  test.prop([topologyArbitrary()], { numRuns: NUM_RUNS })(
    'explain agrees with resolve: applied and mode are the resolution point policies, and every policy applied at a covering scope is a candidate',
    ({ objects }) => {
      const resolution = resolve(objects);
      const explained = explain(resolution);
      const byScope = new Map<string, Map<string, Set<string>>>();
      for (const kind of POLICY_KINDS) {
        const m = new Map<string, Set<string>>();
        for (const d of resolution.kinds[kind].decisions) {
          if (d.verdict !== 'applied' && d.verdict !== 'merged') continue;
          const key = scopeKey(d.scope);
          let s = m.get(key);
          if (!s) {
            s = new Set();
            m.set(key, s);
          }
          s.add(d.policy);
        }
        byScope.set(kind, m);
      }

      let j = 0;
      for (const pt of resolution.points) {
        const e = sameIdentity(pt, explained.points[j]) ? explained.points[j++] : undefined;
        for (const kind of POLICY_KINDS) {
          // ClientTrafficPolicy lives on listener points, the other kinds on route-rule points.
          const here = (kind === 'ClientTrafficPolicy') === (pt.route === null);
          const mustBeCandidates = here
            ? coveringKeys(pt, resolution).flatMap((key) => [...(byScope.get(kind)!.get(key) ?? [])])
            : [];
          const pp = pt.policies[kind];
          const ek = e?.policies[kind];
          if (pp) {
            expect(ek, `${pt.key} ${kind}`).toBeDefined();
            expect(ek!.applied).toEqual(pp.applied);
            expect(ek!.mode).toBe(pp.mode);
          } else if (ek) {
            expect(ek.applied).toEqual([]);
          }
          const candidates = new Set(ek?.candidates.map((c) => c.policy) ?? []);
          for (const id of mustBeCandidates) expect(candidates.has(id), `${pt.key} ${kind} ${id}`).toBe(true);
        }
      }
      // Every explained point is a resolution point, in the same order.
      expect(j).toBe(explained.points.length);
    },
  );

  test.prop([topologyArbitrary()], { numRuns: NUM_RUNS })(
    'provenance names exactly the leaves of the effective spec, each from an applied policy',
    ({ objects }) => {
      const explained = explain(resolve(objects));

      for (const pt of explained.points) {
        for (const k of Object.values(pt.policies)) {
          const want = k.applied.length === 0 ? [] : leaves(k.effective).sort();
          expect(Object.keys(k.provenance).sort()).toEqual(want);
          for (const src of Object.values(k.provenance)) expect(k.applied).toContain(src);
        }
      }
    },
  );
});
