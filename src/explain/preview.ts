/**
 * `preview`: what a change (added, edited or deleted manifests) would do, before it is applied:
 * the diff of effective values per point (with the policy that supplied each value before and
 * after) and the diff of policy status. The change is applied immutably with immer patches, and
 * its inverse is returned, so a preview can be undone by previewing the inverse.
 *
 * @packageDocumentation
 */
import fastDeepEqual from 'fast-deep-equal';
import { enablePatches, Immer, type Patch } from 'immer';
import type { Diagnostic } from '../model/diagnostic.js';
import { loadManifests } from '../model/load-manifests.js';
import { loadObjects } from '../model/load-objects.js';
import type { LoadResult, ManifestSource } from '../model/load-types.js';
import type { Resource } from '../model/resource.js';
import type { Topology } from '../model/topology-types.js';
import { POLICY_KINDS, type Policy, type PolicyKind } from '../model/types.js';
import type { AncestorRef, Point, PointPolicy, Resolution } from '../precedence/resolution-types.js';
import { resolutionDelta, resolvePolicies } from '../precedence/resolve-policies.js';
import {
  type PolicyAncestorStatus,
  type PolicyCondition,
  policyAncestors,
  policyStatus,
  STATUS_KEYS,
} from '../status/policy-status.js';
import { admittedLoad } from './_internal/admitted-load.js';
import { effectiveAt, type PolicyLookup } from './_internal/effective.js';
import { valueAt } from './_internal/json-pointer.js';
import { type ListenerFailure, listenerFailures } from './_internal/listener-failures.js';
import { mergeHook } from './merge-hook.js';
import { type SimulateOptions, type SimulateResult, simulate } from './simulate.js';

/** A change to preview. */
export interface PreviewChange {
  /** Objects to add, or to replace (matched by `Kind/ns/name`). */
  readonly upsert?: readonly unknown[];
  /** Manifest text to add or replace, like `upsert`. */
  readonly sources?: readonly ManifestSource[];
  /** `Kind/ns/name` (or `Kind/name` for cluster-scoped kinds) of objects to delete. */
  readonly delete?: readonly string[];
  /**
   * Resources to put back exactly as they were (identity, position, source): what an inverse
   * change carries so that previewing it restores the base.
   */
  readonly restore?: readonly Resource[];
}

export type { ListenerFailure } from './_internal/listener-failures.js';

/** One changed leaf of an effective spec at one point. */
export interface PointChange {
  readonly gateway: string;
  readonly listener: string;
  readonly listenerSet: string | null;
  readonly route: string | null;
  readonly rule: string | null;
  readonly kind: PolicyKind;
  /** JSON pointer into the effective spec. */
  readonly path: string;
  /** Absent when the leaf appears. */
  readonly before?: unknown;
  /** Absent when the leaf disappears. */
  readonly after?: unknown;
  readonly sourceBefore?: string;
  readonly sourceAfter?: string;
}

/** One changed ancestor of one policy's status. */
export interface StatusChange {
  /** `Kind/ns/name`. */
  readonly policy: string;
  readonly ancestor: AncestorRef;
  /** Conditions before; absent when the ancestor is new. */
  readonly before?: readonly PolicyCondition[];
  /** Conditions after; absent when the ancestor is gone. */
  readonly after?: readonly PolicyCondition[];
}

/**
 * A listener whose routes start or stop being answered by the listener's failure (a
 * ClientTrafficPolicy whose features failed there: 500 on HTTP routes, TCP/UDP/TLS routes
 * dropped), whatever the route policies say.
 */
export interface ListenerChange {
  readonly gateway: string;
  readonly listener: string;
  readonly listenerSet: string | null;
  /** The failure before the change; absent when the listener served its routes (or did not exist). */
  readonly before?: ListenerFailure;
  /** The failure after the change; absent when the listener serves its routes (or is gone). */
  readonly after?: ListenerFailure;
  /** `added` or `removed` when the listener exists on one side of the change only. */
  readonly presence?: 'added' | 'removed';
  /** Routes (`Kind/ns/name`) that start being answered by a failure here. */
  readonly nowFailing: readonly string[];
  /** Routes that stop being answered by a failure here (recovered, detached, or gone with the listener). */
  readonly noLongerFailing: readonly string[];
}

