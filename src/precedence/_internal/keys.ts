/**
 * The string identities the engine keys its bookkeeping by: a policy's identity (R4.4: Envoy
 * Gateway keys handled policies by namespace and name) and the `ns/name` keys of the graph.
 */
import type { Resource } from '../../model/resource.js';

/**
 * `ns/name` of a policy: the identity its status operations, decisions and claims carry.
 *
 * @param p - the policy resource
 * @returns its identity
 */
export function policyId(p: Resource): string {
  // One string per resource: status operations, decisions and claims carry it, and the status
  // replay looks policies up by it (a string built anew would be hashed anew at every lookup).
  let id = POLICY_IDS.get(p);
  if (id === undefined) {
    id = `${p.namespace}/${p.name}`;
    POLICY_IDS.set(p, id);
  }
  return id;
}

const POLICY_IDS = new WeakMap<Resource, string>();

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
