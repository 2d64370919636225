/**
 * Target resolution inside one policy (R1.1–R1.3, R2.4, R3.1, R3.2; across namespaces, R10.1).
 *
 * @packageDocumentation
 */

import { goSort } from '../go/sort.js';
import type { Resource } from '../model/resource.js';
import { selectNamespaces, selectObjects } from '../model/select-objects.js';
import type { Topology } from '../model/topology-types.js';
import type { Policy, PolicyTargetReference, TargetSelector } from '../model/types.js';
import { GATEWAY_API_GROUP } from '../model/types.js';
import { referenceGrantPermits } from './_internal/reference-grants.js';
import { creationSeconds } from './order-policies.js';

/** A resolved target reference (Envoy Gateway's `policyTargetReferenceWithSectionName`). */
export interface TargetRef {
  /** As written for plain refs (may be `''`); the object's group for selector targets. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** Plain refs: always the policy's namespace (R3.1). Selector targets: the object's namespace. */
  readonly namespace: string;
  readonly sectionName: string | null;
  /** Index into targetRef(s) for plain refs, null for selector targets. */
  readonly refIndex: number | null;
  /** Index of the selector that matched, null for plain refs. */
  readonly selectorIndex: number | null;
}

/**
 * The plain refs of a policy, namespace-local (R3.1). `targetRef` wins over `targetRefs` (R1.2);
 * an all-empty ref is skipped; group is kept as written but never used for lookups.
 *
 * @param policy - the policy object
 * @param namespace - the policy's namespace
 * @returns the refs in written order, duplicates kept (R2.4: they self-conflict)
 * @example
 * plainTargetRefs({ kind: 'BackendTrafficPolicy', metadata: { name: 'p' }, spec: { targetRefs: [{ kind: 'Gateway', name: 'gw' }] } }, 'eg')[0]?.namespace; // => 'eg'
 */
export function plainTargetRefs(policy: Policy, namespace: string): TargetRef[] {
  const spec = policy.spec ?? {};
  const single = isObject(spec.targetRef) ? spec.targetRef : undefined;
  const refs: readonly unknown[] = single ? [single] : Array.isArray(spec.targetRefs) ? spec.targetRefs : [];
  const out: TargetRef[] = [];
  refs.forEach((raw, i) => {
    if (!isObject(raw)) return;
    const r = raw as PolicyTargetReference;
    const group = str(r.group);
    const kind = str(r.kind);
    const name = str(r.name);
    const section = typeof r.sectionName === 'string' ? r.sectionName : null;
    if (group === '' && kind === '' && name === '' && section === null) return;
    out.push({
      group,
      kind,
      name,
      namespace,
      sectionName: section,
      refIndex: single ? null : i,
      selectorIndex: null,
    });
  });
  return out;
}

/** The kinds a selector pass may select (R4.2). */
export type SelectorCandidates = 'routes' | 'ListenerSet' | 'Gateway' | 'GatewayOrListenerSet';

const ROUTE_KIND_SET = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

function candidateKindAllowed(candidates: SelectorCandidates, kind: string): boolean {
  switch (candidates) {
    case 'routes':
      return ROUTE_KIND_SET.has(kind);
    case 'ListenerSet':
      return kind === 'ListenerSet';
    case 'Gateway':
      return kind === 'Gateway';
    case 'GatewayOrListenerSet':
      return kind === 'Gateway' || kind === 'ListenerSet';
  }
}

interface SelectedTarget {
  readonly ref: TargetRef;
  readonly ts: number;
}

/**
 * Targets selected by a policy's targetSelectors among the pass's candidates (R3.2): kind and
 * group, namespaces rule, labels, then ReferenceGrant for cross-namespace targets. De-duplicated.
 *
 * @param topology - the graph
 * @param policy - the policy resource
 * @param candidates - which objects this pass offers
 * @param rank - R2.1: the cluster rank of the candidates, null for input order
 * @returns selected targets in selector order, then candidate order
 */
