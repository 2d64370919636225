/**
 * Kubernetes strategic merge patch, driven by a {@link MergeSchema}.
 *
 * @packageDocumentation
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonValue } from '../model/types.js';
import { notJsonDiagnostic } from './_internal/not-json.js';
import { SmpError, smpDiagnostic, strategicMergeTracked } from './_internal/smp.js';
import type { MergeSchema } from './merge-schema.js';

/** The outcome of {@link strategicMerge}: the merged document, or why the patch was refused. */
export type StrategicMergeResult =
  | { readonly ok: true; readonly merged: JsonValue; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly merged?: undefined; readonly diagnostics: readonly Diagnostic[] };

/**
 * Applies a Kubernetes strategic merge patch (apimachinery `StrategicMergePatch` semantics).
 * Objects merge recursively and a `null` member deletes. A list is replaced unless the schema
 * gives it `patchStrategy: 'merge'`: then objects merge by `patchMergeKey` (patch items first,
 * the parent's items where the parent's order allows, as apimachinery's `mergeSortedSlice`) and
 * primitives merge as a set. The directives `$patch: replace | delete` (in objects and keyed-list
 * elements), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`
 * work as in Kubernetes. With no schema every list is replaced. A non-object patch replaces the
 * whole document; a non-object original counts as `{}`. A patch the algorithm refuses (an
 * unknown directive, a missing merge key, mixed element types) gives `ok: false` and a
 * `GWP-MERGE-STRATEGIC-PATCH` diagnostic; an input nested deeper than the loader accepts (128
 * levels), with a cycle, or sharing objects beyond go-yaml's aliasing rule gives `ok: false`
 * and `GWP-MERGE-NOT-JSON`. It never throws. Inputs are not mutated.
 *
 * @param original - the document to patch
 * @param patch - the strategic merge patch
 * @param schema - which lists merge and by which key; omit for none
 * @returns `{ ok, merged, diagnostics }`
 * @example
 * strategicMerge(
 *   { up: [{ type: 'websocket' }] },
 *   { up: [{ type: 'spdy/3.1' }] },
 *   { fields: { up: { patchStrategy: 'merge', patchMergeKey: 'type' } } },
 * ).merged;
 * // => { up: [{ type: 'spdy/3.1' }, { type: 'websocket' }] }
 */
export function strategicMerge(
  original: unknown,
  patch: unknown,
  schema?: MergeSchema,
): StrategicMergeResult {
  const problems = [notJsonDiagnostic(original), notJsonDiagnostic(patch)].filter((d) => d !== undefined);
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  try {
    return { ok: true, merged: strategicMergeTracked(original, patch, schema).v, diagnostics: [] };
  } catch (e) {
    if (!(e instanceof SmpError)) throw e;
    return { ok: false, diagnostics: [smpDiagnostic(e)] };
  }
}
