/**
 * `explain`: per point and policy kind, the applied policies, how they combine, the effective spec,
 * the provenance of every leaf, and every candidate with its verdict and a reason that names the
 * rule (the R-numbers of docs/rules.md). Also the reverse question: every point a policy reaches.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { formatRef, parseRef } from '../model/object-ref.js';
import type { Resource } from '../model/resource.js';
import type { JsonObject, Policy, PolicyKind } from '../model/types.js';
import { POLICY_KINDS } from '../model/types.js';
import { coveringScopes } from '../precedence/covering-scopes.js';
import type {
  Point,
  PointMode,
  PointPolicy,
  Resolution,
  TargetDecision,
} from '../precedence/resolution-types.js';
import { describeScope, type ScopeKind, scopeKey } from '../precedence/scope.js';
import { effectiveAt } from './_internal/effective.js';
import { listenerFailures } from './_internal/listener-failures.js';
import type { ListenerFailure } from './listener-failure.js';
import { gatewayKeyOf, queryReferenceDiagnostics } from './query-references.js';

/** What to explain. Every field narrows the selection; none = every point. */
export interface ExplainQuery {
  /** A Gateway: `Gateway/ns/name` (`ns/name` is still accepted). */
  readonly gateway?: string;
  /** A listener name. */
  readonly listener?: string;
  /** `Kind/ns/name` of a route. */
  readonly route?: string;
  /** A rule name, or its index as a string. */
  readonly rule?: string;
  /** `Kind/ns/name` of a policy: only points it reaches, and a `policy` summary. */
  readonly policy?: string;
  /** Only this policy kind. */
  readonly kind?: PolicyKind;
}

/** The verdicts of the `explain` contract. */
export type CandidateVerdict =
  | 'applied'
  | 'merged'
  | 'overridden'
  | 'conflicted'
  | 'targetNotFound'
  | 'invalid';

/** A policy that targets a point at some scope, and what became of it there. */
export interface ExplainCandidate {
  /** `Kind/ns/name`. */
  readonly policy: string;
  readonly scope:
    | 'RouteRule'
    | 'Route'
    | 'ListenerSetListener'
    | 'ListenerSet'
    | 'GatewayListener'
    | 'Gateway';
  readonly verdict: CandidateVerdict;
  readonly reason: string;
}

/** One kind at one point. */
export interface ExplainKind {
  /** Policies whose values reach the point, most specific first. */
  readonly applied: readonly string[];
  readonly mode: PointMode;
  /** The spec that takes effect, without the targeting fields. */
  readonly effective: JsonObject;
  /** JSON pointer of every leaf of `effective` → the policy that supplied it. */
  readonly provenance: Readonly<Record<string, string>>;
  readonly candidates: readonly ExplainCandidate[];
  /**
   * ClientTrafficPolicy whose features failed on this listener: the spec fields Envoy Gateway
   * still applies (`effective` holds only those) and what happens to the listener's routes.
   */
  readonly failed?: PointPolicy['failed'];
}

/** One point in the explain output. */
export interface ExplainPoint {
  /**
   * `Gateway/ns/name`.
   *
   * @pattern ^Gateway/[^/]+/[^/]+$
   */
  readonly gateway: string;
  /** The listener's name. */
  readonly listener: string;
  /** `ListenerSet/ns/name` when the listener is a ListenerSet's, else null. */
  readonly listenerSet: string | null;
  /** `Kind/ns/name` of the route; null for a listener point. */
  readonly route: string | null;
  /** The rule's name, or its index as a string; null for a listener point. */
  readonly rule: string | null;
  readonly policies: Readonly<Partial<Record<PolicyKind, ExplainKind>>>;
  /**
   * Route points only: the listener's ClientTrafficPolicy failed there, so Envoy Gateway answers
   * every request of this route on this listener with 500 (`answer500`, HTTP) or drops the route
   * (`dropped`, TCP), whatever the route's own policies say.
   */
  readonly listenerFailed?: ListenerFailure;
}

/** The reverse view of one policy. */
export interface ExplainPolicy {
  /** `Kind/ns/name`. */
  readonly policy: string;
  readonly found: boolean;
  /** Each of its targets and what became of it (R2.4 order, pass order). */
  readonly targets: readonly { readonly scope: string; readonly verdict: string; readonly reason: string }[];
  /** Points where it applies (alone, merged, or as a merge parent). */
  readonly applied: number;
  /** Points where it is a candidate but another policy's values win. */
  readonly overridden: number;
  /** By whom it is overridden or merged, with point counts. */
  readonly overriddenBy: Readonly<Record<string, number>>;
  readonly mergedBy: Readonly<Record<string, number>>;
}

