/**
 * `statusOf`: the status Envoy Gateway would write for one policy, looked up by its reference
 * (`BackendTrafficPolicy/ns/name`), from a simulation or a resolution.
 *
 * @packageDocumentation
 */

import { malformedReference, unknownReference } from '../model/_internal/unknown-reference.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatRef, parseRef } from '../model/object-ref.js';
import { POLICY_KINDS, type PolicyKind } from '../model/types.js';
import type { Resolution } from '../precedence/resolution-types.js';
import { type PolicyAncestorStatus, policyAncestors } from './policy-status.js';

/** What {@link statusOf} returns. Plain data. */
export interface PolicyStatusLookup {
  /** The reference as looked up (`Kind/namespace/name`). */
  readonly policy: string;
  /** Whether the input holds that policy. */
  readonly found: boolean;
  /**
   * `status.ancestors` as Envoy Gateway would write it: null when the policy reached no ancestor,
   * was refused by admission, or is not in the input.
   */
  readonly ancestors: readonly PolicyAncestorStatus[] | null;
  /**
   * Empty when found; else `GWP-REF-UNKNOWN` (with the nearest existing policies) or
   * `GWP-REF-MALFORMED`.
   */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The status of one policy, by reference. Replays only that policy's status operations, so it
 * equals the policy's entry in `policyStatus(resolution)`.
 *
 * @param result - `simulate(...)` (or anything with its `resolution`), or a resolution
 * @param ref - `Kind/namespace/name` of a ClientTrafficPolicy, BackendTrafficPolicy,
 *   SecurityPolicy or EnvoyExtensionPolicy
 * @returns the policy's ancestors, or a diagnostic naming the nearest existing policies
 * @example
 * statusOf(simulate(text), 'BackendTrafficPolicy/shop/retries').ancestors?.[0]?.conditions[0]?.reason;
 * // => 'Accepted'
 */
export function statusOf(
  result: Resolution | { readonly resolution: Resolution },
  ref: string,
): PolicyStatusLookup {
  const resolution = 'resolution' in result ? result.resolution : result;
  const parsed = typeof ref === 'string' ? parseRef(ref) : null;
  if (parsed === null || parsed.section !== undefined || parsed.namespace === '') {
    return {
      policy: String(ref),
      found: false,
      ancestors: null,
      diagnostics: [malformedReference('statusOf', String(ref), 'PolicyKind/namespace/name')],
    };
  }
  const id = formatRef(parsed);
  const kind = parsed.kind as PolicyKind;
  const known = (POLICY_KINDS as readonly string[]).includes(kind)
    ? (resolution.topology.policies.get(kind) ?? []).some((p) => p.key === id)
    : false;
  if (!known) {
    const names = POLICY_KINDS.flatMap((k) => (resolution.topology.policies.get(k) ?? []).map((p) => p.key));
    return {
      policy: id,
      found: false,
      ancestors: null,
      diagnostics: [unknownReference('statusOf', id, names)],
    };
  }
  const ancestors = policyAncestors(resolution, kind, new Set([id])).get(id) ?? null;
  return { policy: id, found: true, ancestors, diagnostics: [] };
}
