/**
 * The `explain -o json` contract (architecture.md) on EVERY Envoy Gateway translator input, prepared
 * as the conformance harness prepares it (input order, admission report, the upstream fixtures):
 *
 * - every point has gateway / listener / listenerSet / route / rule of the right types;
 * - per kind: a valid mode when something applies; provenance has exactly the leaves of
 *   `effective` (scalars, nulls, empty arrays and objects; array elements included), each mapped
 *   to an applied policy; every applied policy is a candidate with verdict applied or merged
 *   (or invalid, for a SecurityPolicy: R6.5);
 *   verdicts and scopes are in the contract's sets;
 * - `applied` agrees with the status the engine writes: an applied policy is in the status output
 *   with an ancestor for the point's Gateway or ListenerSet, and when none of its targets failed
 *   (no Conflicted, TargetNotFound or Invalid decision), one of those ancestors has Accepted=True.
 *   Exceptions, by rule: a policy with a failed target may share the ancestor the failure sets to
 *   Accepted=False (R8.4: the last error wins on a shared ancestor; R6.5: a SecurityPolicy with
 *   errors still claims its routes), and a policy with more than 16 ancestors may have lost the
 *   point's one (R8.10, Aggregated).
 *
 * Skipped, saying so, without the test data.
 */
import {
  type ExplainKind,
  type ExplainResult,
  explain,
  formatRef,
  loadObjects,
  POLICY_KINDS,
  type PolicyKind,
  type PolicyStatusDocument,
  parseRef,
  policyStatus,
  type Resolution,
  simulate,
} from 'gateway-policy-sim';
import { afterAll, describe, expect, test } from 'vitest';
import { leaves } from '../_support/leaves.js';
import {
  gatewayClassObj,
  gatewayObj,
  httpRouteObj,
  listenerObj,
  parentRefObj,
  policyObj,
  ref,
} from '../_support/topology-arbitrary.js';
import { listCases, runCase, TESTDATA, TESTDATA_PRESENT } from '../conformance/harness.js';

if (!TESTDATA_PRESENT)
  console.warn(`[explain contract] SKIPPED: Envoy Gateway test data not found at ${TESTDATA}`);

const cases = TESTDATA_PRESENT ? listCases() : [];
const MODES = new Set(['replace', 'StrategicMerge', 'JSONMerge', 'fieldFallback']);
const VERDICTS = new Set(['applied', 'merged', 'overridden', 'conflicted', 'targetNotFound', 'invalid']);
const SCOPES = new Set([
  'RouteRule',
  'Route',
  'ListenerSetListener',
  'ListenerSet',
  'GatewayListener',
  'Gateway',
]);
const GATEWAY = /^Gateway\/[^/]+\/[^/]+$/;
const LISTENER_SET = /^ListenerSet\/[^/]+\/[^/]+$/;
const ROUTE = /^(HTTP|GRPC|TLS|TCP|UDP)Route\/[^/]+\/[^/]+$/;

type Ancestors = readonly {
  ancestorRef: { kind: string; namespace: string; name: string };
  conditions: readonly { type: string; status: string }[];
}[];

/** Per kind, policy id → its ancestors in the status document. */
function statusIndex(status: PolicyStatusDocument): Map<PolicyKind, Map<string, Ancestors>> {
  const out = new Map<PolicyKind, Map<string, Ancestors>>();
  for (const kind of POLICY_KINDS) {
    const m = new Map<string, Ancestors>();
    for (const p of status[kind] ?? []) {
      m.set(
        `${kind}/${p.metadata.namespace ?? ''}/${p.metadata.name}`,
        (p.status.ancestors ?? []) as unknown as Ancestors,
      );
    }
    out.set(kind, m);
  }
  return out;
}

/** Per kind, the policies with a target that failed (Conflicted, TargetNotFound, Invalid). */
function failedPolicies(resolution: Resolution): Map<PolicyKind, Set<string>> {
  const out = new Map<PolicyKind, Set<string>>();
  for (const kind of POLICY_KINDS) {
    const s = new Set<string>();
    for (const d of resolution.kinds[kind].decisions) {
      if (d.verdict === 'conflicted' || d.verdict === 'targetNotFound' || d.verdict === 'invalid')
        s.add(d.policy);
    }
    out.set(kind, s);
  }
  return out;
}

const tally = { cases: 0, points: 0, kinds: 0, leaves: 0, statusChecks: 0, exceptions: 0, truncated: 0 };
const started = performance.now();

