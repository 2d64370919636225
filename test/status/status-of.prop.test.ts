/**
 * Laws of `statusOf`: looking a policy up by reference gives its entry of the status document,
 * and a reference that names nothing gives a diagnostic with the nearest names, never an answer.
 */
import fc from 'fast-check';
import { loadObjects, POLICY_KINDS, policyStatus, simulate, statusOf } from 'gateway-policy-sim';
import { expect, test } from 'vitest';
import { topologyArbitrary } from '../_support/topology-arbitrary.js';

test("statusOf(result, 'Kind/ns/name') equals that policy's entry of policyStatus, for every processed policy", () => {
  let looked = 0;
  fc.assert(
    fc.property(topologyArbitrary({ maxPolicies: 6 }), ({ objects }) => {
      const result = simulate(loadObjects(objects));
      const doc = policyStatus(result.resolution);
      for (const kind of POLICY_KINDS) {
        result.resolution.kinds[kind].processed.forEach((id, i) => {
          const found = statusOf(result, id);
          expect(found).toEqual({
            policy: id,
            found: true,
            ancestors: doc[kind]![i]!.status.ancestors,
            diagnostics: [],
          });
          // A resolution answers as the simulation does.
          expect(statusOf(result.resolution, id)).toEqual(found);
          looked++;
        });
      }
    }),
    { numRuns: 40 },
  );
  expect(looked).toBeGreaterThan(40);
});

test('a policy reference that names nothing gives GWP-REF-UNKNOWN naming the nearest existing policy', () => {
  let tried = 0;
  fc.assert(
    fc.property(topologyArbitrary({ maxPolicies: 6 }), ({ objects }) => {
      const result = simulate(loadObjects(objects));
      const existing = POLICY_KINDS.flatMap((k) => (result.topology.policies.get(k) ?? []).map((p) => p.key));
      for (const key of existing) {
        const typo = `${key}x`;
        if (existing.includes(typo)) continue;
        const r = statusOf(result, typo);
        expect(r.found).toBe(false);
        expect(r.ancestors).toBeNull();
        expect(r.diagnostics.map((d) => d.code)).toEqual(['GWP-REF-UNKNOWN']);
        expect(r.diagnostics[0]!.message).toContain(`did you mean ${key}`);
        tried++;
      }
    }),
    { numRuns: 30 },
  );
  expect(tried).toBeGreaterThan(20);
});