/** What `explain` returns. Plain data; the JSON the CLI prints. */
export interface ExplainResult {
  readonly points: readonly ExplainPoint[];
  readonly policy?: ExplainPolicy;
  readonly diagnostics: readonly Diagnostic[];
}

const SCOPE_RANK: Readonly<Record<ScopeKind, number>> = {
  RouteRule: 0,
  Route: 1,
  ListenerSetListener: 2,
  ListenerSet: 3,
  GatewayListener: 4,
  Gateway: 5,
};

const SCOPE_WORD: Readonly<Record<ScopeKind, string>> = {
  RouteRule: 'rule',
  Route: 'route',
  ListenerSetListener: 'ListenerSet listener',
  ListenerSet: 'ListenerSet',
  GatewayListener: 'Gateway listener',
  Gateway: 'Gateway',
};

/**
 * Explains a resolution: for every selected point and kind, what applies and why.
 *
 * @param resolution - from `resolvePolicies`
 * @param query - which points and kinds ({@link ExplainQuery})
 * @returns points (Gateway, listener, route, rule order), the policy summary for a policy query, diagnostics
 * @example
 * const r = explain(resolution, { route: 'HTTPRoute/shop/storefront' });
 * r.points[0]?.policies.BackendTrafficPolicy?.provenance['/timeout/http/requestTimeout'];
 * // => 'BackendTrafficPolicy/shop/storefront-timeouts'
 */
export function explain(resolution: Resolution, query: ExplainQuery = {}): ExplainResult {
  const kinds = query.kind ? [query.kind] : [...POLICY_KINDS];
  const policyQuery = query.policy ? parsePolicyRef(query.policy) : null;
  const indexes = new Map<PolicyKind, KindIndex>();
  for (const k of kinds) indexes.set(k, indexKind(resolution, k));

  const points: ExplainPoint[] = [];
  let summary: MutablePolicySummary | null = null;
  // Listeners whose ClientTrafficPolicy failed: their routes answer 500 or are dropped.
  const failedListeners = listenerFailures(resolution);
  if (policyQuery) {
    const idx = indexes.get(policyQuery.kind) ?? indexKind(resolution, policyQuery.kind);
    summary = {
      policy: query.policy!,
      found: idx.byId.has(policyQuery.id),
      targets: idx.decisions
        .filter((d) => d.policy === policyQuery.id)
        .map((d) => ({ scope: describeScope(d.scope), verdict: d.verdict, reason: d.reason })),
      applied: 0,
      overridden: 0,
      overriddenBy: {},
      mergedBy: {},
    };
  }

  for (const pt of resolution.points) {
    if (!matches(pt, query)) continue;
    const point = explainOnePoint(pt, kinds, indexes, resolution, failedListeners, policyQuery, summary);
    // A route point without policies still shows when its listener's failure decides it.
    if (Object.keys(point.policies).length === 0 && (!point.listenerFailed || policyQuery || query.kind))
      continue;
    points.push(point);
  }
  const queryDiagnostics = queryReferenceDiagnostics(resolution, query);
  return {
    points,
    ...(summary ? { policy: summary } : {}),
    diagnostics:
      queryDiagnostics.length === 0
        ? resolution.diagnostics
        : [...resolution.diagnostics, ...queryDiagnostics],
  };
}

/**
 * The explanation of one point: each kind's applied policies, effective spec, provenance and
 * candidates. With a policy query, only that policy's kind, and the summary is counted.
 */
