/**
 * `resolvePolicies`: which policy wins where, for all four kinds.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { fail } from '../model/errors.js';
import type { DuplicateResource } from '../model/load-types.js';
import type { Resource } from '../model/resource.js';
import type { Topology } from '../model/topology-types.js';
import type { Policy, PolicyKind } from '../model/types.js';
import { POLICY_KINDS } from '../model/types.js';
import { validate } from '../model/validate.js';
import { resolveClientTraffic } from './_internal/client-traffic.js';
import { type EngineContext, type KindRun, policyId } from './_internal/context.js';
import { DirectEngine, type PointTable } from './_internal/direct-engine.js';
import { freezePoints, pointIndexOf } from './_internal/points.js';
import { orderPolicies } from './order-policies.js';
import { ENVOY_GATEWAY_V1_9, PROFILES, type SemanticsProfile } from './profile.js';
import type {
  KindResolution,
  OrderMode,
  Point,
  PointPolicy,
  Resolution,
  ResolveOptions,
} from './resolution-types.js';

/**
 * Resolves policy attachment for every policy kind: processing order, conflicts, claims,
 * merges, and the status operations Envoy Gateway would perform. Never throws on user input.
 *
 * @param topology - the graph from `buildTopology`
 * @param options - ordering mode, admission mode, semantics profile
 * @returns the resolution (plain data apart from the topology it references)
 * @example
 * const res = resolvePolicies(buildTopology(loadManifests(text)), { order: 'cluster' });
 * res.points[0]?.policies.BackendTrafficPolicy?.applied; // => ['default/route-policy']
 */
