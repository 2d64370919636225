/**
 * The merge function the precedence engine calls where a route policy with `mergeType` meets its
 * parent (R7.5) unless `ResolveOptions.merge` brings another: `mergePolicies` from the merge
 * layer, so merge errors and the merged SecurityPolicy's re-validation (R7.9) show in status.
 *
 * @packageDocumentation
 */
import { mergePolicies } from '../merge/merge-policies.js';
import type { MergeHook, MergeHookResult } from './resolution-types.js';

/** Results per (parent object, route object, mergeType). Objects are never mutated, so identity is a safe key. */
const cache = new WeakMap<object, WeakMap<object, Map<string, MergeHookResult>>>();

/**
 * Merges as Envoy Gateway's `utils.Merge` does and reports a failure as error text. A route
 * policy on many listeners merges with the same parent many times: results are memoised by
 * object identity.
 *
 * @param parent - the parent policy object
 * @param routePolicy - the route or rule policy with `mergeType`
 * @param mergeType - `StrategicMerge` or `JSONMerge`
 * @returns the merged object, or the error text
 * @example
 * resolvePolicies(topology, { merge: mergeHook });
 */
export const mergeHook: MergeHook = (parent, routePolicy, mergeType): MergeHookResult => {
  const cacheable =
    typeof parent === 'object' && parent !== null && typeof routePolicy === 'object' && routePolicy !== null;
  let byRoute: WeakMap<object, Map<string, MergeHookResult>> | undefined;
  let byType: Map<string, MergeHookResult> | undefined;
  if (cacheable) {
    byRoute = cache.get(parent);
    if (!byRoute) {
      byRoute = new WeakMap();
      cache.set(parent, byRoute);
    }
    byType = byRoute.get(routePolicy);
    const hit = byType?.get(mergeType);
    if (hit) return hit;
  }
  const r = mergePolicies(parent, routePolicy, mergeType, { details: false });
  const result: MergeHookResult = r.ok
    ? { ok: true, merged: r.merged }
    : { ok: false, error: r.diagnostics.map((d) => d.message).join('; ') || 'merge failed' };
  if (byRoute && cacheable) {
    if (!byType) {
      byType = new Map();
      byRoute.set(routePolicy as object, byType);
    }
    byType.set(mergeType, result);
  }
  return result;
};
