/**
 * Provenance: which policy supplied each leaf of an effective spec.
 *
 * @packageDocumentation
 */
import { jsonShapeProblem } from '../model/_internal/json-shape.js';
import { fail } from '../model/errors.js';
import type { JsonValue } from '../model/types.js';
import { flattenProvenance, leaf } from './_internal/prov-tree.js';

/**
 * JSON pointer (RFC 6901, relative to the spec) of every leaf → the policy that supplied it.
 * Leaves are scalars, `null`, and empty arrays and objects (an empty `[]` or `{}` is a leaf with
 * its own pointer); array elements are addressed by index. A spec that is itself a leaf has the
 * pointer `''`.
 */
export type Provenance = Readonly<Record<string, string>>;

/**
 * The provenance of a spec that one policy supplied whole (a plain, non-merged effective spec):
 * every leaf maps to `source`.
 *
 * @param spec - the effective spec
 * @param source - the policy id, e.g. `default/route-policy`
 * @returns pointer → source for every leaf (any depth: no recursion)
 * @throws {@link GatewayPolicySimError} `GWP-API-BAD-ARGUMENT` when the spec is not JSON data: it
 *   holds a cycle, or objects referenced from so many places that its leaves would explode
 *   (go-yaml's excessive-aliasing rule)
 * @example
 * provenanceOf({ timeout: { http: { requestTimeout: '30s' } }, retry: {}, ports: [80, 443] }, 'ns/p');
 * // => { '/timeout/http/requestTimeout': 'ns/p', '/retry': 'ns/p', '/ports/0': 'ns/p', '/ports/1': 'ns/p' }
 */
export function provenanceOf(spec: unknown, source: string): Provenance {
  const problem = jsonShapeProblem(spec, Number.POSITIVE_INFINITY);
  if (problem !== undefined) {
    fail(
      'GWP-API-BAD-ARGUMENT',
      `provenanceOf: the spec is not JSON data at ${problem.pointer || 'the top'}: ${problem.message}`,
    );
  }
  return flattenProvenance(spec as JsonValue, leaf('parent'), { parent: source, patch: source });
}
