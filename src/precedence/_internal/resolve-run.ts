/**
 * One resolution: admission, then every kind in Envoy Gateway's order (R2.5: ClientTrafficPolicy
 * first, then BackendTrafficPolicy, SecurityPolicy, EnvoyExtensionPolicy), then the points. The
 * engine state of each kind is returned beside the (plain) resolution, for whoever wants to
 * re-resolve a change incrementally (`resolution-state.ts`).
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { fail } from '../../model/errors.js';
import type { DuplicateResource } from '../../model/load-types.js';
import { parseRef } from '../../model/object-ref.js';
import type { Resource } from '../../model/resource.js';
import type { Topology } from '../../model/topology-types.js';
import type { Policy, PolicyKind } from '../../model/types.js';
import { POLICY_KINDS } from '../../model/types.js';
import { validate } from '../../model/validate.js';
import { mergeHook } from '../merge-hook.js';
import { orderPolicies } from '../order-policies.js';
import { ENVOY_GATEWAY_V1_9, PROFILES, type SemanticsProfile } from '../profile.js';
import type {
  AdmissionMode,
  KindResolution,
  MergeHook,
  OrderMode,
  PointPolicy,
  Resolution,
  ResolveOptions,
} from '../resolution-types.js';
import { resolveClientTraffic } from './client-traffic/run.js';
import { runAll } from './engine/full-run.js';
import { type KindContext, newKindContext } from './engine/kind-context.js';
import type { PointTable } from './engine/output.js';
import type { DirectKind } from './engine/visit.js';
import { uncheckedRegexpDiagnostics } from './features/unchecked-regexps.js';
import { policyId } from './keys.js';
import { freezePoints } from './points.js';
import { newRunContext, type RunContext } from './run-context.js';
import type { KindRun } from './status-recorder.js';

/** The options of a resolution, checked and with their defaults. */
export interface ResolveSetup {
  readonly order: OrderMode;
  readonly admission: AdmissionMode;
  readonly profile: SemanticsProfile;
  readonly merge: MergeHook;
}

/**
 * Checks the options and fills in the defaults (the ones `simulate` uses).
 *
 * @param options - the options
 * @returns the setup
 */
export function setupOf(options: ResolveOptions): ResolveSetup {
  const order = options.order ?? 'cluster';
  const admission = options.admission ?? 'reject';
  if (order !== 'cluster' && order !== 'input')
    fail('GWP-API-BAD-OPTION', `order must be 'cluster' or 'input', got ${String(order)}`);
  if (admission !== 'reject' && admission !== 'report') {
    fail('GWP-API-BAD-OPTION', `admission must be 'reject' or 'report', got ${String(admission)}`);
  }
  return { order, admission, profile: profileOf(options.profile), merge: options.merge ?? mergeHook };
}

/** A resolution and the engine state behind it. */
export interface ResolvedRun {
  readonly resolution: Resolution;
  readonly run: RunContext;
  /** The engine state of each six-pass kind resolved in this run (kinds taken from a base have none). */
  readonly engines: ReadonlyMap<DirectKind, KindContext>;
}

/**
 * Resolves a topology.
 *
 * @param topology - the graph
 * @param setup - the checked options
 * @param reuse - a base resolution of the same graph whose kinds not in `changedKinds` are kept
 * @returns the resolution and its engine state
 */
