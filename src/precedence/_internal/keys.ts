/**
 * The string identities the engine keys its bookkeeping by: a policy's identity (R4.4: Envoy
 * Gateway keys handled policies by namespace and name) and the `ns/name` keys of the graph.
 */
import type { Resource } from '../../model/resource.js';

/**
 * A policy's identity: `Kind/namespace/name` (its resource key, `formatRef`), carried by its
 * status operations, decisions and claims. Envoy Gateway keys handled policies by namespace and
 * name within a kind (R4.4), which this is.
 *
 * @param p - the policy resource
 * @returns its identity
 */
export function policyId(p: Resource): string {
  return p.key;
}

/**
 * Splits a graph key `ns/name`.
 *
 * @param key - the key
 * @returns namespace and name
 */
export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
