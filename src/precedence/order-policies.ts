/**
 * Policy ordering (R2.1–R2.3).
 *
 * @packageDocumentation
 */

import { compareBytes } from '../go/string-order.js';
import type { Resource } from '../model/resource.js';
import type { SemanticsProfile } from './profile.js';
import type { OrderMode } from './resolution-types.js';

/**
 * Orders resources as Envoy Gateway would see them. `input` keeps input order (the translator
 * tests, R2.3). `cluster` sorts by creationTimestamp (second precision; absent first, as the zero
 * time), then namespace, then name (R2.1) — or by the `ns/name` string on profiles ≤ v1.5.
 *
 * @param resources - resources of one kind
 * @param mode - ordering mode
 * @param profile - semantics profile (tie-break key)
 * @returns a new, ordered array
 * @example
 * orderPolicies(policies, 'cluster', ENVOY_GATEWAY_V1_9).map((p) => p.key);
 * // => oldest first; equal times by namespace, then name
 */
export function orderPolicies<T extends Resource>(
  resources: readonly T[],
  mode: OrderMode,
  profile: SemanticsProfile,
): T[] {
  const out = [...resources].sort((a, b) => a.index - b.index);
  if (mode === 'input') return out;
  // Each resource with its timestamp read once (the comparator runs n log n times).
  const keyed = out.map((r) => ({ r, t: creationSeconds(r) }));
  const byString = profile.tieBreak === 'namespaced-name-string';
  keyed.sort((x, y) => {
    if (x.t !== y.t) return x.t < y.t ? -1 : 1;
    const a = x.r;
    const b = y.r;
    if (byString) return compareBytes(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`);
    return compareBytes(a.namespace, b.namespace) || compareBytes(a.name, b.name);
  });
  return keyed.map((k) => k.r);
}

/**
 * creationTimestamp in epoch seconds; absent or unparsable sorts first (Go's zero time).
 *
 * @param r - a resource
 * @returns seconds, or -Infinity
 * @example
 * creationSeconds(resource); // => 1735689600
 */
export function creationSeconds(r: Resource): number {
  const hit = SECONDS.get(r.object);
  if (hit !== undefined) return hit;
  const ts = r.object.metadata.creationTimestamp;
  let s = Number.NEGATIVE_INFINITY;
  if (typeof ts === 'string' && ts !== '') {
    const ms = Date.parse(ts);
    if (!Number.isNaN(ms)) s = Math.floor(ms / 1000);
  }
  SECONDS.set(r.object, s);
  return s;
}

/** Parsed timestamps per object (objects are never mutated). */
const SECONDS = new WeakMap<object, number>();