export function resolvePolicies(topology: Topology, options: ResolveOptions = {}): Resolution {
  const order = options.order ?? 'cluster';
  const admission = options.admission ?? 'reject';
  if (order !== 'cluster' && order !== 'input')
    fail('GWP-API-BAD-OPTION', `order must be 'cluster' or 'input', got ${String(order)}`);
  if (admission !== 'reject' && admission !== 'report') {
    fail('GWP-API-BAD-OPTION', `admission must be 'reject' or 'report', got ${String(admission)}`);
  }
  const profile = resolveProfile(options.profile);
  // With the profile's CRD set, admission is the API server's (schema, CEL, defaults).
  const crdOptions = profile.crds === undefined ? {} : { crds: profile.crds };

  const reuse = options.reuse;
  // SecurityPolicies read the listeners' client IP detection from ClientTrafficPolicies (GeoIP).
  const changed = (kind: PolicyKind): boolean =>
    !reuse ||
    reuse.changedKinds.has(kind) ||
    (kind === 'SecurityPolicy' && reuse.changedKinds.has('ClientTrafficPolicy'));
  const diagnostics: Diagnostic[] = [];
  // With `reuse`, only the changed kinds' policies are validated again; the rest is kept.
  const delta = reuse?.delta;
  let admissionDiagnostics: readonly Diagnostic[];
  if (reuse && delta) {
    const gone = new Set(delta.removed.map((r) => r.key));
    admissionDiagnostics = [
      ...reuse.base.admissionDiagnostics.filter((d) => d.resource === undefined || !gone.has(d.resource)),
      ...validate(delta.added, crdOptions),
    ];
  } else if (reuse) {
    admissionDiagnostics = [
      ...reuse.base.admissionDiagnostics.filter((d) => !changed(kindOfKey(d.resource))),
      ...validate(
        POLICY_KINDS.filter(changed).flatMap((k) => topology.policies.get(k) ?? []),
        crdOptions,
      ),
    ];
  } else {
    admissionDiagnostics = validate(topology.resources, crdOptions);
  }
  const rejected = new Set<string>();
  for (const d of admissionDiagnostics) {
    diagnostics.push(
      admission === 'reject' ? d : { ...d, severity: d.severity === 'error' ? 'warning' : d.severity },
    );
    if (d.severity === 'error' && d.resource !== undefined) rejected.add(d.resource);
  }

  const points = pointIndexOf(topology);
  // R2.1: in a cluster the provider sorts Gateways, ListenerSets and routes too, so selector
  // candidates with equal creationTimestamps come in (namespace, name) order, not input order.
  // The order is computed once; each selection is then sorted by that rank.
  let engineTopology: Topology = topology;
  if (order === 'cluster') {
    const rank = clusterRank(topology, profile);
    const byRank = (a: Resource, b: Resource): number => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
    engineTopology = {
      ...topology,
      select: (q, ns) => {
        const found = topology.select(q, ns);
        return found.length < 2 ? found : [...found].sort(byRank);
      },
    };
  }
  // Filled when the ClientTrafficPolicies are resolved (first, R2.5) or taken from the base.
  let translatedBy: ReadonlyMap<string, Resource<Policy>> = new Map();
  const ctx: EngineContext = {
    topology: engineTopology,
    profile,
    points,
    merge: options.merge,
    clientIPDetection: (listenerKey) => {
      const spec = translatedBy.get(listenerKey)?.object.spec as Record<string, unknown> | undefined;
      return spec?.clientIPDetection ?? null;
    },
  };
  const ordered = {} as Record<PolicyKind, readonly string[]>;
  const kinds = {} as Record<PolicyKind, KindResolution>;
  const perKind = new Map<PolicyKind, PointTable>();
  // R2.5: CTPs, then BTPs, SPs, EEPs; each kind has its own bookkeeping.
  let incremental: { kind: PolicyKind; points: ReadonlySet<number>; policies: ReadonlySet<string> } | null =
    null;
  const unchangedKinds: PolicyKind[] = [];
  for (const kind of POLICY_KINDS) {
    const engine =
      reuse && delta?.kind === kind && kind !== 'ClientTrafficPolicy'
        ? ENGINES.get(reuse.base.kinds[kind])
        : undefined;
    if (
      reuse &&
      delta &&
      engine &&
      order === reuse.base.order &&
      (topology.duplicatePolicies.get(kind) ?? []).length === 0
    ) {
      // Incremental: the base engine re-resolves what the change touches, then is put back.
      const added = delta.added.filter((r) => admission !== 'reject' || !rejected.has(r.key));
      const baseOrder = engine.order();
      const gone = new Set(delta.removed);
      const list = baseOrder.filter((r) => !gone.has(r));
      for (const r of added) insertOrdered(list, r, order, profile);
      const run = engine.update(delta.removed, added, list)!;
      engine.update(added, [...gone], baseOrder, { result: false });
      ordered[kind] = list.map(policyId);
      perKind.set(kind, run.pointPolicies);
      kinds[kind] = kindResolutionOf(kind, run);
      incremental = { kind, points: run.delta.points, policies: run.delta.policies };
      continue;
    }
    if (reuse && !changed(kind)) {
      ordered[kind] = reuse.base.ordered[kind];
      kinds[kind] = reuse.base.kinds[kind];
      if (kind === 'ClientTrafficPolicy') translatedBy = TRANSLATED.get(kinds[kind]) ?? new Map();
      unchangedKinds.push(kind);
      continue;
    }
    const all = topology.policies.get(kind) ?? [];
    const admitted = admission === 'reject' ? all.filter((p) => !rejected.has(p.key)) : all;
    let list: Resource<Policy>[] = orderPolicies(admitted, order, profile);
    ordered[kind] = list.map(policyId);
    if (order === 'input') list = withDuplicates(list, topology.duplicatePolicies.get(kind) ?? []);
    let run: ReturnType<DirectEngine['runAll']>;
    let direct: DirectEngine | null = null;
    if (kind === 'ClientTrafficPolicy') {
      const ctp = resolveClientTraffic(ctx, list);
      translatedBy = ctp.translatedBy;
      run = ctp;
    } else {
      direct = new DirectEngine(ctx, kind);
      run = direct.runAll(list);
    }
    perKind.set(kind, run.pointPolicies);
    kinds[kind] = kindResolutionOf(kind, run);
    if (direct) ENGINES.set(kinds[kind], direct);
    if (kind === 'ClientTrafficPolicy') TRANSLATED.set(kinds[kind], translatedBy);
  }

  let frozen: Point[];
  if (reuse && !incremental) {
    // Kinds taken whole from the base keep their point policies.
    for (const kind of unchangedKinds) {
      const kept = new Map<number, PointPolicy>();
      reuse.base.points.forEach((pt, id) => {
        const pp = pt.policies[kind];
        if (pp) kept.set(id, pp);
      });
      perKind.set(kind, kept);
    }
  }
  if (incremental && reuse) {
    // Only the points the change touched are rebuilt; the others are the base's objects.
    frozen = reuse.base.points.slice();
    const inc = incremental;
    const m = perKind.get(inc.kind)!;
    for (const id of inc.points) {
      const prev = frozen[id]!;
      const policies = { ...prev.policies };
      const pp = m.get(id);
      if (pp) policies[inc.kind] = pp;
      else delete policies[inc.kind];
      frozen[id] = { ...prev, policies };
    }
  } else {
    frozen = freezePoints(points, perKind);
  }
  const resolution: Resolution = {
    topology,
    order,
    admission,
    profile,
    ordered,
    kinds,
    points: frozen,
    diagnostics: [...topology.diagnostics, ...diagnostics],
    admissionDiagnostics,
  };
  if (incremental) DELTAS.set(resolution, incremental);
  return resolution;
}

