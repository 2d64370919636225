/**
 * The merge hook the precedence engine calls where a route policy with `mergeType` meets its
 * parent (R7.5): `mergePolicies` from the merge layer, adapted to `ResolveOptions.merge`.
 *
 * @packageDocumentation
 */
import { mergePolicies } from '../merge/merge-policies.js';
import type { MergeHook, MergeHookResult } from '../precedence/resolution-types.js';

/**
 * Merges as Envoy Gateway's `utils.Merge` does and reports a failure as error text.
 *
 * @param parent - the parent policy object
 * @param routePolicy - the route or rule policy with `mergeType`
 * @param mergeType - `StrategicMerge` or `JSONMerge`
 * @returns the merged object, or the error text
 * @example
 * resolvePolicies(topology, { merge: mergeHook });
 */
export const mergeHook: MergeHook = (parent, routePolicy, mergeType): MergeHookResult => {
  const r = mergePolicies(parent, routePolicy, mergeType);
  if (r.ok) return { ok: true, merged: r.merged };
  return { ok: false, error: r.diagnostics.map((d) => d.message).join('; ') || 'merge failed' };
};
