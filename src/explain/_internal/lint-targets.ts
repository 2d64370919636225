/**
 * Lint of targeting: selectors that match nothing (R3.2), policies that conflict with themselves
 * (R2.4, R5.1), sectionNames that name nothing (R5.3, R9.1) and plain refs to objects that do not
 * exist, are unmanaged, or live in another namespace (R3.1, R3.3–R3.5).
 */

import { formatRef, type ObjectRef } from '../../model/object-ref.js';
import type { Resource } from '../../model/resource.js';
import { selectObjects } from '../../model/select-objects.js';
import type { Topology } from '../../model/topology-types.js';
import type { Policy, PolicyKind, TargetSelector } from '../../model/types.js';
import { GATEWAY_API_GROUP, ROUTE_KINDS } from '../../model/types.js';
import type { TargetDecision } from '../../precedence/resolution-types.js';
import {
  composeTargets,
  plainTargetRefs,
  type SelectorCandidates,
  selectorNamespaces,
} from '../../precedence/resolve-targets.js';
import { describeScope, type Scope, scopeKey } from '../../precedence/scope.js';
import {
  type Finding,
  isPlainObject,
  type KindLintIndex,
  type LintIndex,
  lintFinding,
  targetPointers,
} from './lint-index.js';

/** Code: a targetSelector that selects nothing. */
export const SELECTOR_MATCHES_NOTHING = 'GWP-LINT-SELECTOR-MATCHES-NOTHING';
/** Code: a policy that targets one scope twice and conflicts with itself. */
export const SELF_CONFLICT = 'GWP-LINT-SELF-CONFLICT';
/** Code: a sectionName that names no listener or rule. */
export const SECTION_NOT_FOUND = 'GWP-LINT-SECTION-NOT-FOUND';
/** Code: a plain ref to an object that is not there (or not managed, or in another namespace). */
export const TARGET_NOT_FOUND = 'GWP-LINT-TARGET-NOT-FOUND';

const ROUTE_KIND_SET: ReadonlySet<string> = new Set(ROUTE_KINDS);

/**
 * Runs the targeting checks for every admitted policy of every kind.
 *
 * @param index - the shared indexes
 * @param codes - which codes to report
 * @returns the findings
 */
export function lintTargets(index: LintIndex, codes: ReadonlySet<string>): Finding[] {
  const topology = index.resolution.topology;
  const listenerSets = index.resolution.profile.listenerSets;
  const elsewhere = codes.has(TARGET_NOT_FOUND) ? namespacesByName(topology) : new Map<string, string[]>();
  const out: Finding[] = [];
  for (const ki of index.kinds.values()) {
    for (const [id, policy] of ki.byId) {
      const decisions = ki.decisionsByPolicy.get(id) ?? [];
      if (codes.has(SELECTOR_MATCHES_NOTHING))
        selectorsMatchingNothing(index, topology, ki.kind, policy, listenerSets, out);
      if (codes.has(SELF_CONFLICT)) selfConflicts(ki, policy, decisions, out);
      if (codes.has(SECTION_NOT_FOUND)) sectionsNotFound(topology, ki.kind, policy, decisions, out);
      if (codes.has(TARGET_NOT_FOUND))
        targetsNotFound(index, topology, ki.kind, policy, listenerSets, elsewhere, out);
    }
  }
  return out;
}

