/**
 * The indexes every lint check shares, built once per resolution: admitted policies by id,
 * decisions by scope and by policy, points by the scopes that cover them, admission findings by
 * field, and helpers that locate a finding in the policy's source.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import type { Resource } from '../../model/resource.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import { POLICY_KINDS } from '../../model/types.js';
import { coveringScopes } from '../../precedence/covering-scopes.js';
import type { Point, Resolution, TargetDecision } from '../../precedence/resolution-types.js';
import { plainTargetRefs } from '../../precedence/resolve-targets.js';
import { type Scope, scopeKey } from '../../precedence/scope.js';

/** One finding before ordering: the diagnostic and its sort keys. */
export interface Finding {
  readonly kind: PolicyKind;
  readonly policy: string;
  readonly code: string;
  readonly diagnostic: Diagnostic;
}

/** Per-kind indexes. */
export interface KindLintIndex {
  readonly kind: PolicyKind;
  /** Admitted policies by identity, `Kind/ns/name` (the object the engine handled for processed ones). */
  readonly byId: ReadonlyMap<string, Resource<Policy>>;
  /** Admitted ids in the ordering mode's order. */
  readonly order: ReadonlyMap<string, number>;
  readonly decisionsByScope: ReadonlyMap<string, readonly TargetDecision[]>;
  readonly decisionsByPolicy: ReadonlyMap<string, readonly TargetDecision[]>;
  /** The first applied (or merged) decision at each scope: the policy that holds it (R5.1). */
  readonly heldAt: ReadonlyMap<string, TargetDecision>;
}

/** Everything the checks read. */
export interface LintIndex {
  readonly resolution: Resolution;
  readonly kinds: ReadonlyMap<PolicyKind, KindLintIndex>;
  /** Route-rule points (ClientTrafficPolicy excepted) under each scope key that covers them. */
  readonly rulePointsByScope: ReadonlyMap<string, readonly Point[]>;
  /** Listener points (ClientTrafficPolicy) under each scope key that covers them. */
  readonly listenerPointsByScope: ReadonlyMap<string, readonly Point[]>;
  /** Covering scope keys of each point, most specific first (R4.3, R9.4), by point key. */
  readonly covering: ReadonlyMap<string, readonly string[]>;
  /** `Kind/ns/name|fieldPointer` of every admission diagnostic: those fields are reported already. */
  readonly admissionFields: ReadonlySet<string>;
}

/**
 * Builds the indexes in one pass over policies, decisions and points.
 *
 * @param resolution - from `resolvePolicies`
 * @returns the shared indexes
 */
export function buildLintIndex(resolution: Resolution): LintIndex {
  const { topology } = resolution;
  const kinds = new Map<PolicyKind, KindLintIndex>();
  for (const kind of POLICY_KINDS) {
    const kr = resolution.kinds[kind];
    const order = new Map<string, number>();
    resolution.ordered[kind].forEach((id, i) => {
      if (!order.has(id)) order.set(id, i);
    });
    const byId = new Map<string, Resource<Policy>>();
    for (const p of topology.policies.get(kind) ?? []) {
      const id = p.key;
      if (order.has(id) && !byId.has(id)) byId.set(id, p);
    }
    kr.processed.forEach((id, i) => {
      const p = kr.policies[i];
      if (p) byId.set(id, p);
    });
    const decisionsByScope = new Map<string, TargetDecision[]>();
    const decisionsByPolicy = new Map<string, TargetDecision[]>();
    const heldAt = new Map<string, TargetDecision>();
    for (const d of kr.decisions) {
      const k = scopeKey(d.scope);
      push(decisionsByScope, k, d);
      push(decisionsByPolicy, d.policy, d);
      if ((d.verdict === 'applied' || d.verdict === 'merged') && !heldAt.has(k)) heldAt.set(k, d);
    }
    kinds.set(kind, { kind, byId, order, decisionsByScope, decisionsByPolicy, heldAt });
  }

  const rulePointsByScope = new Map<string, Point[]>();
  const listenerPointsByScope = new Map<string, Point[]>();
  const covering = new Map<string, string[]>();
  for (const pt of resolution.points) {
    const listenerPoint = pt.route === null;
    // R4.3 (R9.1 for the listener points of ClientTrafficPolicy).
    const keys = coveringScopes(topology, pt, listenerPoint ? 'ClientTrafficPolicy' : undefined).map(
      scopeKey,
    );
    covering.set(pt.key, keys);
    const target = listenerPoint ? listenerPointsByScope : rulePointsByScope;
    for (const k of keys) push(target, k, pt);
  }

  const admissionFields = new Set<string>();
  for (const d of resolution.diagnostics) {
    if (!d.code.startsWith('GWP-ADMIT-') || d.resource === undefined) continue;
    const m = /\/spec\/(targetRefs\/\d+|targetRef|targetSelectors\/\d+)(?:\/|$)/.exec(
      d.location?.pointer ?? '',
    );
    if (m) admissionFields.add(`${d.resource}|/spec/${m[1]}`);
  }
  return { resolution, kinds, rulePointsByScope, listenerPointsByScope, covering, admissionFields };
}

