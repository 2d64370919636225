import { enablePatches, Immer, type Patch } from 'immer';
import { nearestNames } from '../model/_internal/nearest-names.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { fail } from '../model/errors.js';
import { loadManifests } from '../model/load-manifests.js';
import { loadObjects } from '../model/load-objects.js';
import type { LoadOptions, LoadResult } from '../model/load-types.js';
import { parseRef } from '../model/object-ref.js';
import type { Resource } from '../model/resource.js';
import type { Topology, TopologyOptions } from '../model/topology-types.js';
import { POLICY_KINDS, type Policy, type PolicyKind } from '../model/types.js';
import { watchedBy } from '../model/watched-by.js';
import { mergeHook } from '../precedence/merge-hook.js';
import {
  createResolutionState,
  type ResolutionState,
  withKindChange,
} from '../precedence/resolution-state.js';
import type { MergeHook, Resolution, ResolveOptions } from '../precedence/resolution-types.js';
import { resolvePolicies } from '../precedence/resolve-policies.js';
import { type AdmittedLoadOptions, admittedLoad } from './_internal/admitted-load.js';
import { diffListenerFailures, diffPoints, diffStatus } from './_internal/preview-diff.js';
import type { PreviewChange, PreviewOptions, PreviewResult, PreviewState } from './preview-types.js';
import { type SimulateResult, simulate } from './simulate.js';

/** The state as `preview` sees it. */
interface PreviewStateInternal extends PreviewState {
  incrementalPreviews: number;
  readonly engines: ResolutionState;
  /** The base's resources by key and its largest input index. */
  readonly baseIndex: BaseIndex;
}

/**
 * Makes the state incremental previews of a base need: the base's resolution with its engine
 * state (as much work as resolving the base once).
 *
 * @param base - `simulate(...)` of the current manifests
 * @param options - `merge`: the merge function the base was simulated with (default `mergeHook`)
 * @returns the state, for `preview(base, change, { state })`
 * @example
 * const state = createPreviewState(base);
 * preview(base, { upsert: [edited] }, { state }).changes; // => the same as without the state, sooner
 */
export function createPreviewState(
  base: SimulateResult,
  options: { readonly merge?: MergeHook } = {},
): PreviewState {
  const engines = createResolutionState(base.topology, {
    ...baseResolveOptions(base),
    merge: options.merge ?? mergeHook,
  });
  // The engines stand for the base's resolution (equal to it: the same graph and options).
  (engines as { resolution: Resolution }).resolution = base.resolution;
  const state: PreviewStateInternal = {
    base,
    incrementalPreviews: 0,
    engines,
    baseIndex: baseIndexOf(base.load),
  };
  return state;
}

const immer = new Immer({ autoFreeze: false });
let patchesEnabled = false;

/**
 * Previews a change against a simulated base, resolved with the base's options. Only the policy
 * kinds the change touches are resolved again when the change holds only policies (with a
 * {@link PreviewState}, only what a one-kind change touches); any other change rebuilds the graph.
 * The base is never modified.
 *
 * @param base - `simulate(...)` of the current manifests
 * @param change - what to add, replace, delete or restore
 * @param options - {@link PreviewOptions}: the base's options are inherited; a state makes
 *   one-kind policy changes incremental
 * @returns point and status diffs, diagnostics, the inverse change and the new state
 * @throws {@link GatewayPolicySimError} when an option differs from the base's, or the state is another base's
 * @example
 * const base = simulate(text);
 * const r = preview(base, { upsert: [editedPolicy] });
 * r.changes[0]; // => { kind: 'BackendTrafficPolicy', path: '/timeout/http/requestTimeout', before: '10s', after: '30s', … }
 */
export function preview(
  base: SimulateResult,
  change: PreviewChange,
  options: PreviewOptions = {},
): PreviewResult {
  return runPreview(base, change, options, false);
}

/**
 * {@link preview}, keeping the change in the state when it was re-resolved incrementally: the
 * state then stands for `result.after` (`state.base === result.after`), ready for the next change.
 * Otherwise the state is left as it was, for the old base. For sessions, which move from state to
 * state; not part of the public API.
 *
 * @param base - the state's base
 * @param change - the change
 * @param options - as {@link preview}, with the base's state
 * @returns what {@link preview} returns
 */
export function previewAndKeep(
  base: SimulateResult,
  change: PreviewChange,
  options: PreviewOptions & { readonly state: PreviewState },
): PreviewResult {
  return runPreview(base, change, options, true);
}