function selectorsMatchingNothing(
  index: LintIndex,
  topology: Topology,
  kind: PolicyKind,
  policy: Resource<Policy>,
  listenerSets: boolean,
  out: Finding[],
): void {
  const selectors = policy.object.spec?.targetSelectors;
  if (!Array.isArray(selectors) || selectors.length === 0) return;
  // Only the passes whose kinds the selectors name (each composeTargets call queries the labels).
  const kinds = new Set(selectors.map((x) => (isPlainObject(x) ? x.kind : undefined)));
  const sets: SelectorCandidates[] =
    kind === 'ClientTrafficPolicy'
      ? ['GatewayOrListenerSet']
      : [
          ...(ROUTE_KINDS.some((k) => kinds.has(k)) ? ['routes' as const] : []),
          ...(kinds.has('Gateway') ? ['Gateway' as const] : []),
          ...(listenerSets && kinds.has('ListenerSet') ? ['ListenerSet' as const] : []),
        ];
  const matched = new Set<number>();
  for (const c of sets) {
    for (const t of composeTargets(topology, policy, c))
      if (t.selectorIndex !== null) matched.add(t.selectorIndex);
  }
  const plainRefs = plainTargetRefs(policy.object, policy.namespace).length;
  const id = `${policy.namespace}/${policy.name}`;
  selectors.forEach((raw, i) => {
    if (matched.has(i) || !isPlainObject(raw)) return;
    const pointer = `/spec/targetSelectors/${i}`;
    // Admission already reports a selector of a wrong kind or group, or a malformed one.
    if (index.admissionFields.has(`${policy.key}|${pointer}`)) return;
    const sel = raw as TargetSelector;
    if (typeof sel.kind !== 'string' || (!listenerSets && sel.kind === 'ListenerSet')) return;
    const query = {
      kind: sel.kind,
      group: typeof sel.group === 'string' ? sel.group : GATEWAY_API_GROUP,
      ...(sel.matchLabels !== undefined ? { matchLabels: sel.matchLabels } : {}),
      ...(sel.matchExpressions !== undefined ? { matchExpressions: sel.matchExpressions } : {}),
    };
    const allowed = selectorNamespaces(topology, sel, policy.namespace);
    const inScope = allowed !== null && allowed.size === 0 ? [] : selectObjects(topology, query, allowed);
    const qualifier = ROUTE_KIND_SET.has(sel.kind)
      ? ' attached to a Gateway of this controller'
      : sel.kind === 'Gateway'
        ? ' accepted by this controller'
        : '';
    let why: string;
    if (inScope.length > 0) {
      const namespaces = uniqueSorted(
        inScope.map((o) => o.namespace).filter((ns) => ns !== policy.namespace),
      );
      why =
        `its labels match ${inScope.length} ${plural(sel.kind, inScope.length)}${qualifier} in namespace(s) ${namespaces.join(', ')}, ` +
        `but no ReferenceGrant there lets ${kind} from namespace ${policy.namespace} reach ${sel.kind} (R3.2), so they are dropped silently`;
    } else {
      const anywhere = selectObjects(topology, query, null);
      why =
        anywhere.length > 0
          ? `the ${plural(sel.kind, 2)}${qualifier} with these labels are only in namespace(s) ${uniqueSorted(anywhere.map((o) => o.namespace)).join(', ')}, ` +
            `outside the namespaces the selector allows (${namespacesPhrase(sel, policy.namespace)}, R3.2)`
          : `no ${sel.kind}${qualifier} in ${namespacesPhrase(sel, policy.namespace)} carries these labels (R3.2)`;
    }
    const alone =
      plainRefs === 0 && selectors.every((_, j) => !matched.has(j))
        ? '; the policy targets nothing at all, and Envoy Gateway leaves it out of status entirely (R3.5)'
        : '';
    out.push(
      lintFinding(
        SELECTOR_MATCHES_NOTHING,
        'warning',
        `${kind} ${id}: targetSelectors[${i}] (kind ${sel.kind}) selects nothing: ${why}${alone}.`,
        policy,
        pointer,
      ),
    );
  });
}

function namespacesPhrase(sel: TargetSelector, policyNamespace: string): string {
  const from = isPlainObject(sel.namespaces) ? (sel.namespaces.from ?? '') : '';
  if (from === 'All') return 'any namespace';
  if (from === 'Selector') return 'the namespaces its namespaces.selector selects';
  return `namespace ${policyNamespace} (namespaces.from Same)`;
}

function selfConflicts(
  ki: KindLintIndex,
  policy: Resource<Policy>,
  decisions: readonly TargetDecision[],
  out: Finding[],
): void {
  const id = `${policy.namespace}/${policy.name}`;
  const byScope = new Map<string, TargetDecision[]>();
  for (const d of decisions) {
    if (d.verdict === 'notFound' || d.verdict === 'targetNotFound') continue;
    const k = scopeKey(d.scope);
    const list = byScope.get(k);
    if (list) list.push(d);
    else byScope.set(k, [d]);
  }
  for (const group of byScope.values()) {
    if (group.length < 2) continue;
    const conflicted = group.find((d) => d.verdict === 'conflicted');
    if (!conflicted) continue;
    // ClientTrafficPolicy decisions do not name the holder: then the first must have claimed.
    const self =
      conflicted.heldBy !== undefined ? conflicted.heldBy === policy.key : group[0]!.verdict !== 'conflicted';
    if (!self) continue;
    const s = conflicted.scope;
    const plain = targetPointers(policy, s, false).filter(
      (p) => p !== '/spec' && !p.startsWith('/spec/targetSelectors'),
    );
    const viaSelector = group.some((d) => d.fromSelector);
    // Count the policy's own entries: a repeated identity in test data is not a self-conflict.
    if (plain.length + (viaSelector ? 1 : 0) < 2) continue;
    const where = describeScope(s);
    let message: string;
    let pointer: string;
    if (plain.length >= 2) {
      message =
        `${ki.kind} ${id} names ${where} twice (${plain.map(fieldName).join(' and ')}): plain refs are not de-duplicated, ` +
        `so the second conflicts with the first and its ancestor gets Accepted=False, reason Conflicted (R2.4, R5.1).`;
      pointer = plain[1]!;
    } else {
      const sel = targetPointers(policy, s, true)[0]!;
      const ref = plain[0]!;
      const group = refGroup(policy, ref);
      message =
        `${ki.kind} ${id} reaches ${where} through ${fieldName(sel)} and again through ${fieldName(ref)}, whose group ${JSON.stringify(group)} ` +
        `differs from the selector target's ${JSON.stringify(GATEWAY_API_GROUP)}: a plain ref is dropped only when it is identical to a selector target, ` +
        `group included, so the two conflict (R2.4, R5.1).`;
      pointer = ref;
    }
    out.push(lintFinding(SELF_CONFLICT, 'warning', message, policy, pointer));
  }
}