function explainOnePoint(
  pt: Point,
  kinds: readonly PolicyKind[],
  indexes: Map<PolicyKind, KindIndex>,
  resolution: Resolution,
  failedListeners: ReturnType<typeof listenerFailures>,
  policyQuery: { kind: PolicyKind; id: string } | null,
  summary: MutablePolicySummary | null,
): ExplainPoint {
  const policies: Partial<Record<PolicyKind, ExplainKind>> = {};
  for (const kind of kinds) {
    if (policyQuery && policyQuery.kind !== kind) continue;
    const idx = indexes.get(kind) ?? indexKind(resolution, kind);
    indexes.set(kind, idx);
    const candidates = candidatesAt(pt, kind, idx, resolution);
    if (candidates.length === 0) continue;
    if (policyQuery && !candidates.some((c) => c.policy === policyQuery.id)) continue;
    const pp = pt.policies[kind];
    const eff = pp ? effectiveAt(pp, idx.byId) : { effective: {}, provenance: {} };
    policies[kind] = {
      applied: pp?.applied ?? [],
      mode: pp?.mode ?? 'replace',
      effective: eff.effective,
      provenance: eff.provenance,
      candidates,
      ...(pp?.failed ? { failed: pp.failed } : {}),
    };
    if (summary && policyQuery) {
      const mine = candidates.find((c) => c.policy === policyQuery.id);
      if (mine?.verdict === 'applied' || mine?.verdict === 'merged') summary.applied++;
      if (mine?.verdict === 'overridden') {
        summary.overridden++;
        const by = pp?.applied[0] ?? '?';
        summary.overriddenBy[by] = (summary.overriddenBy[by] ?? 0) + 1;
      }
      if (mine?.verdict === 'merged' && pp?.parent?.policy === policyQuery.id) {
        const by = pp.applied[0]!;
        summary.mergedBy[by] = (summary.mergedBy[by] ?? 0) + 1;
      }
    }
  }
  const listenerFailed = pt.route === null ? undefined : failedListeners.get(pt.listener)?.failure;
  return {
    gateway: pt.gateway,
    listener: pt.listenerName,
    listenerSet: pt.listenerSet,
    route: pt.route,
    rule: pt.rule,
    policies,
    ...(listenerFailed ? { listenerFailed } : {}),
  };
}

/**
 * An explainer of single points for one resolution: the per-kind indexes are built once, so
 * explaining a point costs only that point's candidates. `explain` over a query scans every
 * point; request routing (`routeRequest`) asks for one or two points per request.
 *
 * @param resolution - from `resolvePolicies`
 * @returns a function that explains one point as `explain` does (every kind)
 * @example
 * const explainPoint = createPointExplainer(resolution);
 * explainPoint(resolution.points[1]!).policies.BackendTrafficPolicy?.applied; // => ['shop/storefront-timeouts']
 */
export function createPointExplainer(resolution: Resolution): (point: Point) => ExplainPoint {
  const indexes = new Map<PolicyKind, KindIndex>();
  for (const k of POLICY_KINDS) indexes.set(k, indexKind(resolution, k));
  const failedListeners = listenerFailures(resolution);
  return (point) => explainOnePoint(point, POLICY_KINDS, indexes, resolution, failedListeners, null, null);
}

type MutablePolicySummary = {
  -readonly [K in keyof ExplainPolicy]: K extends 'overriddenBy' | 'mergedBy'
    ? Record<string, number>
    : ExplainPolicy[K];
};

interface KindIndex {
  readonly kind: PolicyKind;
  readonly byId: ReadonlyMap<string, Resource<Policy>>;
  readonly decisions: readonly TargetDecision[];
  /** Decisions by the key of the scope they target. */
  readonly byScope: ReadonlyMap<string, readonly TargetDecision[]>;
  /** Candidates already built in this explanation, per decision and point policy (see `candidateFor`). */
  readonly candidates: Map<TargetDecision, Map<object, ExplainCandidate>>;
}

function indexKind(resolution: Resolution, kind: PolicyKind): KindIndex {
  const byId = new Map<string, Resource<Policy>>();
  for (const p of resolution.topology.policies.get(kind) ?? []) byId.set(p.key, p);
  const kr = resolution.kinds[kind];
  kr.processed.forEach((id, i) => {
    byId.set(id, kr.policies[i]!);
  });
  const byScope = new Map<string, TargetDecision[]>();
  for (const d of kr.decisions) {
    if (d.verdict === 'notFound' || d.verdict === 'targetNotFound') continue;
    const k = scopeKey(d.scope);
    const list = byScope.get(k);
    if (list) list.push(d);
    else byScope.set(k, [d]);
  }
  return { kind, byId, decisions: kr.decisions, byScope, candidates: new Map() };
}