/** What `preview` returns. `changes`, `statusChanges` and `diagnostics` are the JSON contract. */
export interface PreviewResult {
  readonly changes: readonly PointChange[];
  readonly statusChanges: readonly StatusChange[];
  /**
   * Listeners whose routes start or stop answering 500 (or being dropped) because of a
   * ClientTrafficPolicy that failed there (an extra field of the JSON output).
   */
  readonly listenerChanges: readonly ListenerChange[];
  /** Diagnostics of the change itself (loading it, unknown deletions) and of the result. */
  readonly diagnostics: readonly Diagnostic[];
  /** The change that undoes this one. */
  readonly inverse: PreviewChange;
  /** The state after the change, to preview further changes on. */
  readonly after: SimulateResult;
  /** The immer patches over the resource map (`Kind/ns/name` → resource), forward and inverse. */
  readonly patches: readonly Patch[];
  readonly inversePatches: readonly Patch[];
}

const immer = new Immer({ autoFreeze: false });
let patchesEnabled = false;

/**
 * Previews a change against a simulated base. Only the policy kinds the change touches are
 * resolved again when the change holds only policies; any other change rebuilds the graph.
 *
 * @param base - `simulate(...)` of the current manifests
 * @param change - what to add, replace, delete or restore
 * @param options - the options `base` was simulated with (order, admission, profile, …)
 * @returns point and status diffs, diagnostics, the inverse change and the new state
 * @example
 * const base = simulate(text);
 * const r = preview(base, { upsert: [editedPolicy] });
 * r.changes[0]; // => { kind: 'BackendTrafficPolicy', path: '/timeout/http/requestTimeout', before: '10s', after: '30s', … }
 */
export function preview(
  base: SimulateResult,
  change: PreviewChange,
  options: SimulateOptions = {},
): PreviewResult {
  if (!patchesEnabled) {
    enablePatches();
    patchesEnabled = true;
  }
  const diagnostics: Diagnostic[] = [];

  // 1. The incoming resources.
  const incoming: Resource[] = [];
  // Admitted as the base was: the stored form of each object when the profile carries CRDs.
  const loadedUpserts =
    change.upsert && change.upsert.length > 0
      ? admittedLoad(loadObjects(change.upsert, { file: '<change>' }), undefined, options)
      : null;
  const loadedSources =
    change.sources && change.sources.length > 0
      ? admittedLoad(loadManifests(change.sources), change.sources, options)
      : null;
  for (const l of [loadedUpserts, loadedSources]) {
    if (!l) continue;
    diagnostics.push(...l.diagnostics);
    incoming.push(...l.resources);
  }

  // 2. Apply immutably over the key → resource map of the objects the change names, recording
  // patches (the rest of the base is untouched, so it need not be drafted).
  const named = new Set<string>([
    ...(change.delete ?? []),
    ...(change.restore ?? []).map((r) => r.key),
    ...incoming.map((r) => r.key),
  ]);
  const baseIndex = baseIndexOf(base.load);
  const baseMap: Record<string, Resource> = {};
  for (const key of named) {
    const r = baseIndex.byKey.get(key);
    if (r) baseMap[key] = r;
  }
  let maxIndex = baseIndex.maxIndex;
  const [nextMap, patches, inversePatches] = immer.produceWithPatches(baseMap, (draft) => {
    for (const key of change.delete ?? []) {
      if (draft[key]) delete draft[key];
      else {
        diagnostics.push({
          code: 'GWP-PREVIEW-DELETE-UNKNOWN',
          severity: 'warning',
          message: `--delete ${key}: no such object in the base; nothing deleted`,
          resource: key,
        });
      }
    }
    for (const r of change.restore ?? []) draft[r.key] = r;
    for (const r of incoming) {
      const existing = draft[r.key];
      // A replacement keeps its place in input order; an addition goes last.
      draft[r.key] = { ...r, index: existing ? existing.index : ++maxIndex } as Resource;
    }
  });

  const changedKeys = new Set<string>();
  for (const p of patches) changedKeys.add(String(p.path[0]));
  const inverse = inverseOf(inversePatches, baseMap);

  // 3. The state after the change: the base list with the changed keys replaced, removed or added.
  const resources: Resource[] = [];
  for (const r of base.load.resources) {
    if (!changedKeys.has(r.key)) resources.push(r);
  }
  for (const key of changedKeys) {
    const r = nextMap[key];
    if (r) resources.push(r);
  }
  if (changedKeys.size > 0) resources.sort((a, b) => a.index - b.index);
  const afterLoad: LoadResult = { ...base.load, resources };
  const changedKinds = new Set<string>([...changedKeys].map((k) => k.split('/')[0] ?? ''));
  // Policies Envoy Gateway does not watch are left out by buildTopology, with a diagnostic.
  const policyOnly =
    [...changedKinds].every((k) => (POLICY_KINDS as readonly string[]).includes(k)) &&
    [...changedKeys].every((k) => nextMap[k] === undefined || base.topology.watches(nextMap[k]!));
  let after: SimulateResult;
  if (changedKeys.size === 0) {
    after = base;
  } else if (policyOnly) {
    const topology = withPolicies(
      base.topology,
      resources,
      changedKinds as Set<PolicyKind>,
      changedKeys,
      nextMap,
    );
    // One kind changed: the base's engine re-resolves only what the change touches.
    const onlyKind = changedKinds.size === 1 ? ([...changedKinds][0] as PolicyKind) : null;
    const delta =
      onlyKind === null
        ? undefined
        : {
            kind: onlyKind,
            removed: [...changedKeys]
              .map((k) => baseMap[k])
              .filter((r): r is Resource => !!r) as Resource<Policy>[],
            added: [...changedKeys]
              .map((k) => nextMap[k])
              .filter((r): r is Resource => !!r) as Resource<Policy>[],
          };
    const resolution = resolvePolicies(topology, {
      ...resolveOptionsOf(options),
      reuse: {
        base: base.resolution,
        changedKinds: changedKinds as Set<PolicyKind>,
        ...(delta ? { delta } : {}),
      },
    });
    after = {
      load: afterLoad,
      topology,
      resolution,
      diagnostics: [...afterLoad.diagnostics, ...resolution.diagnostics],
    };
  } else {
    // The same instant as the base: certificate validity must not change between the two sides.
    after = simulate(afterLoad, {
      ...options,
      topology: { ...options.topology, now: base.topology.options.now },
    });
  }
  diagnostics.push(...after.diagnostics.filter((d) => d.severity !== 'info'));

  // 4. Diffs.
  // SecurityPolicies read the client IP detection of ClientTrafficPolicies (GeoIP), so a
  // ClientTrafficPolicy change can change their status too (resolvePolicies re-resolves them).
  const kindsToDiff: readonly PolicyKind[] = policyOnly
    ? POLICY_KINDS.filter(
        (k) => changedKinds.has(k) || (k === 'SecurityPolicy' && changedKinds.has('ClientTrafficPolicy')),
      )
    : POLICY_KINDS;
  const inc = resolutionDelta(after.resolution);
  const changes = diffPoints(
    base.resolution,
    after.resolution,
    kindsToDiff,
    changedKeys,
    policyOnly,
    inc?.points,
  );
  const statusChanges = diffStatus(base.resolution, after.resolution, kindsToDiff, inc?.policies);
  // Only a ClientTrafficPolicy (or a graph) change can make a listener fail or recover.
  const listenerChanges = kindsToDiff.includes('ClientTrafficPolicy')
    ? diffListenerFailures(base.resolution, after.resolution)
    : [];
  return { changes, statusChanges, listenerChanges, diagnostics, inverse, after, patches, inversePatches };
}