/** All contract problems of one case, as readable strings (empty when it holds). */
function contractProblems(
  result: ExplainResult,
  resolution: Resolution,
  status: PolicyStatusDocument,
): string[] {
  const problems: string[] = [];
  const statuses = statusIndex(status);
  const failed = failedPolicies(resolution);
  for (const pt of result.points) {
    tally.points++;
    const where = `${pt.gateway} ${pt.listener} ${pt.route} ${pt.rule}`;
    if (typeof pt.gateway !== 'string' || !GATEWAY.test(pt.gateway))
      problems.push(`${where}: gateway ${pt.gateway}`);
    if (typeof pt.listener !== 'string' || pt.listener === '') problems.push(`${where}: listener`);
    if (pt.listenerSet !== null && !LISTENER_SET.test(String(pt.listenerSet)))
      problems.push(`${where}: listenerSet`);
    if (pt.route !== null && !ROUTE.test(String(pt.route))) problems.push(`${where}: route`);
    if (
      (pt.route === null) !== (pt.rule === null) ||
      (pt.rule !== null && (typeof pt.rule !== 'string' || pt.rule === ''))
    ) {
      problems.push(`${where}: route and rule are both null (listener point) or both set`);
    }
    for (const [kind, k] of Object.entries(pt.policies) as [PolicyKind, ExplainKind][]) {
      tally.kinds++;
      const at = `${where} ${kind}`;
      if (!(POLICY_KINDS as readonly string[]).includes(kind)) problems.push(`${at}: unknown kind`);
      if (!MODES.has(k.mode)) problems.push(`${at}: mode ${k.mode}`);
      // Every policy is named by its reference, `Kind/ns/name`, of this kind.
      for (const id of [...k.applied, ...k.candidates.map((c) => c.policy), ...Object.values(k.provenance)]) {
        const ref = parseRef(id);
        if (ref === null || ref.kind !== kind || ref.section !== undefined || formatRef(ref) !== id)
          problems.push(`${at}: ${id} is not a ${kind} reference`);
      }
      for (const c of k.candidates) {
        if (!VERDICTS.has(c.verdict)) problems.push(`${at}: verdict ${c.verdict}`);
        if (!SCOPES.has(c.scope)) problems.push(`${at}: scope ${c.scope}`);
        if (typeof c.reason !== 'string' || c.reason === '')
          problems.push(`${at}: ${c.policy} has no reason`);
      }
      if (k.applied.length === 0) {
        if (JSON.stringify(k.effective) !== '{}' || Object.keys(k.provenance).length > 0) {
          problems.push(`${at}: nothing applies, yet effective/provenance are not empty`);
        }
        continue;
      }
      // Provenance covers exactly the leaves of effective, each from an applied policy.
      const want = leaves(k.effective).sort();
      const have = Object.keys(k.provenance).sort();
      tally.leaves += want.length;
      const missing = want.filter((p) => !(p in k.provenance));
      const extra = have.filter((p) => !want.includes(p));
      if (missing.length > 0)
        problems.push(`${at}: leaves without provenance ${missing.slice(0, 5).join(' ')}`);
      if (extra.length > 0)
        problems.push(`${at}: provenance pointers that are not leaves ${extra.slice(0, 5).join(' ')}`);
      for (const [ptr, src] of Object.entries(k.provenance)) {
        if (!k.applied.includes(src)) problems.push(`${at}: ${ptr} from ${src}, which is not applied here`);
      }
      const kindStatus = statuses.get(kind)!;
      for (const id of k.applied) {
        // R6.5: a SecurityPolicy whose features failed still claims its points (verdict invalid);
        // a ClientTrafficPolicy whose features failed on a listener keeps part of its settings
        // there, and the point says so (`failed`).
        const claims = (v: string): boolean =>
          v === 'applied' ||
          v === 'merged' ||
          (v === 'invalid' &&
            (kind === 'SecurityPolicy' || (kind === 'ClientTrafficPolicy' && k.failed !== undefined)));
        if (!k.candidates.some((c) => c.policy === id && claims(c.verdict))) {
          problems.push(`${at}: applied ${id} is not a candidate with verdict applied or merged`);
        }
        // Status: the point's Gateway or ListenerSet is an ancestor, Accepted=True unless a target failed.
        tally.statusChecks++;
        const ancestors = kindStatus.get(id);
        if (ancestors === undefined) {
          problems.push(`${at}: applied ${id} is not in the status output`);
          continue;
        }
        const truncated = ancestors.some((a) => a.conditions.some((c) => c.type === 'Aggregated'));
        const mine = ancestors.filter(
          (a) =>
            (a.ancestorRef.kind === 'Gateway' &&
              `Gateway/${a.ancestorRef.namespace}/${a.ancestorRef.name}` === pt.gateway) ||
            (a.ancestorRef.kind === 'ListenerSet' &&
              `ListenerSet/${a.ancestorRef.namespace}/${a.ancestorRef.name}` === pt.listenerSet),
        );
        if (mine.length === 0 && truncated) {
          tally.truncated++; // R8.10: the point's ancestor was cut.
          continue;
        }
        if (mine.length === 0) {
          problems.push(
            `${at}: applied ${id} has no status ancestor for ${pt.gateway}${pt.listenerSet ? ` or ${pt.listenerSet}` : ''}`,
          );
          continue;
        }
        const accepted = mine.some((a) =>
          a.conditions.some((c) => c.type === 'Accepted' && c.status === 'True'),
        );
        if (accepted) continue;
        if (truncated)
          tally.truncated++; // R8.10: an evicted, re-added ancestor keeps only later conditions.
        else if (failed.get(kind)!.has(id))
          tally.exceptions++; // R8.4 / R6.5, see the file comment.
        else
          problems.push(
            `${at}: applied ${id}, none of whose targets failed, has no Accepted=True ancestor for this point`,
          );
      }
    }
  }
  return problems;
}