function candidatesAt(
  pt: Point,
  kind: PolicyKind,
  idx: KindIndex,
  resolution: Resolution,
): ExplainCandidate[] {
  // Route-rule points take the route kinds' policies; listener points only ClientTrafficPolicy.
  if ((kind === 'ClientTrafficPolicy') !== (pt.family === 'listener')) return [];
  const pp = pt.policies[kind];
  const out: ExplainCandidate[] = [];
  const seen = new Set<string>();
  for (const key of coveringScopes(resolution.topology, pt, kind).map(scopeKey)) {
    for (const d of idx.byScope.get(key) ?? []) {
      const id = `${d.policy}|${key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(candidateFor(d, pp, pt, kind, idx, resolution));
    }
  }
  return out.sort((a, b) => SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope]);
}

/**
 * A decision's candidate at a point. Within one explanation it depends on the decision and the
 * point's policy only (and, for per-field fallback, the point's family), so points sharing a
 * point policy share their candidates (read-only; memoised per call, in the kind's index).
 */
const NO_POINT_POLICY = {};

function candidateFor(
  d: TargetDecision,
  pp: PointPolicy | undefined,
  pt: Point,
  kind: PolicyKind,
  idx: KindIndex,
  resolution: Resolution,
): ExplainCandidate {
  const compute = (): ExplainCandidate =>
    verdictFor(d, pp, pt, kind, (id) => conflictReason(id, d, idx, resolution));
  if (pp?.mode === 'fieldFallback') return compute();
  let byPolicy = idx.candidates.get(d);
  if (!byPolicy) {
    byPolicy = new Map();
    idx.candidates.set(d, byPolicy);
  }
  const key = pp ?? NO_POINT_POLICY;
  let c = byPolicy.get(key);
  if (!c) {
    c = compute();
    byPolicy.set(key, c);
  }
  return c;
}

function verdictFor(
  d: TargetDecision,
  pp: PointPolicy | undefined,
  pt: Point,
  kind: PolicyKind,
  conflict: (holder: string) => string,
): ExplainCandidate {
  const base = { policy: d.policy, scope: d.scope.kind };
  if (d.verdict === 'conflicted')
    return { ...base, verdict: 'conflicted', reason: d.heldBy ? conflict(d.heldBy) : d.reason };
  if (d.verdict === 'invalid') return { ...base, verdict: 'invalid', reason: d.reason };
  if (d.verdict === 'targetNotFound') return { ...base, verdict: 'targetNotFound', reason: d.reason };
  const winner = pp?.applied[0];
  if (pp && winner === d.policy) {
    if (pp.mode === 'StrategicMerge' || pp.mode === 'JSONMerge') {
      return {
        ...base,
        verdict: 'applied',
        reason: `R7.2: ${pp.mode} onto the closest parent on this listener, ${pp.parent?.policy} (${scopeWord(pp.parent?.scope.kind)}); parents are not chained`,
      };
    }
    if (pp.mode === 'fieldFallback') {
      const fields = fieldsFrom(pp, d.policy);
      const supplies = fields.length > 0 ? fields.join(', ') : 'no field';
      if (pp.merge?.policy === d.policy && pp.parent) {
        return {
          ...base,
          verdict: 'applied',
          reason: `R7.2 / R6.3: merged (${pp.merge.mode}) with the closest parent on this listener, ${pp.parent.policy} (${scopeWord(pp.parent.scope.kind)}); on ${pt.family.toUpperCase()} routes the merged policy's fields apply first, each field still unset falls back separately; it supplies ${supplies}`,
        };
      }
      return {
        ...base,
        verdict: 'applied',
        reason: `${kind === 'SecurityPolicy' ? 'R6.4' : 'R6.3'}: on ${pt.family.toUpperCase()} routes each field falls back separately; this policy supplies ${supplies}`,
      };
    }
    return { ...base, verdict: 'applied', reason: appliedReason(d.scope.kind, kind) };
  }
  if (pp?.parent?.policy === d.policy) {
    if (pp.merge) {
      const fields = fieldsFrom(pp, d.policy);
      return {
        ...base,
        verdict: 'merged',
        reason: `R7.2 / R6.3: route policy ${pp.merge.policy} (mergeType ${pp.merge.mode}) merges onto this policy on this listener: the values it leaves unset come from here through the merged policy${fields.length > 0 ? `, and ${fields.join(', ')} still unset after it fall back to this one` : ''}`,
      };
    }
    return {
      ...base,
      verdict: 'merged',
      reason: `R7.2: route policy ${winner} (mergeType ${pp.mode}) merges onto this policy on this listener; fields it leaves unset come from here, Go-marshal nulls may erase some (R7.6)`,
    };
  }
  if (pp?.mode === 'fieldFallback' && pp.applied.includes(d.policy)) {
    const fields = fieldsFrom(pp, d.policy);
    return {
      ...base,
      verdict: 'applied',
      reason: `R6.3: fields not set by more specific policies fall back to this one: ${fields.length > 0 ? fields.join(', ') : 'none left'}`,
    };
  }
  return { ...base, verdict: 'overridden', reason: overriddenReason(d, pp, kind) };
}

