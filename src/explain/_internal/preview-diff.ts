/**
 * The diffs of a preview: the effective leaves per point and kind, policy status per ancestor,
 * and listeners whose routes start or stop being answered by a failed ClientTrafficPolicy.
 */
import { jsonEqual } from '../../model/_internal/json-equal.js';
import type { Resource } from '../../model/resource.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import { POLICY_KINDS } from '../../model/types.js';
import type { AncestorRef, Point, PointPolicy, Resolution } from '../../precedence/resolution-types.js';
import { type PolicyAncestorStatus, policyAncestors, policyStatus } from '../../status/policy-status.js';
import type { ListenerChange, PointChange, StatusChange } from '../preview-types.js';
import { effectiveAt, type PolicyLookup } from './effective.js';
import { valueAt } from './json-pointer.js';
import { listenerFailures } from './listener-failures.js';

/**
 * Policies of a kind by identity: the object Envoy Gateway handled (R4.4) when the identity is
 * repeated in the input, else the resource of that key. Built lazily, on the first repeated one.
 */
function policyIndex(res: Resolution, kind: PolicyKind): PolicyLookup {
  let handled: Map<string, Resource<Policy>> | null = null;
  const repeated = (res.topology.duplicatePolicies.get(kind) ?? []).length > 0;
  return {
    get: (id) => {
      if (repeated) {
        if (!handled) {
          handled = new Map();
          const kr = res.kinds[kind];
          kr.processed.forEach((pid, i) => {
            handled!.set(pid, kr.policies[i]!);
          });
        }
        const h = handled.get(id);
        if (h) return h;
      }
      return res.topology.byKey.get(id) as Resource<Policy> | undefined;
    },
  };
}

/** Leaf diffs per point and kind, only where the decision or an applied policy changed. */
export function diffPoints(
  before: Resolution,
  after: Resolution,
  kinds: readonly PolicyKind[],
  changedKeys: ReadonlySet<string>,
  sameGraph: boolean,
  onlyPoints?: ReadonlySet<number>,
): PointChange[] {
  const out: PointChange[] = [];
  const afterByKey = sameGraph ? null : new Map(after.points.map((p) => [p.key, p]));
  const beforeKeys = new Set<string>();
  for (const kind of kinds) {
    const idxB = policyIndex(before, kind);
    const idxA = policyIndex(after, kind);
    const touched = (pp: PointPolicy | undefined): boolean =>
      !!pp && pp.applied.some((id) => changedKeys.has(id));
    const visit = (pb: Point | undefined, pa: Point | undefined): void => {
      const ppB = pb?.policies[kind];
      const ppA = pa?.policies[kind];
      if (!ppB && !ppA) return;
      if (jsonEqual(ppB, ppA) && !touched(ppB) && !touched(ppA)) return;
      const effB = ppB ? effectiveAt(ppB, idxB) : { effective: {}, provenance: {} };
      const effA = ppA ? effectiveAt(ppA, idxA) : { effective: {}, provenance: {} };
      const pt = (pa ?? pb)!;
      const ptrs = new Set([...Object.keys(effB.provenance), ...Object.keys(effA.provenance)]);
      for (const path of ptrs) {
        const hasB = path in effB.provenance;
        const hasA = path in effA.provenance;
        const vb = hasB ? valueAt(effB.effective, path) : undefined;
        const va = hasA ? valueAt(effA.effective, path) : undefined;
        const sb = effB.provenance[path];
        const sa = effA.provenance[path];
        if (hasB && hasA && jsonEqual(vb, va) && sb === sa) continue;
        out.push({
          gateway: pt.gateway,
          listener: pt.listenerName,
          listenerSet: pt.listenerSet,
          route: pt.route,
          rule: pt.rule,
          kind,
          path,
          ...(hasB ? { before: vb, sourceBefore: sb } : {}),
          ...(hasA ? { after: va, sourceAfter: sa } : {}),
        });
      }
    };
    if (onlyPoints) {
      for (const i of [...onlyPoints].sort((a, b) => a - b)) visit(before.points[i], after.points[i]);
    } else if (afterByKey === null) {
      before.points.forEach((pb, i) => {
        visit(pb, after.points[i]);
      });
    } else {
      for (const pb of before.points) {
        beforeKeys.add(pb.key);
        visit(pb, afterByKey.get(pb.key));
      }
      for (const pa of after.points) if (!beforeKeys.has(pa.key)) visit(undefined, pa);
    }
  }
  return out;
}

/** Listener keys with a point, and the routes attached to each of `keys`, in one pass. */
function listenersAndRoutes(
  res: Resolution,
  keys: ReadonlySet<string>,
): { exists: Set<string>; routes: Map<string, Set<string>> } {
  const exists = new Set<string>();
  const routes = new Map<string, Set<string>>();
  for (const pt of res.points) {
    if (!keys.has(pt.listener)) continue;
    if (pt.route === null) {
      exists.add(pt.listener);
      continue;
    }
    let set = routes.get(pt.listener);
    if (!set) {
      set = new Set();
      routes.set(pt.listener, set);
    }
    set.add(pt.route);
  }
  return { exists, routes };
}