function refGroup(policy: Resource<Policy>, pointer: string): string {
  const spec = policy.object.spec;
  const m = /^\/spec\/targetRefs\/(\d+)$/.exec(pointer);
  const ref = m ? spec?.targetRefs?.[Number(m[1])] : spec?.targetRef;
  return typeof ref?.group === 'string' ? ref.group : '';
}

function sectionsNotFound(
  topology: Topology,
  kind: PolicyKind,
  policy: Resource<Policy>,
  decisions: readonly TargetDecision[],
  out: Finding[],
): void {
  const id = `${policy.namespace}/${policy.name}`;
  const seen = new Set<string>();
  for (const d of decisions) {
    if (d.verdict !== 'targetNotFound') continue;
    const k = scopeKey(d.scope);
    if (seen.has(k)) continue;
    seen.add(k);
    const s = d.scope;
    const available = availableSections(topology, kind, s);
    const rule = kind === 'ClientTrafficPolicy' ? 'R9.1' : 'R5.3';
    out.push(
      lintFinding(
        SECTION_NOT_FOUND,
        'warning',
        `${kind} ${id}: sectionName ${JSON.stringify(s.ref.section)} names no ${s.kind === 'RouteRule' ? 'rule' : 'listener'} of ${describeObject(s)} (${available}); ` +
          `Envoy Gateway sets Accepted=False, reason TargetNotFound, and ignores this target (${rule}).`,
        policy,
        targetPointers(policy, s, false)[0]!,
      ),
    );
  }
}

function availableSections(topology: Topology, kind: PolicyKind, s: Scope): string {
  const list = (names: readonly string[], what: string): string =>
    names.length === 0 ? `it has no ${what}` : `${what}: ${names.join(', ')}`;
  if (s.kind === 'RouteRule') {
    const route = topology.routes.get(formatRef(wholeRef(s)));
    const named = (route?.rules ?? []).map((r) => r.name).filter((n): n is string => n !== null);
    return named.length === 0
      ? 'none of its rules has a name, and an unnamed rule cannot be targeted'
      : `named rules: ${named.join(', ')}`;
  }
  if (s.kind === 'ListenerSetListener') {
    const ls = topology.listenerSets.get(`${s.ref.namespace}/${s.ref.name}`);
    const raw = ls?.resource.object.spec?.listeners;
    const names = Array.isArray(raw)
      ? raw.map((l) => (isPlainObject(l) && typeof l.name === 'string' ? l.name : '')).filter((n) => n !== '')
      : [];
    return list(names, 'listeners');
  }
  const gw = topology.gateways.get(`${s.ref.namespace}/${s.ref.name}`);
  // R5.3: BackendTrafficPolicy, SecurityPolicy and EnvoyExtensionPolicy check direct listeners only;
  // R9.1: a ClientTrafficPolicy may also name a ListenerSet listener.
  const keys = kind === 'ClientTrafficPolicy' ? (gw?.listeners ?? []) : (gw?.directListeners ?? []);
  const names = uniqueSorted(keys.map((k) => topology.listeners.get(k)?.name ?? '').filter((n) => n !== ''));
  return list(names, kind === 'ClientTrafficPolicy' ? 'listeners' : 'own listeners');
}