/**
 * A lint diagnostic located at a field of the policy: its source location with the field's
 * JSON pointer appended (R-numbers belong in the message).
 *
 * @param code - `GWP-LINT-*`
 * @param severity - warning or info
 * @param message - names the policy, the point(s) and the rule
 * @param policy - the policy the finding is about
 * @param fieldPointer - JSON pointer inside the policy, e.g. `/spec/targetRefs/0`
 * @returns the finding
 */
export function lintFinding(
  code: string,
  severity: Severity,
  message: string,
  policy: Resource<Policy>,
  fieldPointer: string,
): Finding {
  const source = policy.source;
  return {
    kind: policy.kind as PolicyKind,
    policy: policy.key,
    code,
    diagnostic: {
      code,
      severity,
      message,
      resource: policy.key,
      location: { ...source, pointer: `${source.pointer ?? ''}${fieldPointer}` },
    },
  };
}

/**
 * The JSON pointers of a policy's targeting entries that name a scope: plain refs first (written
 * order), then the first selector of that kind for selector-made targets.
 *
 * @param policy - the policy
 * @param s - the scope
 * @param fromSelector - whether the decision came from a selector
 * @returns pointers such as `/spec/targetRefs/1`; `['/spec']` when none matches
 */
export function targetPointers(policy: Resource<Policy>, s: Scope, fromSelector: boolean): string[] {
  const out: string[] = [];
  const ctp = policy.kind === 'ClientTrafficPolicy';
  if (!fromSelector) {
    for (const r of plainTargetRefs(policy.object, policy.namespace)) {
      if (r.name !== s.ref.name || r.namespace !== s.ref.namespace) continue;
      if (!refMatchesScope(r.kind, r.sectionName, s, ctp)) continue;
      out.push(r.refIndex === null ? '/spec/targetRef' : `/spec/targetRefs/${r.refIndex}`);
    }
  }
  if (out.length === 0) {
    const selectors = policy.object.spec?.targetSelectors;
    const want = s.kind === 'Route' ? s.ref.kind : s.kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway';
    if (Array.isArray(selectors)) {
      const i = selectors.findIndex((x) => typeof x === 'object' && x !== null && x.kind === want);
      if (i >= 0) out.push(`/spec/targetSelectors/${i}`);
    }
  }
  return out.length > 0 ? out : ['/spec'];
}

function refMatchesScope(kind: string, section: string | null, s: Scope, ctp: boolean): boolean {
  switch (s.kind) {
    case 'Gateway':
      return kind === 'Gateway' && section === null;
    case 'GatewayListener':
      // R9.1: a ClientTrafficPolicy section ref of any kind but ListenerSet is read as a Gateway.
      return (ctp ? kind !== 'ListenerSet' : kind === 'Gateway') && section === s.ref.section;
    case 'ListenerSet':
      return kind === 'ListenerSet' && section === null;
    case 'ListenerSetListener':
      return kind === 'ListenerSet' && section === s.ref.section;
    case 'Route':
      return kind === s.ref.kind && section === null;
    case 'RouteRule':
      return kind === s.ref.kind && section === s.ref.section;
  }
}

/**
 * Names a group of points briefly: `HTTPRoute/shop/cart on infra/public-gw/https (2 rules)`,
 * at most `max` groups, then `and N more`.
 *
 * @param points - the points
 * @param max - groups named before summarising
 * @returns the phrase
 */
export function describePoints(points: readonly Point[], max: number): string {
  const groups = new Map<string, number>();
  for (const pt of points) {
    const where = `${pt.gateway}/${pt.listenerName}${pt.listenerSet === null ? '' : ` (${pt.listenerSet})`}`;
    const k = pt.route === null ? `listener ${where}` : `${pt.route} on ${where}`;
    groups.set(k, (groups.get(k) ?? 0) + 1);
  }
  const named = [...groups].slice(0, Math.max(1, max)).map(([k, n]) => (n > 1 ? `${k} (${n} rules)` : k));
  const more = groups.size - named.length;
  const count = `${points.length} point${points.length === 1 ? '' : 's'}`;
  return `${count}: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** A dotted field path for people (`timeout.tcp`, `rules[0].name`) from JSON path segments. */
export function dotted(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** A JSON pointer from path segments. */
export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** A short rendering of a value for a message (JSON, cut at 60 characters). */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Targeting fields: where a policy attaches, not what it configures. */
export const TARGETING_FIELDS: ReadonlySet<string> = new Set([
  'targetRef',
  'targetRefs',
  'targetSelectors',
  'mergeType',
]);

/** A plain JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