/**
 * Listeners where the routes answered by a failure change: the listener starts or stops failing
 * (or fails differently: 500 against dropped), appears or goes while failing, or routes attach to
 * or detach from a listener that fails on both sides. The route points alone would not show it:
 * their policies do not change, the listener answers for them. Which ClientTrafficPolicy failed
 * is not a change by itself.
 */
export function diffListenerFailures(before: Resolution, after: Resolution): ListenerChange[] {
  const b = listenerFailures(before);
  const a = listenerFailures(after);
  const keys = new Set([...b.keys(), ...a.keys()]);
  if (keys.size === 0) return [];
  const sb = listenersAndRoutes(before, keys);
  const sa = listenersAndRoutes(after, keys);
  const out: ListenerChange[] = [];
  for (const key of keys) {
    const fb = b.get(key);
    const fa = a.get(key);
    const failingBefore = fb ? (sb.routes.get(key) ?? new Set<string>()) : new Set<string>();
    const failingAfter = fa ? (sa.routes.get(key) ?? new Set<string>()) : new Set<string>();
    const nowFailing = [...failingAfter].filter((r) => !failingBefore.has(r)).sort();
    const noLongerFailing = [...failingBefore].filter((r) => !failingAfter.has(r)).sort();
    const modeChanged = (fb?.failure.routes ?? null) !== (fa?.failure.routes ?? null);
    if (!modeChanged && nowFailing.length === 0 && noLongerFailing.length === 0) continue;
    const inBefore = sb.exists.has(key);
    const inAfter = sa.exists.has(key);
    const point = (fa ?? fb)!.point;
    out.push({
      gateway: point.gateway,
      listener: point.listenerName,
      listenerSet: point.listenerSet,
      ...(fb ? { before: fb.failure } : {}),
      ...(fa ? { after: fa.failure } : {}),
      ...(inBefore && !inAfter ? { presence: 'removed' as const } : {}),
      ...(!inBefore && inAfter ? { presence: 'added' as const } : {}),
      nowFailing,
      noLongerFailing,
    });
  }
  return out;
}

/**
 * Per policy and ancestor: conditions that differ. After an incremental resolution only the
 * policies it touched are replayed.
 */
export function diffStatus(
  before: Resolution,
  after: Resolution,
  kinds: readonly PolicyKind[],
  onlyPolicies?: ReadonlySet<string>,
): StatusChange[] {
  const out: StatusChange[] = [];
  const docB = onlyPolicies ? null : policyStatus(restrict(before, kinds));
  const docA = onlyPolicies ? null : policyStatus(restrict(after, kinds));
  for (const kind of kinds) {
    // The status document lists the processed policies in order: their identities are those.
    const mapOf = (
      list: readonly { status: { ancestors: readonly PolicyAncestorStatus[] | null } }[] | undefined,
      res: Resolution,
    ) => new Map((list ?? []).map((p, i) => [res.kinds[kind].processed[i]!, p.status.ancestors ?? []]));
    const partial = (res: Resolution): Map<string, readonly PolicyAncestorStatus[]> =>
      new Map([...policyAncestors(res, kind, onlyPolicies!)].map(([id, x]) => [id, x ?? []]));
    const b = docB ? mapOf(docB[kind], before) : partial(before);
    const a = docA ? mapOf(docA[kind], after) : partial(after);
    const ids = new Set([...b.keys(), ...a.keys()]);
    for (const id of ids) {
      const ab = b.get(id) ?? [];
      const aa = a.get(id) ?? [];
      if (jsonEqual(ab, aa)) continue;
      const refKey = (r: AncestorRef): string =>
        JSON.stringify([r.kind, r.namespace, r.name, r.sectionName ?? null]);
      const mb = new Map(ab.map((x) => [refKey(x.ancestorRef), x]));
      const ma = new Map(aa.map((x) => [refKey(x.ancestorRef), x]));
      for (const [k, x] of mb) {
        const y = ma.get(k);
        if (y && jsonEqual(x.conditions, y.conditions)) continue;
        out.push({
          policy: id,
          ancestor: x.ancestorRef,
          before: x.conditions,
          ...(y ? { after: y.conditions } : {}),
        });
      }
      for (const [k, y] of ma) {
        if (!mb.has(k)) out.push({ policy: id, ancestor: y.ancestorRef, after: y.conditions });
      }
    }
  }
  return out;
}

/** A resolution narrowed to some kinds, for status replay. */
function restrict(res: Resolution, kinds: readonly PolicyKind[]): Resolution {
  const empty = { processed: [], policies: [], ops: [], decisions: [] };
  const k = {} as Record<PolicyKind, Resolution['kinds'][PolicyKind]>;
  for (const kind of POLICY_KINDS) k[kind] = kinds.includes(kind) ? res.kinds[kind] : { kind, ...empty };
  return { ...res, kinds: k };
}