function targetsNotFound(
  index: LintIndex,
  topology: Topology,
  kind: PolicyKind,
  policy: Resource<Policy>,
  listenerSets: boolean,
  elsewhere: ReadonlyMap<string, string[]>,
  out: Finding[],
): void {
  const id = `${policy.namespace}/${policy.name}`;
  const seen = new Set<string>();
  for (const r of plainTargetRefs(policy.object, policy.namespace)) {
    const pointer = r.refIndex === null ? '/spec/targetRef' : `/spec/targetRefs/${r.refIndex}`;
    if (index.admissionFields.has(`${policy.key}|${pointer}`)) continue;
    // R9.1: a ClientTrafficPolicy section ref of any kind but ListenerSet is read as a Gateway.
    const k =
      kind === 'ClientTrafficPolicy' && r.sectionName !== null && r.kind !== 'ListenerSet'
        ? 'Gateway'
        : r.kind;
    const identity = `${k}|${r.name}`;
    if (seen.has(identity)) continue;
    let why: string | null = null;
    const here = `${r.namespace}/${r.name}`;
    if (k === 'Gateway') {
      const gw = topology.gateways.get(here);
      if (gw && !gw.accepted) {
        why = gw.managed
          ? `Gateway ${here} exists but Envoy Gateway does not accept it (R3.4)`
          : `Gateway ${here} exists but its GatewayClass is not managed by this controller (R3.4)`;
      } else if (!gw) why = missing('Gateway', r.name, r.namespace, elsewhere);
    } else if (k === 'ListenerSet') {
      if (!listenerSets) continue;
      const ls = topology.listenerSets.get(here);
      if (ls && !ls.parentAccepted)
        why = `ListenerSet ${here} exists but its parent Gateway ${ls.parentGateway} is not an accepted Gateway of this controller (R3.4)`;
      else if (!ls) why = missing('ListenerSet', r.name, r.namespace, elsewhere);
    } else if (ROUTE_KIND_SET.has(k)) {
      const route = topology.routes.get(`${k}/${here}`);
      if (route && !route.relevant)
        why = `${k} ${here} exists but has no parentRef to a Gateway or ListenerSet of this controller (R3.3)`;
      else if (!route) why = missing(k, r.name, r.namespace, elsewhere);
    } else continue;
    if (why === null) continue;
    seen.add(identity);
    out.push(
      lintFinding(
        TARGET_NOT_FOUND,
        'warning',
        `${kind} ${id}: ${pointer === '/spec/targetRef' ? 'targetRef' : `targetRefs[${r.refIndex}]`} names ${k} ${r.name}, but ${why}; ` +
          'Envoy Gateway silently ignores this ref: no condition, no status ancestor (R3.5).',
        policy,
        pointer,
      ),
    );
  }
}

function missing(
  kind: string,
  name: string,
  namespace: string,
  elsewhere: ReadonlyMap<string, string[]>,
): string {
  const others = (elsewhere.get(`${kind}|${name}`) ?? []).filter((ns) => ns !== namespace);
  return others.length > 0
    ? `no ${kind} ${name} exists in namespace ${namespace}; one exists in namespace(s) ${others.join(', ')}, and a plain ref cannot leave the policy's namespace (R3.1; a targetSelector with namespaces and a ReferenceGrant can, R3.2)`
    : `no ${kind} ${namespace}/${name} exists`;
}

/** `Kind|name` → namespaces holding such an object, for "it is in another namespace" hints. */
function namespacesByName(topology: Topology): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (k: string, ns: string): void => {
    const list = m.get(k);
    if (!list) m.set(k, [ns]);
    else if (!list.includes(ns)) list.push(ns);
  };
  for (const gw of topology.gateways.values()) add(`Gateway|${gw.name}`, gw.namespace);
  for (const ls of topology.listenerSets.values()) add(`ListenerSet|${ls.name}`, ls.namespace);
  for (const r of topology.routes.values()) add(`${r.kind}|${r.name}`, r.namespace);
  for (const list of m.values()) list.sort();
  return m;
}

function describeObject(s: Scope): string {
  return `${s.ref.kind} ${s.ref.namespace}/${s.ref.name}`;
}

function wholeRef(s: Scope): ObjectRef {
  return { kind: s.ref.kind, namespace: s.ref.namespace, name: s.ref.name };
}

/** `targetRefs[1]` from `/spec/targetRefs/1`. */
function fieldName(pointer: string): string {
  return pointer.replace(/^\/spec\//, '').replace(/\/(\d+)$/, '[$1]');
}

function plural(kind: string, n: number): string {
  return n === 1 ? kind : `${kind}s`;
}

function uniqueSorted(xs: readonly string[]): string[] {
  return [...new Set(xs)].sort();
}