function selectorTargets(
  topology: Topology,
  policy: Resource<Policy>,
  candidates: SelectorCandidates,
  rank: ReadonlyMap<Resource, number> | null,
): SelectedTarget[] {
  const selectors = policy.object.spec?.targetSelectors;
  if (!Array.isArray(selectors) || selectors.length === 0) return [];
  const out: SelectedTarget[] = [];
  // Targets already selected, per group: the object decides kind, namespace, name and timestamp.
  const seen = new Map<string, Set<Resource>>();
  selectors.forEach((raw, si) => {
    if (!isObject(raw)) return;
    const sel = raw as TargetSelector;
    const kind = str(sel.kind);
    if (!candidateKindAllowed(candidates, kind)) return;
    const group = typeof sel.group === 'string' ? sel.group : GATEWAY_API_GROUP;
    const namespaces = selectorNamespaces(topology, sel, policy.namespace);
    if (namespaces !== null && namespaces.size === 0) return;
    const query = {
      kind,
      group,
      ...(sel.matchLabels !== undefined ? { matchLabels: sel.matchLabels } : {}),
      ...(sel.matchExpressions !== undefined ? { matchExpressions: sel.matchExpressions } : {}),
    };
    let seenInGroup = seen.get(group);
    if (!seenInGroup) {
      seenInGroup = new Set();
      seen.set(group, seenInGroup);
    }
    for (const obj of inRank(selectObjects(topology, query, namespaces), rank)) {
      if (!crossNamespacePermitted(topology, policy, obj)) continue;
      if (seenInGroup.has(obj)) continue;
      seenInGroup.add(obj);
      const ts = creationSeconds(obj);
      out.push({
        ref: {
          group,
          kind,
          name: obj.name,
          namespace: obj.namespace,
          sectionName: null,
          refIndex: null,
          selectorIndex: si,
        },
        ts,
      });
    }
  });
  return out;
}

/**
 * The namespaces a selector may reach (`null` = all), R3.2 rule 2.
 *
 * @param topology - the graph (Namespace labels)
 * @param sel - the selector
 * @param policyNamespace - the policy's namespace
 * @returns the allowed namespace set, or null for every namespace
 * @example
 * selectorNamespaces(topology, { kind: 'HTTPRoute', namespaces: { from: 'All' } }, 'infra'); // => null
 */
export function selectorNamespaces(
  topology: Topology,
  sel: TargetSelector,
  policyNamespace: string,
): ReadonlySet<string> | null {
  const ns = sel.namespaces;
  if (!isObject(ns)) return new Set([policyNamespace]);
  const from = ns.from ?? '';
  if (from === '' || from === 'Same') return new Set([policyNamespace]);
  if (from === 'All') return null;
  if (from !== 'Selector') return new Set();
  return selectNamespaces(topology, isObject(ns.selector) ? ns.selector : null);
}

/** R3.2 rule 4: a ReferenceGrant in the target's namespace from this policy kind to the target. */
function crossNamespacePermitted(topology: Topology, policy: Resource<Policy>, target: Resource): boolean {
  return referenceGrantPermits(topology, policy.namespace, policy.kind, {
    group: groupOf(target),
    kind: target.kind,
    namespace: target.namespace,
    name: target.name,
  });
}

/**
 * The target list of one policy for one pass (R2.4): selector targets first, sorted by the target
 * object's creationTimestamp with Go's unstable sort (equal times keep Go's order, see src/go/sort.ts),
 * then plain refs not identical to a selector target.
 *
 * @param topology - the graph
 * @param policy - the policy resource
 * @param candidates - the pass's selector candidates, or null for passes that read plain refs only
 * @param plainRefs - the policy's plain refs when already computed
 * @param rank - R2.1: in a cluster the provider sorts Gateways, ListenerSets and routes too, so
 *   candidates with equal creationTimestamps come in (namespace, name) order: their cluster rank
 *   (absent or null: the topology's order)
 * @returns the targets in Envoy Gateway's order
 * @example
 * // composeTargets(topology, policy, 'routes') → [selector-matched routes…, plain refs…]
 */
export function composeTargets(
  topology: Topology,
  policy: Resource<Policy>,
  candidates: SelectorCandidates | null,
  plainRefs?: readonly TargetRef[],
  rank: ReadonlyMap<Resource, number> | null = null,
): TargetRef[] {
  const plain = plainRefs ? [...plainRefs] : plainTargetRefs(policy.object, policy.namespace);
  if (candidates === null) return plain;
  const selected = selectorTargets(topology, policy, candidates, rank);
  if (selected.length === 0) return plain;
  // R2.4: slices.SortFunc by creation time, unstable beyond 12 targets as Go's is.
  goSort(selected, (a, b) => a.ts < b.ts);
  const out = selected.map((s) => s.ref);
  if (plain.length === 0) return out;
  const have = new Set(out.map(refIdentity));
  for (const p of plain) if (!have.has(refIdentity(p))) out.push(p);
  return out;
}

/** Selected objects in rank order (input order without a rank). */
function inRank(found: readonly Resource[], rank: ReadonlyMap<Resource, number> | null): readonly Resource[] {
  if (rank === null || found.length < 2) return found;
  return [...found].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
}

function refIdentity(r: TargetRef): string {
  return `${r.group}|${r.kind}|${r.namespace}/${r.name}|${r.sectionName === null ? '\u0000' : r.sectionName}`;
}

/** The API group of an object from its apiVersion as written (`''` for the core group or when absent). */
export function groupOf(r: Resource): string {
  const av = r.object.apiVersion;
  if (typeof av !== 'string') return '';
  const slash = av.indexOf('/');
  return slash < 0 ? '' : av.slice(0, slash);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
