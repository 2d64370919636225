/**
 * The entry points agree: `simulate` is `buildTopology` + `resolvePolicies` + `policyStatus`, with
 * `resolvePolicies` ordering (R2.1: Gateways, ListenerSets and routes too), merging (R7.5) and
 * validating by default exactly as `simulate` does.
 */
import fc from 'fast-check';
import { buildTopology, loadObjects, policyStatus, resolvePolicies, simulate } from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import { topologyArbitrary } from '../_support/topology-arbitrary.js';

const optionsArb = fc.record(
  {
    order: fc.constantFrom('cluster' as const, 'input' as const),
    admission: fc.constantFrom('reject' as const, 'report' as const),
    profile: fc.constantFrom('envoy-gateway-v1.9', 'envoy-gateway-v1.5'),
  },
  { requiredKeys: [] },
);

test('simulate equals buildTopology, then resolvePolicies, then policyStatus, under any options and input order', () => {
  fc.assert(
    fc.property(
      topologyArbitrary({ maxPolicies: 8 }),
      optionsArb,
      fc.infiniteStream(fc.nat()),
      ({ objects }, options, draws) => {
        // Any input order: a cluster sorts it, a translator test keeps it.
        const shuffled = [...objects];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = draws.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const load = loadObjects(shuffled);
        const topologyOptions = { enableLua: true, now: '2025-06-01T00:00:00Z' };

        const simulated = simulate(load, { ...options, topology: topologyOptions });
        const topology = buildTopology(load, topologyOptions);
        const resolution = resolvePolicies(topology, options);

        expect(resolution).toEqual(simulated.resolution);
        expect(policyStatus(resolution)).toEqual(policyStatus(simulated.resolution));
      },
    ),
    { numRuns: 60 },
  );
});

test('in cluster order, the resolution does not depend on the order the manifests are given in', () => {
  fc.assert(
    fc.property(topologyArbitrary({ maxPolicies: 8 }), ({ objects }) => {
      const forward = simulate(loadObjects(objects), { topology: { enableLua: true } });
      const backward = simulate(loadObjects([...objects].reverse()), { topology: { enableLua: true } });
      expect(backward.resolution.points).toEqual(forward.resolution.points);
      expect(policyStatus(backward.resolution)).toEqual(policyStatus(forward.resolution));
    }),
    { numRuns: 60 },
  );
});