/** R5.1 in words: who holds the scope, and why it came first in this ordering mode. */
function conflictReason(holder: string, d: TargetDecision, idx: KindIndex, resolution: Resolution): string {
  const where = describeScope(d.scope);
  if (holder === d.policy)
    return `R5.1: this policy targets ${where} twice; the second target conflicts with the first`;
  if (resolution.order === 'input')
    return `R5.1: ${holder} comes first in input order and already claims ${where}`;
  const h = idx.byId.get(holder)?.object.metadata.creationTimestamp;
  const me = idx.byId.get(d.policy)?.object.metadata.creationTimestamp;
  const why =
    typeof h === 'string' && typeof me === 'string' && h !== me
      ? `older policy ${holder} (created ${h})`
      : `${holder} (same creation time; ordered by namespace, then name)`;
  return `R5.1: ${why} already claims ${where}`;
}

/** The fields a policy supplies at a per-field point (R6.3, R6.4). */
function fieldsFrom(pp: PointPolicy, policy: string): string[] {
  return Object.entries(pp.fields ?? {})
    .filter(([, p]) => p === policy)
    .map(([f]) => f);
}

function appliedReason(scope: ScopeKind, kind: PolicyKind): string {
  if (kind === 'ClientTrafficPolicy') {
    return scope === 'GatewayListener' || scope === 'ListenerSetListener'
      ? 'R9.4: a section ClientTrafficPolicy beats ListenerSet-wide and Gateway-wide ones'
      : scope === 'ListenerSet'
        ? 'R9.2: ListenerSet-wide, and no section policy claims this listener'
        : 'R9.2: Gateway-wide, and no section or ListenerSet-wide policy claims this listener';
  }
  if (scope === 'RouteRule' || scope === 'Route') {
    return `R6.1: the most specific ${SCOPE_WORD[scope]} policy claims this point whole (first writer wins)`;
  }
  return `R6.1: no more specific policy claims this point, so the ${SCOPE_WORD[scope]} policy applies whole`;
}

function overriddenReason(d: TargetDecision, pp: PointPolicy | undefined, kind: PolicyKind): string {
  if (!pp || pp.applied.length === 0) return 'no value of this kind takes effect here';
  const winner = pp.applied[0]!;
  const wScope = pp.scopeKind;
  if (kind === 'ClientTrafficPolicy') {
    return `R9.4: ${winner} (${scopeWord(wScope)}) claims this listener; ClientTrafficPolicies never merge`;
  }
  if ((pp.mode === 'StrategicMerge' || pp.mode === 'JSONMerge') && pp.parent) {
    return `R7.2: route policy ${winner} merges with the closest parent only, ${pp.parent.policy} (${scopeWord(pp.parent.scope.kind)}); this ${scopeWord(d.scope.kind)} policy is not chained`;
  }
  if (
    (wScope === 'Route' || wScope === 'RouteRule') &&
    d.scope.kind !== 'Route' &&
    d.scope.kind !== 'RouteRule'
  ) {
    return `R6.1: ${scopeWord(wScope)} policy ${winner} has no mergeType: on HTTP routes it replaces this ${scopeWord(d.scope.kind)} policy as a whole; its unset fields do not fall back`;
  }
  return `R4.3: ${winner} at a more specific scope (${scopeWord(wScope)}) claims this point first`;
}

function scopeWord(kind: ScopeKind | undefined): string {
  return kind ? SCOPE_WORD[kind] : 'unknown scope';
}

function matches(pt: Point, q: ExplainQuery): boolean {
  if (q.gateway !== undefined && pt.gateway !== `Gateway/${gatewayKeyOf(q.gateway) ?? q.gateway}`)
    return false;
  if (q.listener !== undefined && pt.listenerName !== q.listener) return false;
  if (q.route !== undefined && pt.route !== q.route) return false;
  if (q.rule !== undefined && pt.rule !== q.rule && String(pt.ruleIndex) !== q.rule) return false;
  return true;
}

function parsePolicyRef(text: string): { kind: PolicyKind; id: string } | null {
  const ref = parseRef(text);
  if (!ref || ref.section !== undefined || !(POLICY_KINDS as readonly string[]).includes(ref.kind))
    return null;
  return { kind: ref.kind as PolicyKind, id: formatRef(ref) };
}