/**
 * R2.1: the cluster order of Gateways, ListenerSets and routes, once per graph structure and
 * profile (a topology copied with other policies shares its route map, hence its order).
 */
function clusterRank(topology: Topology, profile: SemanticsProfile): ReadonlyMap<Resource, number> {
  let byProfile = RANKS.get(topology.routes);
  if (!byProfile) {
    byProfile = new Map();
    RANKS.set(topology.routes, byProfile);
  }
  const hit = byProfile.get(profile);
  if (hit && hit.gateways === topology.gateways && hit.listenerSets === topology.listenerSets)
    return hit.rank;
  const candidates: Resource[] = [
    ...[...topology.gateways.values()].map((g) => g.resource),
    ...[...topology.listenerSets.values()].map((l) => l.resource),
    ...[...topology.routes.values()].map((r) => r.resource),
  ];
  const rank = new Map<Resource, number>();
  orderPolicies(candidates, 'cluster', profile).forEach((r, i) => {
    rank.set(r, i);
  });
  byProfile.set(profile, { gateways: topology.gateways, listenerSets: topology.listenerSets, rank });
  return rank;
}

const RANKS = new WeakMap<
  object,
  Map<SemanticsProfile, { gateways: object; listenerSets: object; rank: ReadonlyMap<Resource, number> }>
>();

/** The engine behind each kind's resolution, for incremental re-resolution (private). */
const ENGINES = new WeakMap<KindResolution, DirectEngine>();
/** Per ClientTrafficPolicy resolution: listener key → the policy translated for it (private). */
const TRANSLATED = new WeakMap<KindResolution, ReadonlyMap<string, Resource<Policy>>>();
/** What an incremental resolution touched, relative to its base (private). */
const DELTAS = new WeakMap<
  Resolution,
  { kind: PolicyKind; points: ReadonlySet<number>; policies: ReadonlySet<string> }
>();

/**
 * For a resolution made incrementally (`reuse.delta`): the kind, the point indexes and the policy
 * ids whose results may differ from the base. Undefined for a full resolution.
 *
 * @param resolution - a resolution
 * @returns the delta, or undefined
 * @example
 * resolutionDelta(resolvePolicies(t, { reuse: { base, changedKinds, delta } }))?.points.size; // => 3
 */
export function resolutionDelta(resolution: Resolution):
  | {
      readonly kind: PolicyKind;
      readonly points: ReadonlySet<number>;
      readonly policies: ReadonlySet<string>;
    }
  | undefined {
  return DELTAS.get(resolution);
}

/** Inserts a policy into an ordered list at its place in the ordering mode (binary search). */
function insertOrdered(
  list: Resource<Policy>[],
  r: Resource<Policy>,
  order: OrderMode,
  profile: SemanticsProfile,
): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const pair = orderPolicies([list[mid]!, r], order, profile);
    if (pair[0] === r) hi = mid;
    else lo = mid + 1;
  }
  list.splice(lo, 0, r);
}

/**
 * Envoy Gateway's translator tests keep repeated identities (they are two list entries); they sit
 * at their input position and are processed under the first object's identity (R4.4, see
 * `KindRecorder.handle`). A cluster cannot hold both, so only `input` ordering uses them.
 */
function withDuplicates(
  list: Resource<Policy>[],
  duplicates: readonly DuplicateResource[],
): Resource<Policy>[] {
  if (duplicates.length === 0) return list;
  const keyed: [number, Resource<Policy>][] = list.map((r) => [r.index, r]);
  for (const d of duplicates) keyed.push([d.inputPosition - 0.5, d as Resource<Policy>]);
  return keyed.sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

/** The public part of one kind's run. */
function kindResolutionOf(kind: PolicyKind, run: KindRun): KindResolution {
  return {
    kind,
    processed: run.processed,
    policies: run.processedResources,
    ops: run.ops,
    decisions: run.decisions,
  };
}

function kindOfKey(key: string | undefined): PolicyKind {
  return (key?.split('/')[0] ?? '') as PolicyKind;
}

function resolveProfile(p: ResolveOptions['profile']): SemanticsProfile {
  if (p === undefined) return ENVOY_GATEWAY_V1_9;
  if (typeof p === 'string') {
    const found = PROFILES[p];
    if (!found)
      fail('GWP-API-BAD-OPTION', `unknown profile '${p}'; known: ${Object.keys(PROFILES).join(', ')}`);
    return found;
  }
  return p;
}
