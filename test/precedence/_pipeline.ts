/**
 * The pipeline the precedence and status tests run (loadObjects → buildTopology → resolvePolicies →
 * policyStatus) and small readers over its results.
 */
import {
  type PolicyAncestorStatus,
  type PolicyCondition,
  type PolicyKind,
  type PolicyStatusDocument,
  policyStatus,
  type Resolution,
  type ResolveOptions,
  resolvePolicies,
  type TopologyOptions,
} from 'gateway-policy-sim';
import { loadTopology } from '../_support/topology-arbitrary.js';

export interface Run {
  readonly resolution: Resolution;
  readonly status: PolicyStatusDocument;
}

/**
 * Runs the whole pipeline on manifest objects.
 *
 * @param objects - manifest objects
 * @param options - resolve options, plus topology options under `topology`
 * @returns the resolution and the status document
 */
export function run(
  objects: readonly unknown[],
  options: ResolveOptions & { topology?: TopologyOptions } = {},
): Run {
  const { topology: topologyOptions, ...resolveOptions } = options;
  const { topology } = loadTopology(objects, topologyOptions ?? {});
  const resolution = resolvePolicies(topology, resolveOptions);
  return { resolution, status: policyStatus(resolution) };
}

/** The status list of one kind (empty when the key is absent). */
export function listOf(
  doc: PolicyStatusDocument,
  kind: PolicyKind,
): readonly {
  metadata: { namespace?: string; name: string };
  status: { ancestors: readonly PolicyAncestorStatus[] | null };
}[] {
  return (doc[kind] ?? []) as never;
}

/** `ns/name` of each policy of a kind in the status document, in output order. */
export function idsOf(doc: PolicyStatusDocument, kind: PolicyKind): string[] {
  return listOf(doc, kind).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
}

/**
 * The ancestors of one policy: `undefined` when the policy is absent from the output, `null` for
 * `ancestors: null`.
 */
export function ancestorsOf(
  doc: PolicyStatusDocument,
  kind: PolicyKind,
  id: string,
): readonly PolicyAncestorStatus[] | null | undefined {
  const p = listOf(doc, kind).find((x) => `${x.metadata.namespace}/${x.metadata.name}` === id);
  return p === undefined ? undefined : p.status.ancestors;
}

/** A compact view of conditions: `Type/Status/Reason: message`. */
export function brief(c: PolicyCondition): string {
  return `${c.type}/${c.status}/${c.reason}: ${c.message}`;
}

/** The conditions of the ancestor matching `ref` (kind, namespace, name, optional sectionName). */
export function conditionsAt(
  doc: PolicyStatusDocument,
  kind: PolicyKind,
  id: string,
  ref: { kind?: string; namespace: string; name: string; sectionName?: string },
): string[] | undefined {
  const a = (ancestorsOf(doc, kind, id) ?? []).find(
    (x) =>
      x.ancestorRef.namespace === ref.namespace &&
      x.ancestorRef.name === ref.name &&
      x.ancestorRef.kind === (ref.kind ?? 'Gateway') &&
      x.ancestorRef.sectionName === ref.sectionName,
  );
  return a?.conditions.map(brief);
}

/** Every ancestor of a policy as `Kind ns/name[/section]: [conditions]`, for whole-status assertions. */
export function statusLines(
  doc: PolicyStatusDocument,
  kind: PolicyKind,
  id: string,
): string[] | null | undefined {
  const ancestors = ancestorsOf(doc, kind, id);
  if (ancestors === null || ancestors === undefined) return ancestors;
  return ancestors.map((a) => {
    const r = a.ancestorRef;
    return `${r.kind} ${r.namespace}/${r.name}${r.sectionName === undefined ? '' : `/${r.sectionName}`}: ${a.conditions.map(brief).join(' | ')}`;
  });
}

/** Per point, per kind: `applied`, `mode` and `scopeKind` (sorted by point key). */
export function pointSummary(resolution: Resolution): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const p of [...resolution.points].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const kinds: Record<string, unknown> = {};
    for (const [k, pp] of Object.entries(p.policies)) {
      kinds[k] = {
        applied: pp.applied,
        mode: pp.mode,
        scopeKind: pp.scopeKind,
        ...(pp.fields ? { fields: pp.fields } : {}),
      };
    }
    out[p.key] = kinds;
  }
  return out;
}

/** The applied policy at a point of a route rule on a listener, for one kind. */
export function appliedAt(
  resolution: Resolution,
  kind: PolicyKind,
  listenerKey: string,
  routeKey: string | null,
  ruleIndex = 0,
): readonly string[] | undefined {
  const key = routeKey === null ? listenerKey : `${listenerKey}|${routeKey}|${ruleIndex}`;
  return resolution.points.find((p) => p.key === key)?.policies[kind]?.applied;
}