describe.skipIf(!TESTDATA_PRESENT)('explain JSON contract on every Envoy Gateway translator input', () => {
  afterAll(() => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `[explain contract] ${tally.cases} inputs, ${tally.points} points, ${tally.kinds} point kinds, ${tally.leaves} leaves, ` +
        `${tally.statusChecks} status checks (${tally.exceptions} R8.4/R6.5 exceptions, ${tally.truncated} truncated) in ${seconds} s`,
    );
  });

  test('every translator input is checked', () => {
    expect(cases.filter((c) => c.dir === 'gatewayapi').length).toBeGreaterThanOrEqual(390);
  });

  for (const c of cases) {
    test(`${c.dir}/${c.name}`, () => {
      const { resolution, status } = runCase(c);
      const result = explain(resolution);
      tally.cases++;

      // Plain data: the JSON the CLI prints is the value explain returns.
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      expect(contractProblems(result, resolution, status)).toEqual([]);
    });
  }
});

describe('the status exception the contract check allows', () => {
  test('R8.4: a policy applied on one route but conflicted on another shares the Gateway ancestor, which says Accepted=False', () => {
    const btp = (name: string, routes: string[]) =>
      policyObj('BackendTrafficPolicy', 'app', name, {
        targetRefs: routes.map((r) => ref('HTTPRoute', r)),
        timeout: { http: { requestTimeout: '1s' } },
      });
    const objects = [
      gatewayClassObj(),
      gatewayObj('app', 'gw', [listenerObj('http', 'HTTP', 80)]),
      httpRouteObj('app', 'web', [parentRefObj('gw')]),
      httpRouteObj('app', 'api', [parentRefObj('gw')]),
      btp('a-holder', ['api']),
      btp('b-both', ['web', 'api']),
    ];

    const { resolution } = simulate(loadObjects(objects));
    const result = explain(resolution);
    const status = policyStatus(resolution);

    const web = result.points.find((p) => p.route === 'HTTPRoute/app/web');
    expect(web?.policies.BackendTrafficPolicy?.applied).toEqual(['BackendTrafficPolicy/app/b-both']);
    const both = status.BackendTrafficPolicy?.find((p) => p.metadata.name === 'b-both');
    expect(
      both?.status.ancestors?.map((a) => a.conditions.find((c) => c.type === 'Accepted')?.status),
    ).toEqual(['False']);
    // The contract check counts it as an exception, not a problem.
    expect(contractProblems(result, resolution, status)).toEqual([]);
  });
});

describe('the contract on handcrafted merges', () => {
  const merged = (parentSpec: Record<string, unknown>, routeSpec: Record<string, unknown>) => {
    const objects = [
      gatewayClassObj(),
      gatewayObj('infra', 'gw', [listenerObj('http', 'HTTP', 80)]),
      httpRouteObj('app', 'web', [parentRefObj('gw', { namespace: 'infra' })]),
      policyObj('BackendTrafficPolicy', 'infra', 'gw-btp', {
        targetRefs: [ref('Gateway', 'gw')],
        ...parentSpec,
      }),
      policyObj('BackendTrafficPolicy', 'app', 'web-btp', {
        targetRefs: [ref('HTTPRoute', 'web')],
        mergeType: 'StrategicMerge',
        ...routeSpec,
      }),
    ];
    const { resolution } = simulate(loadObjects(objects));
    return contractProblems(explain(resolution), resolution, policyStatus(resolution));
  };

  test('merged rate limits with rules on both sides (R7.8) meet the contract', () => {
    const limit = {
      limit: { requests: 5, unit: 'Second' },
      clientSelectors: [{ headers: [{ name: 'x', value: 'y' }] }],
    };
    expect(
      merged({ rateLimit: { local: { rules: [limit] } } }, { rateLimit: { local: { rules: [limit] } } }),
    ).toEqual([]);
  });

  // BUG (reported, src/explain/_internal/effective.ts applyRateLimit): when the effective R7.8
  // rule list of a section is empty, `rules: []` is a leaf of effective without provenance (the
  // merged spec's /rateLimit/ pointers are dropped and only rules are re-added). Remove `.fails`
  // once fixed.
  test('a merged rate-limit section whose effective rule list is empty gives that empty list a source', () => {
    const onlyDefault = { rateLimit: { local: { rules: [{ limit: { requests: 5, unit: 'Second' } }] } } };
    expect(merged(onlyDefault, { rateLimit: { local: { rules: [] } } })).toEqual([]);
  });
});
