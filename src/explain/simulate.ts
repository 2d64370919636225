/**
 * `simulate`: the whole pipeline in one call, load → topology → resolution.
 *
 * @packageDocumentation
 */
import type { FieldValidation } from '../model/admission-types.js';
import { buildTopology } from '../model/build-topology.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { loadManifests } from '../model/load-manifests.js';
import type { LoadOptions, LoadResult, ManifestSource } from '../model/load-types.js';
import type { Topology, TopologyOptions } from '../model/topology-types.js';
import type { Resolution, ResolveOptions } from '../precedence/resolution-types.js';
import { resolvePolicies } from '../precedence/resolve-policies.js';
import { admittedLoad, sourcesOf } from './_internal/admitted-load.js';

/** Options of {@link simulate}: the loader's, the resolver's, and the topology's under `topology`. */
export interface SimulateOptions extends LoadOptions, ResolveOptions {
  /** Options of `buildTopology` (controller name, Backend support, mergeGateways, …). */
  readonly topology?: TopologyOptions;
  /**
   * Unknown fields, when the profile carries CRDs (`loadProfileCrds`): `strict` (kubectl's
   * default) refuses the object, `warn` drops the field with a warning, `ignore` drops it
   * silently. Default `strict`; Envoy Gateway's translator-test layout defaults to `ignore` and
   * keeps its objects as given, as its harness does.
   */
  readonly fieldValidation?: FieldValidation;
}

/** What {@link simulate} returns: every stage's result, and all their diagnostics in one list. */
export interface SimulateResult {
  /**
   * The loaded resources, as the API server would store them when the profile carries CRDs
   * (pruned, defaulted in `cluster` ordering, refused objects other than policies left out).
   */
  readonly load: LoadResult;
  readonly topology: Topology;
  readonly resolution: Resolution;
  /**
   * The loader's diagnostics, then the resolution's (which holds the topology's and the
   * admission diagnostics), in that order. The loader's and admission's carry their field's
   * range; `locateDiagnostics(diagnostics, load, sources)` places the others at theirs.
   */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs the pipeline on manifests: `loadManifests`, `admitManifests` when the profile carries a
 * CRD set (`loadProfileCrds`; defaults only in `cluster` ordering), `buildTopology`,
 * `resolvePolicies` (with `mergeHook`, so merge errors and re-validation show in status). Never throws
 * on user input: problems are in `diagnostics`. Defaults are those of each stage (`order: 'cluster'`,
 * `admission: 'reject'`, profile `envoy-gateway-v1.9`). Pure and browser-safe.
 *
 * @param input - YAML/JSON text (reported as `<input>`), a source, or several sources, or a
 *   {@link LoadResult} already loaded
 * @param options - {@link SimulateOptions}
 * @returns the load result, the topology, the resolution and all diagnostics
 * @throws {@link GatewayPolicySimError} only on API misuse (a wrong argument type, a bad option)
 * @example
 * const { resolution, diagnostics } = simulate(text, { order: 'input' });
 * resolution.kinds.BackendTrafficPolicy.processed; // => ['BackendTrafficPolicy/default/gw-policy']
 * diagnostics.length; // => 0
 */
export function simulate(
  input: string | ManifestSource | readonly ManifestSource[] | LoadResult,
  options: SimulateOptions = {},
): SimulateResult {
  const loaded = isLoadResult(input) ? input : loadManifests(input, loadOptionsOf(options));
  const load = admittedLoad(loaded, isLoadResult(input) ? undefined : sourcesOf(input), options);
  // R2.1: the cluster order of Gateways, ListenerSets and routes is the resolution's to apply.
  const topology = buildTopology(load, options.topology ?? {});
  const resolution = resolvePolicies(topology, resolveOptionsOf(options));
  return { load, topology, resolution, diagnostics: [...load.diagnostics, ...resolution.diagnostics] };
}

function isLoadResult(input: unknown): input is LoadResult {
  return (
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    Array.isArray((input as { resources?: unknown }).resources) &&
    Array.isArray((input as { diagnostics?: unknown }).diagnostics)
  );
}

function loadOptionsOf(options: SimulateOptions): LoadOptions {
  return options.maxAliasCount === undefined ? {} : { maxAliasCount: options.maxAliasCount };
}

function resolveOptionsOf(options: SimulateOptions): ResolveOptions {
  return {
    ...(options.order !== undefined ? { order: options.order } : {}),
    ...(options.admission !== undefined ? { admission: options.admission } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.merge !== undefined ? { merge: options.merge } : {}),
  };
}
