/**
 * RFC 7386 JSON Merge Patch.
 *
 * @packageDocumentation
 */
import { jsonShapeProblem } from '../model/_internal/json-shape.js';
import { fail } from '../model/errors.js';
import type { JsonValue } from '../model/types.js';
import { applyMergePatch } from './_internal/rfc7386.js';

/**
 * Applies a JSON Merge Patch (RFC 7386) exactly: objects merge recursively, a `null` member
 * deletes, every other value (arrays included) replaces, and a non-object patch replaces the
 * whole target. This is what Envoy Gateway's `JSONMerge` does to two policies. Neither input is
 * mutated; the result shares no objects with them. Keys such as `__proto__` are kept as data.
 *
 * @param target - the document to patch (any JSON value)
 * @param patch - the merge patch (any JSON value)
 * @returns the patched document
 * @example
 * jsonMerge({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] });
 * // => { a: 1, b: { d: 3, e: 4 }, l: [3] }
 */
export function jsonMerge(target: unknown, patch: unknown): JsonValue {
  for (const [name, value] of [
    ['target', target],
    ['patch', patch],
  ] as const) {
    const problem = jsonShapeProblem(value, Number.POSITIVE_INFINITY);
    if (problem !== undefined) {
      fail(
        'GWP-API-BAD-ARGUMENT',
        `jsonMerge: the ${name} is not JSON data at ${problem.pointer || 'the top'}: ${problem.message}`,
      );
    }
  }
  return applyMergePatch(target, patch);
}