function runPreview(
  base: SimulateResult,
  change: PreviewChange,
  options: PreviewOptions,
  keep: boolean,
): PreviewResult {
  if (!patchesEnabled) {
    enablePatches();
    patchesEnabled = true;
  }
  const inherited = inheritedOptions(base, options);
  const state = options.state as PreviewStateInternal | undefined;
  if (state !== undefined && state.base !== base)
    fail('GWP-API-BAD-OPTION', 'preview: the state was made for another base (createPreviewState(base))');
  const diagnostics: Diagnostic[] = [];

  // 1. The incoming resources.
  const incoming: Resource[] = [];
  // Admitted as the base was: the stored form of each object when the profile carries CRDs.
  const loadedUpserts =
    change.upsert && change.upsert.length > 0
      ? admittedLoad(loadObjects(change.upsert, { file: '<change>' }), undefined, inherited.admit)
      : null;
  const loadedSources =
    change.sources && change.sources.length > 0
      ? admittedLoad(loadManifests(change.sources, inherited.load), change.sources, inherited.admit)
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
  const baseIndex = state?.baseIndex ?? baseIndexOf(base.load);
  // Keyed by user strings (`--delete __proto__`): no prototype to read from or write to.
  const baseMap: Record<string, Resource> = Object.create(null) as Record<string, Resource>;
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
          message: `--delete ${key}: no such object in the base; nothing deleted${didYouMean(key, baseIndex)}`,
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
  const changedKinds = new Set<string>([...changedKeys].map((k) => parseRef(k)?.kind ?? ''));
  // Policies Envoy Gateway does not watch are left out by buildTopology, with a diagnostic.
  const watched = watchedBy(base.topology);
  const policyOnly =
    [...changedKinds].every((k) => (POLICY_KINDS as readonly string[]).includes(k)) &&
    [...changedKeys].every((k) => nextMap[k] === undefined || watched(nextMap[k]!));
  let after: SimulateResult;
  /** After an incremental re-resolution: the points and policies it touched (the rest is the base's). */
  let touched: { readonly points: ReadonlySet<number>; readonly policies: ReadonlySet<string> } | undefined;
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
    // One six-pass kind changed and the caller holds the base's state: only what the change
    // touches is re-resolved.
    const onlyKind = changedKinds.size === 1 ? ([...changedKinds][0] as PolicyKind) : null;
    const incremental =
      state !== undefined && onlyKind !== null && onlyKind !== 'ClientTrafficPolicy'
        ? withKindChange(state.engines, topology, onlyKind, (c) => c, keep)
        : undefined;
    let resolution: Resolution;
    if (incremental) {
      state!.incrementalPreviews++;
      resolution = incremental.resolution;
      touched = incremental.delta;
    } else {
      resolution = resolvePolicies(topology, {
        ...inherited.resolve,
        reuse: { base: base.resolution, changedKinds: changedKinds as Set<PolicyKind> },
      });
    }
    after = {
      load: afterLoad,
      topology,
      resolution,
      diagnostics: [...afterLoad.diagnostics, ...resolution.diagnostics],
    };
    // A kept change: the state now stands for `after`.
    if (incremental && keep) moveState(state!, after, changedKeys, nextMap, maxIndex);
  } else {
    after = simulate(afterLoad, {
      ...inherited.resolve,
      ...inherited.load,
      ...(inherited.admit.fieldValidation === undefined
        ? {}
        : { fieldValidation: inherited.admit.fieldValidation }),
      topology: inherited.topology,
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
  const changes = diffPoints(
    base.resolution,
    after.resolution,
    kindsToDiff,
    changedKeys,
    policyOnly,
    touched?.points,
  );
  const statusChanges = diffStatus(base.resolution, after.resolution, kindsToDiff, touched?.policies);
  // Only a ClientTrafficPolicy (or a graph) change can make a listener fail or recover.
  const listenerChanges = kindsToDiff.includes('ClientTrafficPolicy')
    ? diffListenerFailures(base.resolution, after.resolution)
    : [];
  return { changes, statusChanges, listenerChanges, diagnostics, inverse, after };
}

/** Points a state whose engines kept a change at the state after it. */
function moveState(
  state: PreviewStateInternal,
  after: SimulateResult,
  changedKeys: ReadonlySet<string>,
  nextMap: Readonly<Record<string, Resource>>,
  maxIndex: number,
): void {
  const byKey = state.baseIndex.byKey as Map<string, Resource>;
  let max = maxIndex;
  for (const key of changedKeys) {
    const r = nextMap[key];
    if (r === undefined) byKey.delete(key);
    else {
      byKey.set(key, r);
      if (r.index > max) max = r.index;
    }
  }
  (state as { base: SimulateResult }).base = after;
  (state as { baseIndex: BaseIndex }).baseIndex = { byKey, maxIndex: max };
}

/** The options the base was simulated with, as `simulate` takes them. */
function baseResolveOptions(base: SimulateResult): ResolveOptions {
  const r = base.resolution;
  return { order: r.order, admission: r.admission, profile: r.profile };
}

/**
 * The options a preview resolves with: the base's (order, admission, profile, topology options,
 * the certificate instant included), with the caller's merge function; every other option the
 * caller gives must equal the base's.
 */
function inheritedOptions(
  base: SimulateResult,
  options: PreviewOptions,
): { resolve: ResolveOptions; topology: TopologyOptions; load: LoadOptions; admit: AdmittedLoadOptions } {
  const r = base.resolution;
  const differs = (name: string, given: unknown, own: unknown): void => {
    if (given !== undefined && given !== own)
      fail(
        'GWP-API-BAD-OPTION',
        `preview: option ${name} is ${JSON.stringify(given)} but the base was simulated with ${JSON.stringify(own)}; a preview uses the base's options`,
      );
  };
  differs('order', options.order, r.order);
  differs('admission', options.admission, r.admission);
  const profile = options.profile;
  differs('profile', typeof profile === 'object' ? profile.name : profile, r.profile.name);
  const t = base.topology.options;
  for (const [k, v] of Object.entries(options.topology ?? {})) {
    const own = (t as Record<string, unknown>)[k];
    if (k === 'now') differs('topology.now', v === undefined ? undefined : instantOf(v), own);
    else if (k === 'implicitNamespaces' && Array.isArray(v) && Array.isArray(own))
      differs(`topology.${k}`, v.join(','), own.join(','));
    else differs(`topology.${k}`, v, own);
  }
  // The caller's profile object when it brings a CRD set (a base passed through structuredClone
  // has lost its compiled set: see `Resolution.profile`), else the base's.
  const admitWith = typeof profile === 'object' && profile.crds !== undefined ? profile : r.profile;
  return {
    resolve: { ...baseResolveOptions(base), profile: admitWith, merge: options.merge ?? mergeHook },
    topology: baseTopologyOptions(base.topology),
    load: options.maxAliasCount === undefined ? {} : { maxAliasCount: options.maxAliasCount },
    admit: {
      profile: admitWith,
      order: r.order,
      admission: r.admission,
      ...(options.fieldValidation === undefined ? {} : { fieldValidation: options.fieldValidation }),
    },
  };
}

/**
 * The topology options the base was built with, as `buildTopology` takes them: the settings the
 * EnvoyGateway configuration decides only where an option overrode it (a change to the
 * configuration in the input then takes effect), `mergeGateways` only when it was forced.
 */
function baseTopologyOptions(topology: Topology): TopologyOptions {
  const {
    mergeGateways,
    controllerName,
    enableBackend,
    enableLua,
    globalRateLimit,
    enableSDSSecretRef,
    ...rest
  } = topology.options;
  const fromConfig = { controllerName, enableBackend, enableLua, globalRateLimit, enableSDSSecretRef };
  const overridden = new Set(topology.envoyGateway.overridden);
  return {
    ...rest,
    ...Object.fromEntries(Object.entries(fromConfig).filter(([k]) => overridden.has(k))),
    ...(mergeGateways === null ? {} : { mergeGateways }),
  };
}

/** A `TopologyOptions.now` in milliseconds. */
function instantOf(now: unknown): number {
  return now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(String(now));
}

/** The nearest keys of the base to one that names nothing (same kind first), as a hint. */
function didYouMean(key: string, baseIndex: BaseIndex): string {
  const kind = parseRef(key)?.kind;
  const sameKind = [...baseIndex.byKey.keys()].filter((k) => parseRef(k)?.kind === kind);
  const names = nearestNames(key, sameKind.length > 0 ? sameKind : baseIndex.byKey.keys());
  return names.length === 0 ? '' : ` (did you mean ${names.join(', ')}?)`;
}

/** A load's resources by key and its largest input index. */
interface BaseIndex {
  readonly byKey: ReadonlyMap<string, Resource>;
  readonly maxIndex: number;
}

/** The index of a load (kept in the preview state when there is one). */
function baseIndexOf(load: LoadResult): BaseIndex {
  const byKey = new Map<string, Resource>();
  let maxIndex = -1;
  for (const r of load.resources) {
    byKey.set(r.key, r);
    if (r.index > maxIndex) maxIndex = r.index;
  }
  return { byKey, maxIndex };
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

/** The base's key index with the change applied (a copy: results are plain data). */
function overlay(
  base: ReadonlyMap<string, Resource>,
  changed: ReadonlySet<string>,
  next: Readonly<Record<string, Resource>>,
): ReadonlyMap<string, Resource> {
  const out = new Map(base);
  for (const k of changed) {
    const r = next[k];
    if (r === undefined) out.delete(k);
    else out.set(k, r);
  }
  return out;
}
