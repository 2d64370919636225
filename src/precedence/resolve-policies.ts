/**
 * `resolvePolicies`: which policy wins where, for all four kinds.
 *
 * @packageDocumentation
 */
import type { Topology } from '../model/topology-types.js';
import { resolveRun, setupOf } from './_internal/resolve-run.js';
import type { Resolution, ResolveOptions } from './resolution-types.js';

/**
 * Resolves policy attachment for every policy kind: processing order, conflicts, claims,
 * merges, and the status operations Envoy Gateway would perform. By default it orders, merges and
 * validates exactly as `simulate` does (cluster order, the merge layer's `mergePolicies`,
 * admission `reject`), so `buildTopology` + `resolvePolicies` + `policyStatus` equals `simulate`.
 * Never throws on user input.
 *
 * @param topology - the graph from `buildTopology`
 * @param options - ordering mode, admission mode, semantics profile, merge function
 * @returns the resolution: plain data (`structuredClone` keeps it whole)
 * @example
 * const res = resolvePolicies(buildTopology(loadManifests(text)), { order: 'cluster' });
 * res.points[0]?.policies.BackendTrafficPolicy?.applied; // => ['BackendTrafficPolicy/default/route-policy']
 */
export function resolvePolicies(topology: Topology, options: ResolveOptions = {}): Resolution {
  return resolveRun(topology, setupOf(options), options.reuse).resolution;
}
