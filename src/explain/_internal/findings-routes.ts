/**
 * Findings about routes Envoy Gateway breaks on purpose: a route rule that answers every request
 * with 500 because the policy that reaches it first failed to translate (R6.5), or because its
 * listener's ClientTrafficPolicy failed (R9); TCP, UDP and TLS routes dropped by such a listener.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { withoutKind } from '../../model/object-ref.js';
import type { Resource } from '../../model/resource.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import type { Point, Resolution } from '../../precedence/resolution-types.js';
import type { PolicyStatusDocument } from '../../status/policy-status.js';
import { createRouteFailureJudge } from '../route-failure.js';
import { describePoints, type LintIndex } from './lint-index.js';
import { listenerFailures } from './listener-failures.js';

/** Code: route rules that answer 500. */
export const ROUTE_ANSWERS_500 = 'GWP-ROUTE-ANSWERS-500';
/** Code: TCP, UDP or TLS routes dropped from a listener whose ClientTrafficPolicy failed. */
export const ROUTE_DROPPED = 'GWP-ROUTE-DROPPED';

/** The kinds whose translation error can turn an HTTP route into a 500 (R6.5), in pass order. */
const ROUTE_KINDS_THAT_FAIL: readonly PolicyKind[] = [
  'BackendTrafficPolicy',
  'SecurityPolicy',
  'EnvoyExtensionPolicy',
];

/** Verdicts that mean the policy was translated for that scope (conflicts never reach a route). */
const TRANSLATED: ReadonlySet<string> = new Set(['applied', 'merged', 'invalid']);

interface Cause {
  readonly kind: PolicyKind;
  readonly id: string;
  readonly policy: Resource<Policy> | undefined;
  readonly points: Point[];
  readonly code: string;
}

/**
 * Finds the route rules that answer 500 and the routes that are dropped, one finding per policy
 * that causes it, located at that policy.
 *
 * For an HTTP point and a kind among BackendTrafficPolicy, SecurityPolicy and
 * EnvoyExtensionPolicy: the scopes that cover the point are walked most specific first (the order
 * Envoy Gateway's passes reach it); the first policy translated for one of them decides. When its
 * translation failed, Envoy Gateway sets a 500 direct response on the route (R6.5), except when
 * the failure is fail-open (`createRouteFailureJudge`, route-failure.ts: the rule the request
 * answers use too).
 *
 * @param index - the shared lint indexes
 * @param status - `policyStatus` of the same resolution (the Invalid messages name the features)
 * @param max - point groups named in a message
 * @returns the findings
 */
export function routeFindings(index: LintIndex, status: PolicyStatusDocument, max: number): Diagnostic[] {
  const resolution = index.resolution;
  const causes = new Map<string, Cause>();
  const cause = (kind: PolicyKind, id: string, code: string): Cause => {
    const key = `${code}|${id}`;
    let c = causes.get(key);
    if (!c) {
      c = { kind, id, policy: policyById(index, resolution, kind, id), points: [], code };
      causes.set(key, c);
    }
    return c;
  };
  const failure = createRouteFailureJudge(resolution, status);
  const failedListeners = listenerFailures(resolution);

  for (const pt of resolution.points) {
    if (pt.route === null) continue;
    const listenerFailure = failedListeners.get(pt.listener)?.failure;
    if (listenerFailure) {
      const code = listenerFailure.routes === 'answer500' ? ROUTE_ANSWERS_500 : ROUTE_DROPPED;
      cause('ClientTrafficPolicy', listenerFailure.policy, code).points.push(pt);
      continue;
    }
    if (pt.family !== 'http') continue;
    const covering = index.covering.get(pt.key) ?? [];
    for (const kind of ROUTE_KINDS_THAT_FAIL) {
      const ki = index.kinds.get(kind);
      if (!ki) continue;
      const first = firstTranslated(covering, ki.decisionsByScope);
      if (first?.verdict === 'invalid' && (failure(kind, first.policy)?.answers500 ?? true))
        cause(kind, first.policy, ROUTE_ANSWERS_500).points.push(pt);
    }
  }

  const out: Diagnostic[] = [];
  for (const c of causes.values()) {
    const what =
      c.kind === 'ClientTrafficPolicy'
        ? `ClientTrafficPolicy ${withoutKind(c.id)} failed to translate on the listener (see its Invalid status; R9)`
        : `${c.kind} ${withoutKind(c.id)} failed to translate and is the most specific ${c.kind} there (see its Invalid status; R6.5)`;
    const effect =
      c.code === ROUTE_ANSWERS_500
        ? 'Envoy Gateway answers every request with HTTP 500'
        : 'Envoy Gateway drops the routes (no traffic reaches them)';
    out.push({
      code: c.code,
      severity: 'error',
      message: `${effect} at ${describePoints(c.points, max)}: ${what}`,
      // At the spec that failed to translate (its Invalid status names the feature).
      ...(c.policy
        ? {
            resource: c.policy.key,
            location: { ...c.policy.source, pointer: `${c.policy.source.pointer ?? ''}/spec` },
          }
        : { resource: c.id }),
    });
  }
  return out;
}

/** The first decision, most specific scope first, for which the policy was translated. */
function firstTranslated(
  covering: readonly string[],
  byScope: ReadonlyMap<string, readonly { readonly policy: string; readonly verdict: string }[]>,
): { readonly policy: string; readonly verdict: string } | undefined {
  for (const key of covering) {
    for (const d of byScope.get(key) ?? []) if (TRANSLATED.has(d.verdict)) return d;
  }
  return undefined;
}

function policyById(
  index: LintIndex,
  resolution: Resolution,
  kind: PolicyKind,
  id: string,
): Resource<Policy> | undefined {
  const fromIndex = index.kinds.get(kind)?.byId.get(id);
  if (fromIndex) return fromIndex;
  const kr = resolution.kinds[kind];
  const i = kr.processed.indexOf(id);
  return i >= 0 ? kr.policies[i] : undefined;
}