export function resolveRun(
  topology: Topology,
  setup: ResolveSetup,
  reuse?: ResolveOptions['reuse'],
): ResolvedRun {
  const { order, admission, profile } = setup;
  if (reuse && (reuse.base.order !== order || reuse.base.profile.name !== profile.name)) {
    fail('GWP-API-BAD-OPTION', 'reuse: the base was resolved with another order or profile');
  }
  // SecurityPolicies read the listeners' client IP detection from ClientTrafficPolicies (GeoIP).
  const changed = (kind: PolicyKind): boolean =>
    !reuse ||
    reuse.changedKinds.has(kind) ||
    (kind === 'SecurityPolicy' && reuse.changedKinds.has('ClientTrafficPolicy'));

  // Admission: with `reuse`, only the changed kinds' policies are validated again.
  const admissionDiagnostics = reuse
    ? [
        ...reuse.base.admissionDiagnostics.filter((d) => !changed(kindOfKey(d.resource))),
        ...validate(
          POLICY_KINDS.filter(changed).flatMap((k) => topology.policies.get(k) ?? []),
          crdOptionsOf(profile),
        ),
      ]
    : validate(topology.resources, crdOptionsOf(profile));
  const { diagnostics, rejected } = admitted(admissionDiagnostics, admission);

  const run = newRunContext(topology, profile, order, setup.merge);
  const ordered = {} as Record<PolicyKind, readonly string[]>;
  const kinds = {} as Record<PolicyKind, KindResolution>;
  const perKind = new Map<PolicyKind, PointTable>();
  const engines = new Map<DirectKind, KindContext>();
  for (const kind of POLICY_KINDS) {
    // R2.2: the translator walks the list in the order it is given; only R2.1 / R2.3 order it.
    const all = topology.policies.get(kind) ?? [];
    const list = orderPolicies(
      admission === 'reject' ? all.filter((p) => !rejected.has(p.key)) : all,
      order,
      profile,
    );
    const processedList =
      order === 'input' ? withDuplicates(list, topology.duplicatePolicies.get(kind) ?? []) : list;
    if (reuse && !changed(kind)) {
      ordered[kind] = reuse.base.ordered[kind];
      kinds[kind] = reuse.base.kinds[kind];
      perKind.set(kind, pointsOfKind(reuse.base, kind));
      // The kinds after it read the listeners' ClientTrafficPolicies (R2.5): run it again for them.
      if (kind === 'ClientTrafficPolicy')
        run.translatedBy = resolveClientTraffic(run, processedList).translatedBy;
      continue;
    }
    ordered[kind] = list.map(policyId);
    let result: KindRun & { readonly pointPolicies: PointTable };
    if (kind === 'ClientTrafficPolicy') {
      const ctp = resolveClientTraffic(run, processedList);
      run.translatedBy = ctp.translatedBy;
      result = ctp;
    } else {
      const ctx = newKindContext(run, kind);
      result = runAll(ctx, processedList);
      engines.set(kind, ctx);
    }
    perKind.set(kind, result.pointPolicies);
    kinds[kind] = kindResolutionOf(kind, result);
  }
  const resolution: Resolution = {
    topology,
    order,
    admission,
    profile,
    ordered,
    kinds,
    points: freezePoints(run.points, perKind),
    diagnostics: [...topology.diagnostics, ...diagnostics, ...uncheckedRegexpDiagnostics(topology)],
    admissionDiagnostics,
  };
  return { resolution, run, engines };
}

/**
 * The admission diagnostics as the mode reports them (`report`: errors become warnings), and the
 * keys of the policies `reject` leaves out.
 *
 * @param admissionDiagnostics - the findings of `validate`
 * @param admission - the mode
 * @returns the diagnostics to report and the rejected keys
 */
export function admitted(
  admissionDiagnostics: readonly Diagnostic[],
  admission: AdmissionMode,
): { diagnostics: Diagnostic[]; rejected: Set<string> } {
  const diagnostics: Diagnostic[] = [];
  const rejected = new Set<string>();
  for (const d of admissionDiagnostics) {
    diagnostics.push(
      admission === 'reject' ? d : { ...d, severity: d.severity === 'error' ? 'warning' : d.severity },
    );
    if (d.severity === 'error' && d.resource !== undefined) rejected.add(d.resource);
  }
  return { diagnostics, rejected };
}

/** A kind's point policies, read back from a resolution's points. */
function pointsOfKind(res: Resolution, kind: PolicyKind): PointTable {
  const kept = new Map<number, PointPolicy>();
  res.points.forEach((pt, id) => {
    const pp = pt.policies[kind];
    if (pp) kept.set(id, pp);
  });
  return kept;
}

/**
 * Envoy Gateway's translator tests keep repeated identities (they are two list entries); they sit
 * at their input position and are processed under the first object's identity (R4.4). A cluster
 * cannot hold both, so only `input` ordering uses them.
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

/**
 * The public part of one kind's run.
 *
 * @param kind - the kind
 * @param run - its run
 * @returns its resolution
 */
export function kindResolutionOf(kind: PolicyKind, run: KindRun): KindResolution {
  return {
    kind,
    processed: run.processed,
    policies: run.processedResources,
    ops: run.ops,
    decisions: run.decisions,
  };
}

/**
 * With the profile's CRD set, admission is the API server's (schema, CEL, defaults).
 *
 * @param profile - the profile
 * @returns the options of `validate`
 */
export function crdOptionsOf(profile: SemanticsProfile): {
  readonly crds?: NonNullable<SemanticsProfile['crds']>;
} {
  return profile.crds === undefined ? {} : { crds: profile.crds };
}

function kindOfKey(key: string | undefined): PolicyKind {
  return ((key === undefined ? undefined : parseRef(key)?.kind) ?? '') as PolicyKind;
}

function profileOf(p: ResolveOptions['profile']): SemanticsProfile {
  if (p === undefined) return ENVOY_GATEWAY_V1_9;
  if (typeof p === 'string') {
    const found = PROFILES[p];
    if (!found)
      fail('GWP-API-BAD-OPTION', `unknown profile '${p}'; known: ${Object.keys(PROFILES).join(', ')}`);
    return found;
  }
  if (p.crds === undefined || !Object.prototype.propertyIsEnumerable.call(p, 'crds')) return p;
  // The compiled CRD set is code, not data: the resolution keeps it as a non-enumerable property,
  // so that the resolution stays plain data (structuredClone, JSON and deep equality skip it)
  // while `preview` still admits as the base did.
  const { crds, ...data } = p;
  return Object.defineProperty(data, 'crds', { value: crds, enumerable: false }) as SemanticsProfile;
}