const baseIndexes = new WeakMap<LoadResult, { byKey: Map<string, Resource>; maxIndex: number }>();

/** Resources by key and the largest input index of a load, computed once per load. */
function baseIndexOf(load: LoadResult): { byKey: Map<string, Resource>; maxIndex: number } {
  let idx = baseIndexes.get(load);
  if (!idx) {
    const byKey = new Map<string, Resource>();
    let maxIndex = -1;
    for (const r of load.resources) {
      byKey.set(r.key, r);
      if (r.index > maxIndex) maxIndex = r.index;
    }
    idx = { byKey, maxIndex };
    baseIndexes.set(load, idx);
  }
  return idx;
}

function resolveOptionsOf(options: SimulateOptions) {
  return {
    ...(options.order !== undefined ? { order: options.order } : {}),
    ...(options.admission !== undefined ? { admission: options.admission } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    merge: options.merge ?? mergeHook,
  };
}

/** The inverse change from immer's inverse patches. */
function inverseOf(
  inversePatches: readonly Patch[],
  baseMap: Readonly<Record<string, Resource>>,
): PreviewChange {
  const restore: Resource[] = [];
  const del: string[] = [];
  for (const p of inversePatches) {
    const key = String(p.path[0]);
    if (p.op === 'remove') del.push(key);
    else if (baseMap[key]) restore.push(baseMap[key]);
  }
  return { restore, delete: del };
}

/** The base graph with other policies: Gateways, listeners and routes are shared. */
function withPolicies(
  base: Topology,
  resources: readonly Resource[],
  kinds: ReadonlySet<PolicyKind>,
  changedKeys: ReadonlySet<string>,
  nextMap: Readonly<Record<string, Resource>>,
): Topology {
  // The changed kinds' lists: the base's, with the changed keys replaced, removed or added.
  const policies = new Map(base.policies);
  for (const k of kinds) {
    const list: Resource<Policy>[] = [];
    for (const r of base.policies.get(k) ?? []) {
      if (!changedKeys.has(r.key)) list.push(r);
      else if (nextMap[r.key]) list.push(nextMap[r.key] as Resource<Policy>);
    }
    const had = new Set((base.policies.get(k) ?? []).map((r) => r.key));
    for (const key of changedKeys) {
      const r = nextMap[key];
      if (r && r.kind === k && !had.has(key)) list.push(r as Resource<Policy>);
    }
    list.sort((a, b) => a.index - b.index);
    policies.set(k, list);
  }
  return { ...base, resources, byKey: overlay(base.byKey, changedKeys, nextMap), policies };
}

/** The base's key index seen through the change, without copying it. */
function overlay(
  base: ReadonlyMap<string, Resource>,
  changed: ReadonlySet<string>,
  next: Readonly<Record<string, Resource>>,
): ReadonlyMap<string, Resource> {
  const get = (k: string): Resource | undefined => (changed.has(k) ? next[k] : base.get(k));
  const keys = (): string[] => [
    ...[...base.keys()].filter((k) => !changed.has(k) || next[k] !== undefined),
    ...[...changed].filter((k) => !base.has(k) && next[k] !== undefined),
  ];
  const entries = (): [string, Resource][] => keys().map((k) => [k, get(k)!]);
  let size: number | undefined;
  return {
    get,
    has: (k) => get(k) !== undefined,
    get size() {
      size ??= keys().length;
      return size;
    },
    keys: () => keys()[Symbol.iterator](),
    values: () =>
      entries()
        .map(([, v]) => v)
        [Symbol.iterator](),
    entries: () => entries()[Symbol.iterator](),
    forEach: (f) => {
      for (const [k, v] of entries()) f(v, k, base);
    },
    [Symbol.iterator]: () => entries()[Symbol.iterator](),
  } as ReadonlyMap<string, Resource>;
}

/**
 * Policies of a kind by `ns/name`: the object Envoy Gateway handled (R4.4) when the identity is
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
      return res.topology.byKey.get(`${kind}/${id}`) as Resource<Policy> | undefined;
    },
  };
}

/** Leaf diffs per point and kind, only where the decision or an applied policy changed. */
function diffPoints(
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
      !!pp && pp.applied.some((id) => changedKeys.has(`${kind}/${id}`));
    const visit = (pb: Point | undefined, pa: Point | undefined): void => {
      const ppB = pb?.policies[kind];
      const ppA = pa?.policies[kind];
      if (!ppB && !ppA) return;
      if (fastDeepEqual(ppB, ppA) && !touched(ppB) && !touched(ppA)) return;
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
        if (hasB && hasA && fastDeepEqual(vb, va) && sb === sa) continue;
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
function diffListenerFailures(before: Resolution, after: Resolution): ListenerChange[] {
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
function diffStatus(
  before: Resolution,
  after: Resolution,
  kinds: readonly PolicyKind[],
  onlyPolicies?: ReadonlySet<string>,
): StatusChange[] {
  const out: StatusChange[] = [];
  const docB = onlyPolicies ? null : policyStatus(restrict(before, kinds));
  const docA = onlyPolicies ? null : policyStatus(restrict(after, kinds));
  for (const kind of kinds) {
    const key = STATUS_KEYS[kind];
    const mapOf = (
      list:
        | readonly {
            metadata: { namespace?: string; name: string };
            status: { ancestors: readonly PolicyAncestorStatus[] | null };
          }[]
        | undefined,
    ) =>
      new Map(
        (list ?? []).map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p.status.ancestors ?? []]),
      );
    const partial = (res: Resolution): Map<string, readonly PolicyAncestorStatus[]> =>
      new Map([...policyAncestors(res, kind, onlyPolicies!)].map(([id, x]) => [id, x ?? []]));
    const b = docB ? mapOf(docB[key] as never) : partial(before);
    const a = docA ? mapOf(docA[key] as never) : partial(after);
    const ids = new Set([...b.keys(), ...a.keys()]);
    for (const id of ids) {
      const ab = b.get(id) ?? [];
      const aa = a.get(id) ?? [];
      if (fastDeepEqual(ab, aa)) continue;
      const refKey = (r: AncestorRef): string =>
        JSON.stringify([r.kind, r.namespace, r.name, r.sectionName ?? null]);
      const mb = new Map(ab.map((x) => [refKey(x.ancestorRef), x]));
      const ma = new Map(aa.map((x) => [refKey(x.ancestorRef), x]));
      for (const [k, x] of mb) {
        const y = ma.get(k);
        if (y && fastDeepEqual(x.conditions, y.conditions)) continue;
        out.push({
          policy: `${kind}/${id}`,
          ancestor: x.ancestorRef,
          before: x.conditions,
          ...(y ? { after: y.conditions } : {}),
        });
      }
      for (const [k, y] of ma) {
        if (!mb.has(k)) out.push({ policy: `${kind}/${id}`, ancestor: y.ancestorRef, after: y.conditions });
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
