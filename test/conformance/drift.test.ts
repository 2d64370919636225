/**
 * `policyDrift` on Envoy Gateway's translator test data, whose `.out.yaml` carries the status
 * Envoy Gateway writes: run the way the upstream harness runs each case, drift must be empty
 * exactly where the full status comparison of the conformance suite matches (an independent,
 * order-sensitive comparison), and a mutated status (a message changed, an ancestor dropped, a
 * condition added) must always be found. Read from ../shared; skipped, saying so, when absent.
 */
import { readFileSync } from 'node:fs';
import { loadManifests, policyDrift, type Resource } from 'gateway-policy-sim';
import { describe, expect, test } from 'vitest';
import { comparePolicies, listCases, readExpected, runCase, TESTDATA, TESTDATA_PRESENT } from './harness.js';

if (!TESTDATA_PRESENT) console.warn(`[drift] SKIPPED: Envoy Gateway test data not found at ${TESTDATA}`);

const POLICY_KINDS = new Set([
  'ClientTrafficPolicy',
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
]);

type Ancestor = { ancestorRef: unknown; conditions: { type: string; message: string }[] };

/** A copy of a resource whose status.ancestors is changed by `edit`. */
function withAncestors(r: Resource, edit: (list: Ancestor[]) => Ancestor[]): Resource {
  const object = structuredClone(r.object) as { status: { ancestors: Ancestor[] } };
  object.status.ancestors = edit(object.status.ancestors);
  return { ...r, object } as Resource;
}

describe.skipIf(!TESTDATA_PRESENT)('drift against the expected status of the translator test data', () => {
  const totals = { cases: 0, clean: 0, drifted: 0, policies: 0, mutations: 0 };
  const problems: string[] = [];
  for (const c of TESTDATA_PRESENT ? listCases() : []) {
    const { resolution, status } = runCase(c);
    const present = loadManifests([{ file: c.output, text: readFileSync(c.output, 'utf8') }]).resources;
    const drift = policyDrift(resolution, present);
    const statusMatches = comparePolicies(readExpected(c), status).every((r) => r.match);
    totals.cases++;
    totals.policies += drift.compared;
    if (drift.drifted.length === 0) totals.clean++;
    else totals.drifted++;
    if ((drift.drifted.length === 0) !== statusMatches)
      problems.push(
        `${c.name}: drift ${JSON.stringify(drift.drifted).slice(0, 300)}, status comparison ${statusMatches}`,
      );

    // Mutations of the first policy with an ancestor: each must be found, at that policy.
    const target = present.find(
      (r) =>
        POLICY_KINDS.has(r.kind) &&
        ((r.object as { status?: { ancestors?: unknown[] } }).status?.ancestors?.length ?? 0) > 0,
    );
    if (!target || !statusMatches) continue;
    const mutations: [string, Resource][] = [
      [
        'a message changed',
        withAncestors(target, (l) =>
          l.map((a, i) =>
            i === 0
              ? {
                  ...a,
                  conditions: a.conditions.map((x, j) =>
                    j === 0 ? { ...x, message: `${x.message} (stale)` } : x,
                  ),
                }
              : a,
          ),
        ),
      ],
      ['an ancestor dropped', withAncestors(target, (l) => l.slice(1))],
      [
        'a condition added',
        withAncestors(target, (l) =>
          l.map((a, i) =>
            i === 0
              ? {
                  ...a,
                  conditions: [
                    ...a.conditions,
                    { type: 'Stale', status: 'True', reason: 'Stale', message: 'x' } as never,
                  ],
                }
              : a,
          ),
        ),
      ],
    ];
    for (const [what, mutated] of mutations) {
      totals.mutations++;
      const d = policyDrift(
        resolution,
        present.map((r) => (r === target ? mutated : r)),
      );
      if (d.drifted.length !== 1 || d.drifted[0]?.policy !== target.key)
        problems.push(`${c.name}: ${what} on ${target.key} gave ${JSON.stringify(d.drifted).slice(0, 200)}`);
    }
  }

  test('drift is empty exactly where the status matches, and every mutation is found', () => {
    console.log(`[drift] ${JSON.stringify(totals)}`);
    expect(problems).toEqual([]);
    expect(totals.clean).toBeGreaterThan(300);
    expect(totals.mutations).toBeGreaterThan(600);
  });
});
